package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.demo.SourceTableWriter.Format;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/** Tables whose files are not the whole table are refused with their format named, before anything is written. */
class NonHiveTablesIntegrationTest extends SharedClustersTest {
  @Test
  void anIcebergTableIsRefusedWithWhatToUseInstead() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/foreign_ice";
    String metadata = dir + "/metadata/00001-aaaa.metadata.json";
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("foreign", "ice", List.of("id bigint"), List.of("dt string"), Format.PARQUET, dir,
          Map.of("table_type", "ICEBERG", "metadata_location", metadata));
    }
    HdfsFiles.write(clusters.sourceFs(), metadata, "{}");
    String before = clusters.state();

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - foreign.ice", ONE_EXECUTOR));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 3): source table foreign.ice is an Iceberg table (table_type=ICEBERG,"
        + " metadata_location=" + metadata + "); partsync copies Hive tables of plain files, and a copy of this"
        + " one's would not be a working replica, so replicate it with Iceberg's own tools (its snapshot or"
        + " register_table procedures, or a catalog-level copy that rewrites the absolute paths in its metadata)"
        + " and leave it out of 'tables'", run.err().strip());
    assertEquals(before, clusters.state(), "nothing written on either cluster");
  }

  @Test
  void aStorageHandlerTableIsRefusedWithTheHandlerNamed() throws Exception {
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.ensureDatabase("foreign");
      // As Hive defines an HBase table: no location, no formats of its own, the handler as a parameter.
      Table hbase = SourceTableWriter.define("foreign", "hbase_events", List.of("id bigint"), List.of(), Format.TEXT,
          null, Map.of("storage_handler", "org.apache.hadoop.hive.hbase.HBaseStorageHandler",
              "hbase.table.name", "events"));
      hbase.getSd().setInputFormat(null);
      hbase.getSd().setOutputFormat(null);
      writer.client().createTable(hbase);
    }
    String before = clusters.state();

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - foreign.hbase_events", ONE_EXECUTOR));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 3): source table foreign.hbase_events is a table of the HBase"
        + " storage handler (storage_handler=org.apache.hadoop.hive.hbase.HBaseStorageHandler); partsync copies"
        + " Hive tables of plain files, and a copy of this one's would not be a working replica, so replicate it"
        + " with HBase's own replication and leave it out of 'tables'",
        run.err().strip());
    assertEquals(before, clusters.state(), "nothing written on either cluster");
  }
}
