package io.partsync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.partsync.report.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The exit code submit.sh gives for a standalone cluster-mode driver, from its status file or its state. */
class DriverExitTest {
  private static final String DRIVER = "driver-20260301040506-0001";

  @Test
  void theStatusFilesCodeWinsOverTheDriversStateAndItsFailureLineIsRepeatedLast() {
    RunStatus refused = RunStatus.of("REFUSED", 3, "table sales.orders is a view", null, "r1", Instant.EPOCH);
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = DriverExit.exitCode(DRIVER, "FINISHED", new DriverExit.StatusRead(Optional.of(refused),
        "hdfs://nn/ops/status.json"), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(3, code);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(List.of("submit.sh: driver " + DRIVER + " ended FINISHED; partsync exit 3 (refused) from"
        + " hdfs://nn/ops/status.json", "partsync: FAILED (exit 3): table sales.orders is a view"), lines);
  }

  @Test
  void withoutAStatusFileAFinishedDriverIs0AndAnyOtherState1SayingSo() {
    DriverExit.StatusRead none = new DriverExit.StatusRead(Optional.empty(), "the config names no status file"
        + " ('report.status')");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);

    assertEquals(0, DriverExit.exitCode(DRIVER, "FINISHED", none, stream));
    assertEquals(1, DriverExit.exitCode(DRIVER, "FAILED", none, stream));
    assertEquals(1, DriverExit.exitCode(DRIVER, "KILLED", none, stream));

    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("submit.sh: driver " + DRIVER + " ended FAILED, but the config names no status file"
        + " ('report.status'); exit 1 from the driver's state, not partsync's own exit code", lines.get(1));
  }
}
