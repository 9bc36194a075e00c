package io.partsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.partsync.report.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the status file says of a run's end, and what happens when it cannot be written. */
class RunStatusFileTest {
  private static final Instant FINISHED = Instant.parse("2026-03-01T04:05:06Z");
  private static final Clock CLOCK = Clock.fixed(FINISHED, ZoneOffset.UTC);

  @TempDir
  Path dir;

  @Test
  void aRefusedRunsStatusHoldsItsCodeOutcomeReasonAndRunId() throws Exception {
    PartSync.Ending refused = new PartSync.Ending(ExitCode.REFUSED, "table sales.orders is a view",
        Optional.empty(), Optional.of("hourly-20260301T040000"));
    Path file = dir.resolve("status/run.json");

    ExitCode code = PartSync.writeStatus(refused, file.toString(), new PrintStream(new ByteArrayOutputStream()), CLOCK);

    assertEquals(ExitCode.REFUSED, code);
    RunStatus status = RunStatus.fromJson(Files.readString(file));
    assertEquals(new RunStatus(RunStatus.VERSION, "refused", 3, "table sales.orders is a view", null,
        "hourly-20260301T040000", FINISHED.toString()), status);
  }

  @Test
  void aSucceededRunsStatusNamesItsReportAndNoReason() throws Exception {
    PartSync.Ending success = new PartSync.Ending(ExitCode.SUCCESS, null, Optional.of("hdfs://nn/ops/run.json"),
        Optional.of("20260301T040000Z-00abcd"));
    Path file = dir.resolve("run.status.json");

    assertEquals(ExitCode.SUCCESS, PartSync.writeStatus(success, file.toString(),
        new PrintStream(new ByteArrayOutputStream()), CLOCK));

    RunStatus status = RunStatus.fromJson(Files.readString(file));
    assertEquals("success", status.outcome());
    assertEquals(0, status.exitCode());
    assertNull(status.reason());
    assertEquals("hdfs://nn/ops/run.json", status.report());
  }

  @Test
  void theFileHoldsExactlyTheDocumentedFields() throws Exception {
    String json = RunStatus.of("LOCKED", 5, "locked by run r1", null, null, FINISHED).toJson();

    List<String> fields = new ArrayList<>();
    new ObjectMapper().readTree(json).fieldNames().forEachRemaining(fields::add);

    assertEquals(List.of("statusVersion", "outcome", "exitCode", "reason", "report", "runId", "finishedAt"), fields);
  }

  @Test
  void aSucceededRunWhoseStatusCannotBeWrittenFailsWithOneLineNamingTheKey() throws Exception {
    Path file = Files.createDirectories(dir.resolve("a-directory"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PartSync.Ending success = new PartSync.Ending(ExitCode.SUCCESS, null, Optional.empty(), Optional.of("r1"));

    ExitCode code = PartSync.writeStatus(success, file.toString(), new PrintStream(err, true, StandardCharsets.UTF_8),
        CLOCK);

    assertEquals(ExitCode.FAILED, code);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("partsync: FAILED (exit 1): the run succeeded but its status could"
        + " not be written to " + file + ": "), lines.get(0));
    assertTrue(lines.get(0).endsWith("; fix 'report.status'"), lines.get(0));
  }

  @Test
  void aFailedRunWhoseStatusCannotBeWrittenKeepsItsCodeAndReasonInTheLastLine() throws Exception {
    Path file = Files.createDirectories(dir.resolve("a-directory"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PartSync.Ending locked = new PartSync.Ending(ExitCode.LOCKED, "locked by run r0", Optional.empty(),
        Optional.empty());

    ExitCode code = PartSync.writeStatus(locked, file.toString(), new PrintStream(err, true, StandardCharsets.UTF_8),
        CLOCK);

    assertEquals(ExitCode.LOCKED, code);
    String line = err.toString(StandardCharsets.UTF_8).strip();
    assertTrue(line.startsWith("partsync: FAILED (exit 5): locked by run r0; and its status could not be"
        + " written to " + file), line);
  }
}
