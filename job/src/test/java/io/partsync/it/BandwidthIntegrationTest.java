package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sync under a bandwidth cap between two real clusters: the data arrives whole, and the report says
 * the cap and that the executors waited for it. How long they waited depends on the machine, so only that
 * they did is checked.
 */
class BandwidthIntegrationTest extends SharedClustersTest {
  private static final long MB = 1L << 20;
  private static final int PARTITIONS = 4;
  private static final int ROWS = 60_000;

  @Test
  void aCappedSyncCopiesEveryRowAndReportsTheCapAndTheWaits() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/bw_events";
    List<String> expected = new ArrayList<>();
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("bw", "events", List.of("id int", "kind string"), List.of("dt string"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      for (int p = 1; p <= PARTITIONS; p++) {
        // About 0.8 MB a partition, so each executor reads more than its burst (one 1 MiB buffer).
        StringBuilder rows = new StringBuilder();
        long sum = 0;
        for (int i = 0; i < ROWS; i++) {
          rows.append(i).append(",kind-").append(i % 7).append('\n');
          sum += i;
        }
        HdfsFiles.write(clusters.sourceFs(), dir + "/dt=" + p + "/000000_0", rows.toString());
        writer.addPartition("bw", "events", List.of(Integer.toString(p)), dir + "/dt=" + p, Map.of());
        expected.add("[" + p + "," + ROWS + "," + sum + "]");
      }
    }

    // Two executors: per-run 1 MB/s gives each 0.5, below per-executor 2; each reads 1.5 MB, a second's wait.
    Clusters.Run run = clusters.run(clusters.config(
        "tables:\n  - bw.events\nbandwidth:\n  per-executor: 2\n  per-run: 1", EXECUTORS));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(expected, clusters.queryAfterRefresh("bw.events",
        "SELECT dt, count(*), sum(id) FROM bw.events GROUP BY dt ORDER BY dt"));
    RunReport report = run.report();
    RunReport.Bandwidth cap = report.bandwidth();
    assertEquals(List.of(2 * MB, MB, MB / 2), List.of(cap.perExecutorBytesPerSecond(),
        cap.perRunBytesPerSecond(), cap.effectivePerExecutorBytesPerSecond()), cap.toString());
    assertEquals(2, report.executors().size());
    for (RunReport.ExecutorReport executor : report.executors()) {
      assertTrue(executor.throttledMillis() > 0, executor.toString());
    }
    assertEquals(report.executors().stream().mapToLong(RunReport.ExecutorReport::throttledMillis).sum(),
        cap.throttledMillis());
    assertTrue(run.out().contains("bandwidth cap: 512.0 KiB/s per executor"), run.out());
  }

  @Test
  void aRunWithoutACapReportsNone() throws Exception {
    clusters.sourceTextTable("bw", "uncapped", 1);

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - bw.uncapped", ONE_EXECUTOR));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(null, run.report().bandwidth());
    assertEquals(0, run.report().executors().get(0).throttledMillis());
  }

  @Test
  void aBadCapIsOneLineNamingTheKeyAndNothingIsWritten() throws Exception {
    clusters.sourceTextTable("bw", "refused", 1);
    String before = clusters.state();
    for (String[] bad : List.of(new String[] {"per-executor: 0", "bandwidth.per-executor"},
        new String[] {"per-run: -4", "bandwidth.per-run"}, new String[] {"per-run: fast", "bandwidth.per-run"},
        new String[] {"per-stream: 1", "bandwidth.per-stream"})) {
      Path config = Files.writeString(Files.createTempFile(clusters.baseDir, "bw", ".yaml"), clusters.config(
          "tables:\n  - bw.refused\nbandwidth:\n  " + bad[0], ONE_EXECUTOR));

      ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(config));

      assertTrue(error.getMessage().startsWith("config error: '" + bad[1] + "' "), error.getMessage());
      assertTrue(!error.getMessage().contains("\n"), "one line: " + error.getMessage());
    }
    assertEquals(before, clusters.state(), "refused before the run: nothing written anywhere");
  }
}
