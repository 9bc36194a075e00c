package io.partsync.it;

import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.report.RunReport;
import io.partsync.run.RunOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/**
 * Schema changes and metadata-only changes on the source reach the replica: columns added and widened
 * before the partitions that have them are published, metadata altered without copying a file, and a
 * change the replica cannot take refused with nothing written.
 */
class SchemaEvolutionIntegrationTest extends SharedClustersTest {
  @Test
  void anAddedColumnAndAWidenedTypeReachTheTargetBeforeThePartitionThatHasThem() throws Exception {
    String dir = clusters.sourceTextTable("evo", "added", 2);
    String yaml = clusters.config("tables:\n  - evo.added", EXECUTORS);
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());

    try (SourceTableWriter source = clusters.sourceTables()) {
      Table table = source.table("evo", "added");
      table.getSd().setCols(List.of(new FieldSchema("id", "bigint", null), new FieldSchema("kind", "string", null),
          new FieldSchema("extra", "string", "added later")));
      source.client().alter_table("evo", "added", table);
      write(clusters.sourceFs(), dir + "/dt=3/000000_0", "30000000000,click,new\n");
      source.addPartition("evo", "added", List.of("3"), dir + "/dt=3", Map.of());
    }
    String before = clusters.state();
    Clusters.Run dry = clusters.run(yaml, new RunOptions(true, Optional.empty()));
    assertEquals(ExitCode.SUCCESS, dry.code(), dry.toString());
    assertEquals(Set.of("widen column id int to bigint", "add column extra string"),
        Set.copyOf(dry.plan().tables().get(0).metastore().schemaChanges()), dry.toString());
    assertTrue(dry.out().contains("add column extra string"), dry.out());
    assertEquals(before, clusters.state(), "a dry run applies nothing");

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    RunReport.TableReport report = run.report().tables().get(0);
    assertTrue(report.tableMetadataUpdated(), run.toString());
    assertEquals(1, report.partitionsAdded());
    assertEquals(0, report.partitionsMetadataUpdated(), "the old partitions keep their own columns");
    assertEquals(List.of("[1,10,click,null]", "[3,30000000000,click,new]"), clusters.queryAfterRefresh(
        "evo.added", "SELECT dt, id, kind, extra FROM evo.added WHERE id IN (10, 30000000000) ORDER BY dt"));
    assertEquals(List.of("id bigint", "kind string", "extra string"), columns(clusters.spark.sql(
        "SELECT * FROM evo.added").schema().fields()).subList(0, 3));
    Map<String, Partition> partitions = clusters.targetPartitions("evo", "added");
    assertEquals("int", partitions.get("dt=1").getSd().getCols().get(0).getType(), "no cascade to old partitions");
    assertEquals(3, partitions.get("dt=3").getSd().getCols().size());

    Clusters.Run again = clusters.run(yaml);
    assertFalse(again.report().tables().get(0).tableMetadataUpdated(), again.toString());
  }

  @Test
  void aColumnDroppedFromATextTableIsRefusedWithNothingWritten() throws Exception {
    clusters.sourceTextTable("evo", "dropped", 1);
    String yaml = clusters.config("tables:\n  - evo.dropped", EXECUTORS);
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    try (SourceTableWriter source = clusters.sourceTables()) {
      Table table = source.table("evo", "dropped");
      table.getSd().setCols(List.of(new FieldSchema("id", "int", null)));
      source.client().alter_table("evo", "dropped", table);
    }
    String before = clusters.state();

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 3): target table evo.dropped has column 2 'kind string' that the source"
        + " no longer has (org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe reads columns by position); it cannot"
        + " take the schema of evo.dropped. Give it a new 'target' table in the config (its first run copies every"
        + " partition), or drop the target table to have partsync recreate it", run.err().strip());
    assertEquals(before, clusters.state(), "nothing written to either cluster or metastore");
  }

  @Test
  void aMetadataOnlyChangeIsAppliedWithoutCopyingAndThenLeftAlone() throws Exception {
    clusters.sourceTextTable("evo", "meta", 3);
    String yaml = clusters.config("tables:\n  - evo.meta", EXECUTORS);
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    String firstLocation = clusters.targetPartitions("evo", "meta").get("dt=1").getSd().getLocation();

    try (SourceTableWriter source = clusters.sourceTables()) {
      Partition p1 = source.client().getPartition("evo", "meta", List.of("1"));
      p1.getParameters().put("owner.team", "billing");
      source.client().alter_partition("evo", "meta", p1);
      Partition p2 = source.client().getPartition("evo", "meta", List.of("2"));
      p2.getParameters().put("numRows", "3");
      source.client().alter_partition("evo", "meta", p2);
      Table table = source.table("evo", "meta");
      table.getSd().getSerdeInfo().getParameters().put("serialization.null.format", "NULL");
      // The table's own statistics, as ANALYZE TABLE leaves them: they describe the files of all its partitions.
      table.getParameters().putAll(Map.of("numRows", "9", "rawDataSize", "90", "numFiles", "6", "totalSize", "69"));
      source.client().alter_table_with_environmentContext("evo", "meta", table,
          new EnvironmentContext(Map.of("DO_NOT_UPDATE_STATS", "true")));
    }
    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    RunReport.TableReport report = run.report().tables().get(0);
    assertEquals(0, report.partitionsCopied());
    assertEquals(0, report.bytes());
    assertEquals(2, report.partitionsMetadataUpdated(), run.toString());
    assertTrue(report.tableMetadataUpdated());
    assertTrue(run.out().contains("metadata updated from the source: the table, 2 partition(s)"), run.out());
    clusters.spark.sql("REFRESH TABLE evo.meta");
    assertTrue(describe("DESCRIBE FORMATTED evo.meta", "Storage Properties").contains("serialization.null.format=NULL"));
    assertTrue(describe("DESCRIBE FORMATTED evo.meta PARTITION (dt='1')", "Partition Parameters")
        .contains("owner.team=billing"));
    assertTrue(describe("DESCRIBE FORMATTED evo.meta PARTITION (dt='2')", "Partition Parameters")
        .contains("numRows=3"));
    Map<String, Partition> partitions = clusters.targetPartitions("evo", "meta");
    assertEquals(firstLocation, partitions.get("dt=1").getSd().getLocation(), "its files stay where they were");
    assertTrue(describe("DESCRIBE TABLE EXTENDED evo.meta", "Statistics").contains("69 bytes, 9 rows"),
        describe("DESCRIBE TABLE EXTENDED evo.meta", "Statistics"));

    Table tableBefore;
    try (SourceTableWriter target = clusters.targetTables()) {
      tableBefore = target.table("evo", "meta");
    }
    Clusters.Run idle = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, idle.code(), idle.toString());
    assertEquals(0, idle.report().tables().get(0).partitionsMetadataUpdated());
    assertFalse(idle.report().tables().get(0).tableMetadataUpdated());
    assertEquals(partitions, clusters.targetPartitions("evo", "meta"), "partitions untouched, DDL times included");
    try (SourceTableWriter target = clusters.targetTables()) {
      assertEquals(tableBefore, target.table("evo", "meta"), "table untouched");
    }
  }

  private static List<String> columns(org.apache.spark.sql.types.StructField[] fields) {
    return java.util.Arrays.stream(fields).map(f -> f.name() + " " + f.dataType().simpleString()).toList();
  }

  /** The value of one row of a DESCRIBE FORMATTED. */
  private static String describe(String sql, String row) {
    return clusters.spark.sql(sql).collectAsList().stream().filter(r -> r.getString(0).trim().equals(row))
        .map(r -> r.getString(1)).findFirst().orElseThrow(() -> new AssertionError(row + " not in " + sql));
  }
}
