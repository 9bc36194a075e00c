package io.partsync.report;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;

/**
 * The few facts a scheduler needs about a run that ended, written to {@code report.status} as the driver's
 * last act whatever the outcome: in cluster deploy mode the process's exit code does not reach the
 * scheduler, this file does. {@code statusVersion} changes whenever a field changes meaning or disappears.
 *
 * @param outcome the exit code's name in lower case: success, failed, config_error, refused, unreachable,
 *     locked
 * @param exitCode the driver's exit code, as documented for schedulers
 * @param reason the one line of the {@code partsync: FAILED} message; null on success
 * @param report where this run's JSON report (or a dry run's plan) was written; null when none was
 * @param runId the run's id; null when the run stopped before it had one
 * @param finishedAt when the driver was done, ISO-8601 in UTC
 */
public record RunStatus(int statusVersion, String outcome, int exitCode, String reason, String report,
    String runId, String finishedAt) {

  public static final int VERSION = 1;

  /** The status of a run that ended with {@code exitCode} ({@code outcome} named by its code's name). */
  public static RunStatus of(String codeName, int exitCode, String reason, String report, String runId,
      Instant finishedAt) {
    return new RunStatus(VERSION, codeName.toLowerCase(Locale.ROOT), exitCode, reason, report, runId,
        finishedAt.toString());
  }

  public String toJson() {
    return JsonFiles.toJson(this);
  }

  public static RunStatus fromJson(String json) throws IOException {
    return JsonFiles.fromJson(json, RunStatus.class);
  }

  /** Writes the status to {@code destination}, a local path or a Hadoop file system URI, replacing it. */
  public void write(String destination) throws IOException {
    JsonFiles.write(toJson(), destination);
  }
}
