package io.partsync.it;

import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.partsync.ExitCode;
import io.partsync.failure.FaultInjection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The driver of a real {@code ./submit.sh} run (local mode, its own JVM) killed with SIGKILL while it
 * copies and while it publishes; the next run, at once, takes its lock over (same host, the process is
 * gone), finishes the sync and leaves nothing behind. Runs after {@code package}, on the built jar.
 */
class DriverKillIT extends SharedClustersTest {
  private static final Duration REACH = Duration.ofMinutes(4);

  @ParameterizedTest
  @ValueSource(strings = {"mid-file", "mid-commit"})
  void aKilledDriversLockIsTakenOverAtOnceAndTheTargetEndsEqualToTheSource(String point) throws Exception {
    String table = "t_" + point.replace('-', '_');
    String dir = clusters.sourceTextTable("killed", table, 3);
    // The default lock TTL (2 minutes): a rerun that had to wait for it would be refused.
    String yaml = clusters.config("housekeeping:\n  grace-period: 0s\ntables:\n  - killed." + table, EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    String location = first.report().tables().get(0).targetLocation();
    // Something to add, alter and supersede, so the kill at publish falls between adding and altering.
    write(clusters.sourceFs(), dir + "/dt=2/000000_0", "20,rewritten and longer\n");
    write(clusters.sourceFs(), dir + "/dt=4/000000_0", "40,new\n");
    try (var writer = clusters.sourceTables()) {
      writer.addPartition("killed", table, List.of("4"), dir + "/dt=4", Map.of());
    }

    Path work = Files.createDirectories(clusters.baseDir.resolve("kill-" + point));
    Path config = work.resolve("sync.yaml");
    Files.writeString(config, yaml);
    Path marker = work.resolve("reached");
    Process driver = submit(config, point, marker, work);
    try {
      awaitMarker(driver, marker, work);
      String lock = new String(HdfsFiles.read(clusters.targetFs(), location + "/.partsync/lock"),
          StandardCharsets.UTF_8);
      assertTrue(lock.contains("\npid=" + driver.pid() + "\n"), "the lock names the driver's process: " + lock);
    } finally {
      driver.destroyForcibly();
    }
    assertEquals(128 + 9, driver.waitFor(), "killed with SIGKILL");

    Instant rerunAt = Instant.now();
    Clusters.Run rerun = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertTrue(Duration.between(rerunAt, Instant.now()).compareTo(Duration.ofMinutes(2)) < 0, "no TTL wait");
    assertEquals(clusters.sourceTextRows(dir, 4), clusters.targetTextRows("killed." + table));
    LockRecoveryIntegrationTest.assertNoOrphans("killed", table, location);
  }

  /** {@code ./submit.sh <config>} from the checkout, told to stop for good at {@code point}. */
  private static Process submit(Path config, String point, Path marker, Path work) throws Exception {
    assertTrue(Files.isExecutable(SubmitScript.checkout().resolve("submit.sh")),
        "run from the job module of a checkout");
    return SubmitScript.start(config, work, Map.of("JAVA_TOOL_OPTIONS", "-D" + FaultInjection.BLOCK_PROPERTY + "="
        + point + " -D" + FaultInjection.MARKER_PROPERTY + "=" + marker));
  }

  /** Waits for the driver to say it reached its point; fails at once, with its output, if it ends first. */
  private static void awaitMarker(Process driver, Path marker, Path work) throws Exception {
    long deadline = System.nanoTime() + REACH.toNanos();
    while (!Files.exists(marker)) {
      if (driver.waitFor(200, TimeUnit.MILLISECONDS)) {
        fail("the driver ended (exit " + driver.exitValue() + ") before reaching its point:\n"
            + Files.readString(work.resolve("stderr")));
      }
      if (System.nanoTime() > deadline) {
        fail("the driver did not reach its point within " + REACH + ":\n" + Files.readString(work.resolve("stderr")));
      }
    }
  }
}
