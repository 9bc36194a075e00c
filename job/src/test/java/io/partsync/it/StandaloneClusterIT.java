package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.report.JsonFiles;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import io.partsync.report.RunStatus;
import io.partsync.standalone.StandaloneMaster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * partsync on a real Spark standalone cluster (a master and two one-core workers, each executor a JVM of its
 * own) through {@code ./submit.sh}: in client mode the copy runs in both executor JVMs, the target ends
 * byte-identical and registered, and a rerun copies nothing; in cluster deploy mode, where spark-submit exits 0
 * whatever the driver did, submit.sh exits with partsync's own code from the status file. Runs after
 * {@code package}, on the built jar.
 */
class StandaloneClusterIT extends SharedClustersTest {
  private static final Pattern APP_ID = Pattern.compile("app-\\d{14}-\\d{4}");
  private static final Pattern DRIVER_ID = Pattern.compile("driver-\\d{14}-\\d{4}");
  private static final String EXECUTORS_512M = "  count: 2\n  memory: 512m\n  buffer-fraction: 0.1";
  private static StandaloneSpark spark;

  @BeforeAll
  static void startSpark() throws Exception {
    spark = StandaloneSpark.start(Files.createDirectories(clusters.baseDir.resolve("standalone")));
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.close();
    }
  }

  @Test
  void aClientModeSyncCopiesInBothExecutorJvmsByteForByteAndARerunCopiesNothing() throws Exception {
    String dir = clusters.sourceTextTable("standalone", "events", 4);
    Path work = Files.createDirectories(clusters.baseDir.resolve("standalone-client"));
    Path report = work.resolve("report.json");
    Path status = work.resolve("status.json");
    Path config = Files.writeString(work.resolve("sync.yaml"), clusters.config("tables:\n  - standalone.events\n"
        + "report:\n  json: " + report + "\n  status: " + status, EXECUTORS_512M));
    // Both executors registered before the first task, so each runs a virtual executor's copy.
    List<String> clientMode = List.of("--master", spark.masterUrl(), "--total-executor-cores", "2",
        "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
        "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s", "--conf", "spark.ui.enabled=false");

    Submitted first = submit(config, work.resolve("first"), clientMode);

    assertEquals(0, first.exit(), first.stderr());
    List<Path> executorLogs = spark.executorLogs(first.find(APP_ID));
    assertEquals(StandaloneSpark.WORKERS, executorLogs.size(), "one executor on each worker: " + executorLogs);
    for (Path log : executorLogs) {
      assertTrue(Files.readString(log).contains("Running task"), "tasks ran in the executor of " + log);
    }
    assertTargetEqualsSource(dir, "standalone", "events", 4);
    RunReport firstReport = ReportWriter.fromJson(Files.readString(report));
    assertEquals(4, firstReport.tables().get(0).partitionsCopied());
    assertEquals(new RunStatus(RunStatus.VERSION, "success", 0, null, report.toString(), firstReport.runId(),
        RunStatus.fromJson(Files.readString(status)).finishedAt()), RunStatus.fromJson(Files.readString(status)));

    Submitted rerun = submit(config, work.resolve("rerun"), clientMode);

    assertEquals(0, rerun.exit(), rerun.stderr());
    RunReport again = ReportWriter.fromJson(Files.readString(report));
    assertEquals(0, again.tables().get(0).partitionsCopied(), again.toString());
    assertEquals(4, again.tables().get(0).partitionsUnchanged());
    assertEquals(0, again.totals().files());
    assertTargetEqualsSource(dir, "standalone", "events", 4);
  }

  @Test
  void inClusterDeployModeSubmitExitsWithPartsyncsCodeFromTheStatusFile() throws Exception {
    String dir = clusters.sourceTextTable("standalone", "cluster_events", 2);
    String refusedStatus = clusters.target.defaultFs() + "/ops/partsync/refused.status.json";
    String syncedStatus = clusters.target.defaultFs() + "/ops/partsync/synced.status.json";
    Path work = Files.createDirectories(clusters.baseDir.resolve("standalone-cluster"));
    Path refusedConfig = Files.writeString(work.resolve("refused.yaml"), clusters.config(
        "tables:\n  - standalone.no_such_table\nreport:\n  status: " + refusedStatus, EXECUTORS_512M));
    Path syncedConfig = Files.writeString(work.resolve("synced.yaml"), clusters.config(
        "tables:\n  - standalone.cluster_events\nreport:\n  status: " + syncedStatus, EXECUTORS_512M));
    List<String> clusterMode = List.of("--master", spark.masterUrl(), "--deploy-mode", "cluster",
        "--driver-memory", "1g", "--conf", "spark.ui.enabled=false");

    Submitted refused = submit(refusedConfig, work.resolve("refused"), clusterMode);

    assertEquals(ExitCode.REFUSED.code(), refused.exit(), refused.stderr());
    String refusedLine = refused.lastLine();
    assertTrue(refusedLine.startsWith("partsync: FAILED (exit 3): ") && refusedLine.contains("standalone.no_such_table"),
        refused.stderr());
    RunStatus status = RunStatus.fromJson(JsonFiles.read(refusedStatus).orElseThrow());
    assertEquals(List.of("refused", "3"), List.of(status.outcome(), Integer.toString(status.exitCode())));
    assertEquals(refusedLine, "partsync: FAILED (exit 3): " + status.reason());
    String driver = refused.find(DRIVER_ID);
    // A driver exiting non-zero is FAILED to Spark, whatever the code. The REST submission server and the web
    // UI's JSON page, which submit.sh falls back to, tell the same state.
    assertEquals(Optional.of("FAILED"), StandaloneMaster.of(spark.masterUrl(), spark.restPort, spark.webUiPort)
        .driverState(driver));
    assertEquals(Optional.of("FAILED"), StandaloneMaster.of(spark.masterUrl(), Ports.closed(), spark.webUiPort)
        .driverState(driver));

    Submitted synced = submit(syncedConfig, work.resolve("synced"), clusterMode);

    assertEquals(0, synced.exit(), synced.stderr());
    assertEquals("success", RunStatus.fromJson(JsonFiles.read(syncedStatus).orElseThrow()).outcome());
    assertTargetEqualsSource(dir, "standalone", "cluster_events", 2);
  }

  /** The target's registered partitions hold the source's files byte for byte, and Spark SQL reads the source's rows. */
  private static void assertTargetEqualsSource(String sourceDir, String database, String table, int partitions)
      throws Exception {
    Map<String, Partition> registered = clusters.targetPartitions(database, table);
    List<String> names = new ArrayList<>();
    for (int p = 1; p <= partitions; p++) {
      names.add("dt=" + p);
      String location = registered.get("dt=" + p).getSd().getLocation();
      for (FileStatus source : clusters.sourceFs().listStatus(new org.apache.hadoop.fs.Path(sourceDir + "/dt=" + p))) {
        String name = source.getPath().getName();
        assertArrayEquals(HdfsFiles.read(clusters.sourceFs(), source.getPath().toString()),
            HdfsFiles.read(clusters.targetFs(), location + "/" + name), database + "." + table + " dt=" + p + "/" + name);
      }
    }
    assertEquals(names, List.copyOf(registered.keySet()));
    assertEquals(clusters.sourceTextRows(sourceDir, partitions), clusters.targetTextRows(database + "." + table));
  }

  /** What one submit.sh run left: its exit code and stderr. */
  private record Submitted(int exit, String stderr) {
    String find(Pattern pattern) {
      Matcher matcher = pattern.matcher(stderr);
      assertTrue(matcher.find(), "no " + pattern + " in:\n" + stderr);
      return matcher.group();
    }

    String lastLine() {
      List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
      return lines.get(lines.size() - 1);
    }
  }

  private static Submitted submit(Path config, Path work, List<String> sparkOptions) throws Exception {
    Files.createDirectories(work);
    Process process = SubmitScript.start(config, work, spark.environment(), sparkOptions);
    assertTrue(process.waitFor(6, TimeUnit.MINUTES), "submit.sh ended; see " + work);
    return new Submitted(process.exitValue(), Files.readString(work.resolve("stderr")));
  }
}
