package io.partsync.it;

import static io.partsync.it.HdfsFiles.allFileNames;
import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.demo.SourceTableWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/** Every bad input the foundation names: a clear error, and nothing written to the target. */
class BadInputIntegrationTest extends SharedClustersTest {
  @Test
  void aMissingSourceTableIsRefused() throws Exception {
    Clusters.Run run = clusters.run(clusters.config("tables:\n  - bad.nothing", ONE_EXECUTOR));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 3): source table bad.nothing does not exist in the source metastore "
        + clusters.source.metastoreUri() + "; check 'tables' in the config", run.err().strip());
    assertTargetTableAbsent("bad", "nothing");
  }

  @Test
  void aViewOverATableTheRunDoesNotReplicateIsRefusedUnderViewsRefuse() throws Exception {
    clusters.sourceTextTable("bad", "unsynced", 1);
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.ensureDatabase("bad");
      Table view = new Table();
      view.setDbName("bad");
      view.setTableName("sales_view");
      view.setTableType("VIRTUAL_VIEW");
      view.setViewOriginalText("select id from bad.unsynced");
      view.setViewExpandedText("select `unsynced`.`id` from `bad`.`unsynced`");
      view.setPartitionKeys(List.of());
      StorageDescriptor sd = new StorageDescriptor();
      sd.setCols(List.of(new FieldSchema("id", "bigint", null)));
      sd.setSerdeInfo(new org.apache.hadoop.hive.metastore.api.SerDeInfo());
      view.setSd(sd);
      writer.client().createTable(view);
    }

    Clusters.Run run = clusters.run(clusters.config("views: refuse\ntables:\n  - bad.sales_view", ONE_EXECUTOR));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertTrue(run.err().contains("view bad.sales_view reads bad.unsynced, which this run does not replicate, and"
        + " 'views: refuse' refuses it"), run.err());
    assertTargetTableAbsent("bad", "sales_view");
  }

  @Test
  void aTransactionalTableIsRefused() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/bad_acid";
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.ensureDatabase("bad");
      Table acid = SourceTableWriter.define("bad", "acid", List.of("id bigint"), List.of("dt string"), Format.ORC,
          dir, Map.of("transactional", "true"));
      acid.setTableType("MANAGED_TABLE");
      acid.getParameters().remove("EXTERNAL");
      acid.getSd().setNumBuckets(1);
      acid.getSd().setBucketCols(List.of("id"));
      writer.client().createTable(acid);
      write(clusters.sourceFs(), dir + "/dt=1/delta_0000001_0000001/bucket_00000", "1\n");
      writer.addPartition("bad", "acid", List.of("1"), dir + "/dt=1", Map.of());
    }

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - bad.acid", ONE_EXECUTOR));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertTrue(run.err().contains("source table bad.acid is a transactional (ACID) table"), run.err());
    assertTargetTableAbsent("bad", "acid");
  }

  @Test
  void anIncompatibleTargetIsRefusedBeforeAnyByteIsWritten() throws Exception {
    String sourceDir = clusters.source.defaultFs() + "/data/bad_orders";
    String targetDir = clusters.target.defaultFs() + "/data/bad_orders";
    try (SourceTableWriter source = clusters.sourceTables(); SourceTableWriter target = clusters.targetTables()) {
      source.createTable("bad", "orders", List.of("id bigint", "amount double"), List.of("dt string"),
          Format.TEXT, sourceDir, Map.of());
      write(clusters.sourceFs(), sourceDir + "/dt=1/000000_0", "1,2.5\n");
      source.addPartition("bad", "orders", List.of("1"), sourceDir + "/dt=1", Map.of());
      target.createTable("bad", "orders", List.of("id bigint", "amount string"), List.of("dt string"),
          Format.TEXT, targetDir, Map.of());
    }
    clusters.targetFs().mkdirs(new Path(targetDir));

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - bad.orders", ONE_EXECUTOR));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 3): target table bad.orders has column 'amount string' where the"
        + " source has 'amount double', a type change the files already published would not read under; it"
        + " cannot take the schema of bad.orders. Give it a new 'target' table in the config (its first run"
        + " copies every partition), or drop the target table to have partsync recreate it", run.err().strip());
    assertEquals(List.of(), allFileNames(clusters.targetFs(), targetDir), "nothing written to the target");
    try (SourceTableWriter target = clusters.targetTables()) {
      assertEquals(List.of(), target.client().listPartitionNames("bad", "orders", (short) -1));
    }
  }

  @Test
  void anUnreachableMetastoreFailsWithinABoundedTime() throws Exception {
    String uri = "thrift://127.0.0.1:" + Ports.closed();
    String yaml = clusters.config("tables:\n  - bad.anything\nmetastore:\n  attempts: 2\n  timeout: 5s",
        ONE_EXECUTOR).replace(clusters.target.metastoreUri(), uri);

    Clusters.Run run = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> clusters.run(yaml));

    assertEquals(ExitCode.UNREACHABLE, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 4): cannot reach the target metastore at " + uri + " (connect, 2 attempts):"
        + " connection refused; check 'target.metastore-uris' and that the metastore is running", run.err().strip());
    assertEquals(1, run.err().strip().lines().count(), "the reason is one line: " + run.err());
  }

  @Test
  void partitionValuesThatLookLikePathsStayInsideTheTable() throws Exception {
    String sourceDir = clusters.source.defaultFs() + "/data/odd_values";
    List<String> values = List.of("..", "../../outside", "/etc", "a b:c");
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("odd", "paths", List.of("id int"), List.of("p string"), Format.TEXT, sourceDir, Map.of());
      for (int i = 0; i < values.size(); i++) {
        write(clusters.sourceFs(), sourceDir + "/v" + i + "/000000_0", i + "\n");
        writer.addPartition("odd", "paths", List.of(values.get(i)), sourceDir + "/v" + i, Map.of());
      }
    }
    String tableLocation = clusters.target.defaultFs() + "/replica/odd/paths";

    Clusters.Run run = clusters.run(clusters.config(
        "tables:\n  - source: odd.paths\n    location: /replica/odd/paths", "  count: 2\n  memory: 16m"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    FileStatus[] besideTheTable = clusters.targetFs().listStatus(new Path(clusters.target.defaultFs() + "/replica/odd"));
    assertEquals(1, besideTheTable.length, "only the table directory under its parent");
    String runDir = "/partsync-" + run.report().runId();
    assertEquals(List.of(runDir + "/p=%2Fetc/000000_0", runDir + "/p=..%2F..%2Foutside/000000_0",
        runDir + "/p=../000000_0", runDir + "/p=a b%3Ac/000000_0"), allFileNames(clusters.targetFs(), tableLocation));
    List<String> rows = clusters.queryAfterRefresh("odd.paths", "SELECT p, id FROM odd.paths ORDER BY id");
    assertEquals(List.of("[..,0]", "[../../outside,1]", "[/etc,2]", "[a b:c,3]"), rows);
    assertFalse(clusters.targetFs().exists(new Path(clusters.target.defaultFs() + "/outside")));
  }

  private static void assertTargetTableAbsent(String database, String table) throws Exception {
    try (SourceTableWriter target = clusters.targetTables()) {
      boolean exists = target.client().getAllDatabases().contains(database)
          && target.client().tableExists(database, table);
      assertFalse(exists, "target table " + database + "." + table + " was created");
    }
  }
}
