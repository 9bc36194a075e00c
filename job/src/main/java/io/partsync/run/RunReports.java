package io.partsync.run;

import io.partsync.config.BandwidthSettings;
import io.partsync.copy.ExecutorResult;
import io.partsync.copy.PartitionResult;
import io.partsync.fs.DataFile;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.publish.TablePublished;
import io.partsync.report.RunReport;
import io.partsync.report.RunReportBuilder;
import io.partsync.views.ViewPlan;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The report stage: a run's report, made once from what every stage returned. */
final class RunReports {
  private RunReports() {}

  /**
   * What a run began as: its id, when it started, the targets it could not reach, and its bandwidth cap
   * (null for none).
   */
  record Start(RunId runId, Instant started, long bufferBudgetBytes, Map<String, String> unreachable,
      RunReport.Bandwidth bandwidth) {
    Start(RunId runId, Instant started, long bufferBudgetBytes, Map<String, String> unreachable) {
      this(runId, started, bufferBudgetBytes, unreachable, null);
    }

    /** The report's figures of a configured cap, or null when none is. */
    static RunReport.Bandwidth bandwidth(BandwidthSettings settings, int executors) {
      return !settings.isCapped() ? null : new RunReport.Bandwidth(settings.perExecutorBytesPerSecond(),
          settings.perRunBytesPerSecond(), settings.effectivePerExecutorBytesPerSecond(executors), 0);
    }
  }

  static RunReport of(Start start, TargetSet<TableDone> done, CopyPipeline.Copied copied, Instant finished,
      Map<String, Long> phases, List<ViewPlan> views) {
    RunReportBuilder report = failures(start, done);
    views(report, views);
    for (OnTarget<TableDone> target : done.active()) {
      for (TableDone table : target.tables()) {
        TablePublished published = table.published();
        report.table(target.name(), published.plan(), published.copied(), published.commit(), published.error(),
            table.housekeeping());
      }
    }
    report.copyCost(copied.copyCost());
    return report.build(copied.plans(), copied.results(), finished, lags(done, copied.results(), finished),
        phases, copied.pipeline());
  }

  /** Adds each view's outcome to the report. */
  static RunReportBuilder views(RunReportBuilder report, List<ViewPlan> views) {
    views.forEach(v -> report.view(new RunReport.ViewReport(v.targetCluster(), v.source(), v.target(), v.action(),
        v.unreplicatedTables(), v.reason())));
    return report;
  }

  /** A report of what was left out: targets that failed or were not reached, and tables left out. */
  static RunReportBuilder failures(Start start, TargetSet<?> targets) {
    RunReportBuilder report = new RunReportBuilder(start.runId().value(), start.started(), start.bufferBudgetBytes())
        .bandwidth(start.bandwidth());
    start.unreachable().forEach(report::failedTarget);
    targets.failed().forEach(f -> report.failedTarget(f.name(), f.failure().getMessage()));
    targets.tableFailures().forEach(f -> report.failedTable(f.target(), f.source(), f.table(), f.reason()));
    return report;
  }

  /**
   * By target, the age in seconds of the newest source change it still lacks after this run: the newest
   * file of a partition planned for it whose copy failed or was not published; 0 when it lacks none.
   */
  private static Map<String, Long> lags(TargetSet<TableDone> done, List<ExecutorResult> results, Instant now) {
    Set<String> published = new HashSet<>();
    results.stream().flatMap(r -> r.partitions().stream()).filter(PartitionResult::succeeded)
        .forEach(p -> published.add(p.target() + "/" + p.table() + "/" + p.name()));
    Map<String, Long> lags = new LinkedHashMap<>();
    for (OnTarget<TableDone> target : done.active()) {
      List<TablePlan> plans = target.tables().stream().map(t -> t.published().plan()).toList();
      long newest = plans.stream().flatMap(plan -> plan.copies().stream())
          .filter(c -> c.destinations().stream()
              .noneMatch(d -> published.contains(d.target() + "/" + d.table() + "/" + c.name())))
          .flatMap(c -> c.files().stream()).mapToLong(DataFile::modificationTime).max().orElse(now.toEpochMilli());
      lags.put(target.name(), Math.max(0, (now.toEpochMilli() - newest) / 1000));
    }
    return lags;
  }
}
