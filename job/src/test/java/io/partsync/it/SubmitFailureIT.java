package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.report.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a user's terminal shows when a real {@code ./submit.sh} run fails: the exit code of the failure's
 * kind and one {@code partsync: FAILED} line, with no stack trace anywhere on stderr. Runs after
 * {@code package}, on the built jar.
 */
class SubmitFailureIT extends SharedClustersTest {
  @BeforeAll
  static void start() throws Exception {
    clusters.sourceTextTable("subfail", "events", 1);
  }

  @Test
  void anUnreachableTargetIsOneLineAndExit4WithNoStackTraceOnTheTerminal() throws Exception {
    String down = "hdfs://127.0.0.1:" + Ports.closed();
    Path status = clusters.baseDir.resolve("submit-unreachable").resolve("status.json");
    String yaml = clusters.withTargetDefaultFs(clusters.config("connect-timeout: 2s\ntables:\n  - subfail.events"
        + "\nreport:\n  status: " + status, ONE_EXECUTOR), down);
    String before = clusters.state();

    Submitted run = submit("unreachable", yaml);

    assertEquals(ExitCode.UNREACHABLE.code(), run.exit(), run.stderr());
    assertEquals(List.of("partsync: FAILED (exit 4): cannot reach the target file system " + down
        + ": connection refused; check 'target.default-fs' and that its name node is running"), run.failedLines());
    assertEquals(List.of(), run.stackFrames(), "no stack trace on the terminal");
    assertEquals(before, clusters.state());
    RunStatus written = RunStatus.fromJson(Files.readString(status));
    assertEquals(List.of("unreachable", "4"), List.of(written.outcome(), Integer.toString(written.exitCode())));
    assertTrue(written.runId() != null && written.report() == null, written.toString());
  }

  @Test
  void aConfigErrorIsOneLineAndExit2BeforeSparkStarts() throws Exception {
    String yaml = clusters.config("tables:\n  - subfail.events", "  count: 1\n  memroy: 16m");

    Submitted run = submit("config", yaml);

    assertEquals(ExitCode.CONFIG_ERROR.code(), run.exit(), run.stderr());
    assertEquals(List.of("partsync: FAILED (exit 2): config error: 'executors.memroy' is not a known key; known keys"
        + " here: count, memory, cores, streams, buffer-fraction, wave-partitions, tasks, cost (sync.yaml line 13)"),
        run.failedLines());
    assertEquals(List.of(), run.stackFrames());
  }

  @Test
  void moreCoresPerExecutorThanLocalModeHasIsOneLineAndExit2() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    Path status = clusters.baseDir.resolve("submit-cores").resolve("status.json");
    String yaml = clusters.config("tables:\n  - subfail.events\nreport:\n  status: " + status,
        ONE_EXECUTOR + "\n  cores: " + (cores + 1));
    String before = clusters.state();

    Submitted run = submit("cores", yaml);

    assertEquals(ExitCode.CONFIG_ERROR.code(), run.exit(), run.stderr());
    assertEquals(List.of("partsync: FAILED (exit 2): config error: 'executors.cores' asks for " + (cores + 1)
        + " cores per virtual executor, but Spark runs in local mode with " + cores + " (master local[*]); set"
        + " 'executors.cores' to at most " + cores), run.failedLines());
    assertEquals(List.of(), run.stackFrames());
    assertEquals(before, clusters.state());
    // Found after the config was loaded, so the status file tells it, as it tells every later failure.
    RunStatus written = RunStatus.fromJson(Files.readString(status));
    assertEquals(List.of("config_error", "2"), List.of(written.outcome(), Integer.toString(written.exitCode())));
    assertEquals(run.failedLines().get(0), "partsync: FAILED (exit 2): " + written.reason());
  }

  /** What one run left on the terminal. */
  private record Submitted(int exit, String stderr) {
    List<String> failedLines() {
      return stderr.lines().filter(l -> l.startsWith("partsync: FAILED")).toList();
    }

    List<String> stackFrames() {
      return stderr.lines().filter(l -> l.matches("\\s+at \\S+\\(.*\\)\\s*") || l.startsWith("Caused by:")).toList();
    }
  }

  private static Submitted submit(String name, String yaml) throws Exception {
    Path work = Files.createDirectories(clusters.baseDir.resolve("submit-" + name));
    Path config = Files.writeString(work.resolve("sync.yaml"), yaml);
    Process process = SubmitScript.start(config, work, Map.of());
    assertTrue(process.waitFor(4, TimeUnit.MINUTES), "submit.sh ended");
    return new Submitted(process.exitValue(), Files.readString(work.resolve("stderr")));
  }
}
