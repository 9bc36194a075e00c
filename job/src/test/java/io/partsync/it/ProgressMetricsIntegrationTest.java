package io.partsync.it;

import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.junit.jupiter.api.Test;

/**
 * The copy's counters travel from the executors' tasks through Spark's listener bus into the metrics
 * system, where a sink the user configured (here Spark's CSV sink) reports them.
 */
class ProgressMetricsIntegrationTest extends SharedClustersTest {
  @Test
  void aConfiguredSinkReportsTheRunsFigures() throws Exception {
    String dir = clusters.sourceTextTable("metrics", "events", 4);
    String yaml = clusters.config("tables:\n  - metrics.events", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());

    RunReport.TableReport copied = first.report().tables().get(0);
    assertEquals(copied.bytes(), metric("bytesWritten"));
    assertEquals(copied.files(), metric("filesCopied"));
    assertEquals(copied.partitionsCopied(), metric("partitionsCopied"));
    assertEquals(4, metric("partitionsPlanned"));
    assertEquals(copied.bytes(), metric("bytesPlanned"));
    assertEquals(0, metric("partitionsFailed"));
    assertEquals(0, metric("partitionsSkipped"));

    write(clusters.sourceFs(), dir + "/dt=3/000002_0", "33,appended\n");
    Clusters.Run second = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, second.code(), second.toString());
    RunReport.TableReport changed = second.report().tables().get(0);
    assertEquals(1, changed.partitionsCopied());
    assertEquals(1, metric("partitionsCopied"), "each run reports its own figures, not a running total");
    assertEquals(changed.bytes(), metric("bytesWritten"));
    assertEquals(3, metric("partitionsSkipped"));
  }

  /** Flushes every sink now (Spark does so when it stops) and reads the metric's last reported value. */
  private static long metric(String name) throws Exception {
    SparkEnv.get().metricsSystem().report();
    String appId = clusters.spark.sparkContext().applicationId();
    Path file = clusters.metricsDir.resolve(appId + ".driver.partsync.target." + name + ".csv");
    assertTrue(Files.exists(file), "the sink wrote " + file);
    List<String> lines = Files.readAllLines(file);
    String last = lines.get(lines.size() - 1);
    return Long.parseLong(last.substring(last.indexOf(',') + 1).trim());
  }
}
