package io.partsync.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.copy.ExecutorResult;
import io.partsync.copy.Verification;
import io.partsync.plan.ExecutorPlan;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How copies were verified reaches the JSON report, per executor and for the run, and the summary. */
class VerificationReportTest {
  private static final Instant STARTED = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void eachExecutorsFiguresAndTheRunsTotalAreReported() throws Exception {
    RunReport report = new RunReportBuilder("run-1", STARTED, 1 << 20).build(
        List.of(new ExecutorPlan(0, List.of(), 0), new ExecutorPlan(1, List.of(), 0)),
        List.of(result(0, new Verification(0, 3, 1)), result(1, new Verification(4096, 2, 0))),
        STARTED.plusSeconds(10), Map.of(), Map.of(), new RunReport.Pipeline(0, null, 0));

    assertEquals(new RunReport.VerificationReport(4096, 5, 1), report.verification());
    assertEquals(List.of(new RunReport.VerificationReport(0, 3, 1), new RunReport.VerificationReport(4096, 2, 0)),
        report.executors().stream().map(RunReport.ExecutorReport::verification).toList());
    assertEquals(report, ReportWriter.fromJson(ReportWriter.toJson(report)));
    assertTrue(ReportWriter.toJson(report).contains("\"filesVerifiedByLengthOnly\" : 1"), ReportWriter.toJson(report));
    assertTrue(Summary.render(report).contains(
        "  verified: 5 object-store copies by their ETag, 1 by length only (the store's ETag is no MD5), 4.0 KiB read"
            + " back from the targets"), Summary.render(report));
  }

  @Test
  void aReportWrittenBeforeTheFiguresExistedStillReadsAndSummarizes() throws Exception {
    RunReport report = HtmlReportTest.report("SUCCEEDED", List.of(), List.of(), List.of(), List.of());
    String older = ReportWriter.toJson(report).replaceAll(",\\s*\"verification\"\\s*:\\s*null", "");
    assertFalse(older.contains("verification"), older);

    RunReport read = ReportWriter.fromJson(older);

    assertNull(read.verification());
    assertFalse(Summary.render(read).contains("verified:"));
  }

  private static ExecutorResult result(int executor, Verification verification) {
    return new ExecutorResult(executor, "host", List.of(), 0, 0, 1, 0, verification);
  }
}
