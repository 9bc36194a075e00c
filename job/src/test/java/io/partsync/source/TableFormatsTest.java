package io.partsync.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.metastore.Column;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Storage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableFormatsTest {
  private static final String PARQUET_INPUT = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat";

  @Test
  void anIcebergTableIsRecognisedByItsTableTypeOrMetadataLocation() {
    assertEquals("an Iceberg table", format(Map.of("table_type", "ICEBERG")));
    assertEquals("an Iceberg table", format(Map.of("metadata_location", "hdfs://src/w/t/metadata/1.json")));
    assertEquals("an Iceberg table", format(Map.of("storage_handler",
        "org.apache.iceberg.mr.hive.HiveIcebergStorageHandler")));
    assertEquals("an Iceberg table", format(Map.of("spark.sql.sources.provider", "iceberg")));
  }

  @Test
  void theEvidenceNamesEveryMarkFound() {
    HiveTable table = table(Map.of("table_type", "ICEBERG", "metadata_location", "/w/t/metadata/1.json"), PARQUET_INPUT);

    assertEquals("table_type=ICEBERG, metadata_location=/w/t/metadata/1.json",
        TableFormats.foreign(table).orElseThrow().evidence());
  }

  @Test
  void deltaAndHudiAreRecognisedByTheirProviderOrInputFormat() {
    assertEquals("a Delta table", format(Map.of("spark.sql.sources.provider", "DELTA")));
    assertEquals("a Hudi table", format(Map.of("spark.sql.sources.provider", "hudi")));
    TableFormats.Foreign hudi = TableFormats.foreign(table(Map.of(),
        "org.apache.hudi.hadoop.HoodieParquetInputFormat")).orElseThrow();
    assertEquals("input format org.apache.hudi.hadoop.HoodieParquetInputFormat", hudi.evidence());
    assertTrue(hudi.instead().contains("HoodieSnapshotExporter"), hudi.instead());
  }

  @Test
  void aStorageHandlerIsNamed() {
    assertEquals("a table of the HBase storage handler",
        format(Map.of("storage_handler", "org.apache.hadoop.hive.hbase.HBaseStorageHandler")));
    assertEquals("a table of the Kafka storage handler",
        format(Map.of("storage_handler", "org.apache.hadoop.hive.kafka.KafkaStorageHandler")));
  }

  @Test
  void sparkTablesOfPlainFilesAreHiveTablesToPartsync() {
    for (String provider : List.of("parquet", "ORC", "csv", "json", "text", "avro",
        "org.apache.spark.sql.parquet", "org.apache.spark.sql.execution.datasources.orc.OrcFileFormat")) {
      assertEquals(Optional.empty(), TableFormats.foreign(table(Map.of("spark.sql.sources.provider", provider),
          PARQUET_INPUT)), provider);
    }
    assertEquals(Optional.empty(), TableFormats.foreign(table(Map.of("EXTERNAL", "TRUE"), PARQUET_INPUT)));
  }

  @Test
  void aSparkDataSourceThatIsNotFilesIsRefused() {
    assertEquals("a Spark data source table that is not files ('jdbc')",
        format(Map.of("spark.sql.sources.provider", "jdbc")));
  }

  private static String format(Map<String, String> parameters) {
    return TableFormats.foreign(table(parameters, PARQUET_INPUT)).orElseThrow().format();
  }

  private static HiveTable table(Map<String, String> parameters, String inputFormat) {
    Storage storage = new Storage(inputFormat, null, null, Map.of(), false, -1, List.of(), List.of(), false, Map.of());
    return new HiveTable("db", "t", "etl", "EXTERNAL_TABLE", "hdfs://src/w/db.db/t",
        List.of(new Column("id", "int", null)), List.of(new Column("dt", "string", null)), storage, parameters, null, null);
  }
}
