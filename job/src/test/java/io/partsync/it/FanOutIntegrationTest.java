package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.embedded.EmbeddedCluster;
import io.partsync.report.RunReport;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One run, two target clusters: the shared fixture's target and a second cluster (its own HDFS and
 * metastore) started for this class. Source data files are counted as they are opened.
 */
class FanOutIntegrationTest extends SharedClustersTest {
  private static EmbeddedCluster second;

  @BeforeAll
  static void start() throws Exception {
    second = EmbeddedCluster.start("second", clusters.baseDir);
  }

  @BeforeEach
  void forgetOpens() {
    CountingHdfs.OPENED.clear();
  }

  @Test
  void oneRunFillsBothTargetsReadingEachSourceFileOnce() throws Exception {
    String dir = clusters.sourceTextTable("fan", "events", 3);

    Clusters.Run run = clusters.run(config("fan.events", second.metastoreUri(), "continue"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("/data/fan_events/dt=1/000000_0", "/data/fan_events/dt=1/000001_0",
        "/data/fan_events/dt=2/000000_0", "/data/fan_events/dt=2/000001_0", "/data/fan_events/dt=3/000000_0",
        "/data/fan_events/dt=3/000001_0"), CountingHdfs.openedUnder(dir),
        "each source file opened once for both targets");
    assertEquals(3, run.report().executors().stream().mapToLong(e -> e.partitions().size()).sum(),
        "each partition planned once, not once per target");
    List<String> expected = clusters.sourceTextRows(dir, 3);
    assertEquals(expected, clusters.targetTextRows("fan.events"));
    assertEquals(expected, secondRows("fan.events"));
    assertEquals(List.of("first:SUCCEEDED:3:0", "second:SUCCEEDED:3:0"), targets(run.report()));

    // Both current: a second run copies nothing anywhere.
    CountingHdfs.OPENED.clear();
    Clusters.Run idle = clusters.run(config("fan.events", second.metastoreUri(), "continue"));
    assertEquals(ExitCode.SUCCESS, idle.code(), idle.toString());
    assertEquals(List.of("first:SUCCEEDED:0:0", "second:SUCCEEDED:0:0"), targets(idle.report()));
    assertEquals(List.of(), CountingHdfs.openedUnder(dir));
  }

  @Test
  void aTargetThatIsDownDoesNotStopTheOtherAndARerunCatchesItUp() throws Exception {
    String dir = clusters.sourceTextTable("fan", "down", 2);

    Clusters.Run run = clusters.run(config("fan.down", "thrift://127.0.0.1:" + Ports.closed(), "continue"));

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    RunReport.TargetReport down = run.report().targets().stream().filter(t -> t.name().equals("second"))
        .findFirst().orElseThrow();
    assertEquals("FAILED", down.status());
    assertTrue(down.error().contains("cannot reach the targets[1] metastore"), down.error());
    assertNull(down.lagSeconds());
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("fan.down"));

    Clusters.Run rerun = clusters.run(config("fan.down", second.metastoreUri(), "continue"));

    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertEquals(List.of("first:SUCCEEDED:0:0", "second:SUCCEEDED:2:0"), targets(rerun.report()),
        "the re-run copies just what the second target lacks");
    assertEquals(clusters.sourceTextRows(dir, 2), secondRows("fan.down"));
  }

  @Test
  void withAbortAFailingTargetStopsTheRunBeforeAnyTargetPublishes() throws Exception {
    clusters.sourceTextTable("fan", "aborted", 2);

    Clusters.Run run = clusters.run(config("fan.aborted", "thrift://127.0.0.1:" + Ports.closed(), "abort"));

    assertEquals(ExitCode.UNREACHABLE, run.code(), run.toString());
    assertTrue(!clusters.spark.catalog().tableExists("fan.aborted"), "nothing created on the first target");
  }

  @Test
  void aTargetFailingDuringTheCopyFailsAloneAndReportsItsLag() throws Exception {
    String dir = clusters.sourceTextTable("fan", "midway", 2);
    // The source files last changed an hour ago (the newest one 3,600 s before 'changed').
    long changed = System.currentTimeMillis() - 3_600_000;
    for (var partition : clusters.sourceFs().listStatus(new org.apache.hadoop.fs.Path(dir))) {
      for (var file : clusters.sourceFs().listStatus(partition.getPath())) {
        clusters.sourceFs().setTimes(file.getPath(), changed - (file.getPath().getName().endsWith("1_0") ? 60_000 : 0),
            -1);
      }
    }
    String failing = config("fan.midway", second.metastoreUri(), "continue").replace(
        "  - name: second\n", "  - name: second\n    properties:\n      fs.hdfs.impl: " + FailingHdfs.class.getName()
            + "\n");

    Clusters.Run run = clusters.run(failing);

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("fan.midway"));
    RunReport.TargetReport second = run.report().targets().stream().filter(t -> t.name().equals("second"))
        .findFirst().orElseThrow();
    assertEquals("FAILED", second.status());
    assertEquals(2, second.partitionsFailed());
    // It lacks both partitions: its lag is the age of their newest file.
    long newestAge = (System.currentTimeMillis() - changed) / 1000;
    assertTrue(second.lagSeconds() != null && second.lagSeconds() >= 3_600 && second.lagSeconds() <= newestAge,
        second + ", the newest change is " + newestAge + " s old");
    RunReport.TargetReport first = run.report().targets().stream().filter(t -> t.name().equals("first"))
        .findFirst().orElseThrow();
    assertEquals(0L, first.lagSeconds(), "the first target lacks nothing");
    assertEquals(List.of(), secondRows("fan.midway"), "no partition of the second target published");

    Clusters.Run rerun = clusters.run(config("fan.midway", FanOutIntegrationTest.second.metastoreUri(), "continue"));
    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertEquals(List.of("first:SUCCEEDED:0:0", "second:SUCCEEDED:2:0"), targets(rerun.report()));
    assertEquals(clusters.sourceTextRows(dir, 2), secondRows("fan.midway"));
  }

  @Test
  void anUnpartitionedTableGoesToBothTargetsEachAtAVersionOfItsOwnReadOnce() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/fan_whole";
    HdfsFiles.write(clusters.sourceFs(), dir + "/000000_0", "1,one\n2,two\n");
    HdfsFiles.write(clusters.sourceFs(), dir + "/000001_0", "3,three\n");
    try (io.partsync.demo.SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("fan", "whole", List.of("id int", "kind string"), List.of(),
          io.partsync.demo.SourceTableWriter.Format.TEXT, dir, java.util.Map.of());
    }

    Clusters.Run run = clusters.run(config("fan.whole", second.metastoreUri(), "continue"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("/data/fan_whole/000000_0", "/data/fan_whole/000001_0"), CountingHdfs.openedUnder(dir),
        "each source file opened once for both targets");
    assertEquals(List.of("first:SUCCEEDED:1:0", "second:SUCCEEDED:1:0"), targets(run.report()));
    List<String> expected = List.of("1|one", "2|two", "3|three");
    clusters.spark.sql("REFRESH TABLE fan.whole");
    assertEquals(expected, clusters.spark.sql("SELECT id, kind FROM fan.whole").collectAsList().stream()
        .map(r -> r.getInt(0) + "|" + r.getString(1)).sorted().toList());
    assertEquals(expected, SparkSqlProbe.query(second, "SELECT id, kind FROM fan.whole").get(0).stream().sorted()
        .toList());
    for (RunReport.TableReport table : run.report().tables()) {
      assertEquals(table.targetLocation() + "/partsync-" + run.report().runId() + "/data",
          location(table.targetCluster().equals("first") ? clusters.target.metastoreUri() : second.metastoreUri()));
    }

    CountingHdfs.OPENED.clear();
    Clusters.Run idle = clusters.run(config("fan.whole", second.metastoreUri(), "continue"));
    assertEquals(ExitCode.SUCCESS, idle.code(), idle.toString());
    assertEquals(List.of("first:SUCCEEDED:0:0", "second:SUCCEEDED:0:0"), targets(idle.report()));
    assertEquals(List.of(), CountingHdfs.openedUnder(dir));
  }

  /** The location of fan.whole in a target metastore, as a plain Thrift client reads it. */
  private static String location(String metastoreUri) throws Exception {
    try (io.partsync.demo.SourceTableWriter reader = new io.partsync.demo.SourceTableWriter(metastoreUri)) {
      return reader.table("fan", "whole").getSd().getLocation();
    }
  }

  private static String config(String table, String secondMetastore, String onFailure) {
    String targets = String.join("\n",
        "targets:",
        "  - name: first",
        "    default-fs: " + clusters.target.defaultFs(),
        "    metastore-uris: " + clusters.target.metastoreUri(),
        "  - name: second",
        "    default-fs: " + second.defaultFs(),
        "    metastore-uris: " + secondMetastore,
        "on-target-failure: " + onFailure,
        "metastore:",
        "  attempts: 1",
        "");
    return CountingHdfs.sourceSection(clusters.source) + targets + "executors:\n" + EXECUTORS + "\ntables:\n  - "
        + table + "\n";
  }

  private static List<String> targets(RunReport report) {
    return report.targets().stream().map(t -> t.name() + ":" + t.status() + ":" + t.partitionsCopied() + ":"
        + t.partitionsFailed()).sorted().toList();
  }

  /** Rows of a table on the second target as "dt|id,kind", through Spark SQL via its own metastore. */
  private static List<String> secondRows(String table) throws Exception {
    List<List<String>> results = SparkSqlProbe.query(second, "SHOW TABLES IN " + table.split("\\.")[0],
        "SELECT dt, id, kind FROM " + table);
    if (results.get(0).stream().noneMatch(r -> r.contains("|" + table.split("\\.")[1] + "|"))) {
      return List.of();
    }
    return results.get(1).stream().map(r -> {
      String[] parts = r.split("\\|");
      return parts[0] + "|" + parts[1] + "," + parts[2];
    }).sorted().toList();
  }
}
