package io.partsync.report;

import io.partsync.copy.ExecutorResult;
import io.partsync.copy.PartitionResult;
import io.partsync.copy.Verification;
import io.partsync.failure.Messages;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TargetPartition;
import io.partsync.publish.PartitionCommitter.CommitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gathers the per-table outcomes of a run, then builds its {@link RunReport}. */
public final class RunReportBuilder {
  private final String runId;
  private final Instant started;
  private final long bufferBudgetBytes;
  private final List<RunReport.TableReport> tables = new ArrayList<>();
  private final List<RunReport.PartitionTiming> timings = new ArrayList<>();
  private final Map<String, String> failedTargets = new LinkedHashMap<>();
  private final List<RunReport.ViewReport> views = new ArrayList<>();

  private RunReport.CopyCostReport copyCost;
  private RunReport.Bandwidth bandwidth;

  /** The run's bandwidth cap, or null for none; the executors' waits are added when the report is built. */
  public RunReportBuilder bandwidth(RunReport.Bandwidth cap) {
    this.bandwidth = cap;
    return this;
  }

  /** The copy cost the run planned with and observed. */
  public RunReportBuilder copyCost(RunReport.CopyCostReport cost) {
    this.copyCost = cost;
    return this;
  }

  public RunReportBuilder(String runId, Instant started, long bufferBudgetBytes) {
    this.runId = runId;
    this.started = started;
    this.bufferBudgetBytes = bufferBudgetBytes;
  }

  /** Records one view's outcome on one target. */
  public void view(RunReport.ViewReport view) {
    views.add(view);
  }

  /**
   * Records one table: its copy results and its commit, or the reason the commit failed (then none of
   * its partitions counts as copied).
   */
  public void table(String targetCluster, TablePlan plan, List<PartitionResult> copied, CommitResult commit,
      String commitError, RunReport.Housekeeping housekeeping) {
    List<RunReport.Failure> failures = new ArrayList<>();
    plan.listingFailures().forEach((name, reason) -> failures.add(new RunReport.Failure(name, reason)));
    copied.stream().filter(p -> !p.succeeded())
        .forEach(p -> failures.add(new RunReport.Failure(p.name(), p.error())));
    List<PartitionResult> succeeded = copied.stream().filter(PartitionResult::succeeded).toList();
    if (commitError != null) {
      failures.add(new RunReport.Failure(null, "registering partitions failed: " + commitError));
      succeeded = List.of();
    }
    int failed = copied.size() - succeeded.size() + plan.listingFailures().size();
    boolean registered = commitError == null;
    copied.forEach(p -> timings.add(new RunReport.PartitionTiming(targetCluster, p.table(), p.name(), p.files(),
        p.bytes(), p.millis(), registered && p.succeeded())));
    tables.add(new RunReport.TableReport(targetCluster, plan.mapping().sourceName(), plan.target().qualifiedName(),
        plan.target().location(), !plan.targetExists(), plan.copies().size(), succeeded.size(), failed,
        commit == null ? 0 : commit.added(), commit == null ? 0 : commit.altered(), plan.unchanged().size(),
        commit == null ? 0 : commit.dropped(), plan.kept().stream().map(TargetPartition::name).toList(),
        plan.copies().stream().filter(c -> c.destinations().stream()
            .anyMatch(d -> d.change() == PartitionCopy.Change.TARGET_CHANGED)).map(PartitionCopy::name).toList(),
        succeeded.stream().mapToLong(PartitionResult::files).sum(),
        succeeded.stream().mapToLong(PartitionResult::bytes).sum(), housekeeping, failures, selection(plan),
        copied.stream().flatMap(p -> p.readFromPrimary().stream().map(reason -> p.name() + ": " + reason)).toList(),
        plan.snapshot() == null ? null : new RunReport.Snapshot(plan.snapshot().name(), plan.snapshot().diffFrom(),
            plan.snapshot().partitionsNotListed()), commit == null ? 0 : commit.metadataUpdated(),
        commit != null && commit.tableMetadataUpdated(), commit == null ? 0 : commit.columnStatsWritten()));
  }

  /** Records a table that was left out of the run before anything of it was copied, and why. */
  public void failedTable(String targetCluster, String source, String target, String reason) {
    tables.add(new RunReport.TableReport(targetCluster, source, target, null, false, 0, 0, 0, 0, 0, 0, 0, List.of(), List.of(),
        0, 0, null, List.of(new RunReport.Failure(null, reason)), null, List.of(), null, 0, false, 0));
  }

  private static RunReport.Selection selection(TablePlan plan) {
    TablePlan.Selection selection = plan.selection();
    return selection == null ? null : new RunReport.Selection(selection.filter(), selection.metastoreFilter(),
        selection.listed(), selection.selected(), selection.unreadable());
  }

  /** Records a target cluster left out of the run, and why. */
  public void failedTarget(String name, String reason) {
    failedTargets.put(name, Messages.oneLine(reason));
  }

  /** @param lags by target still in the run, see {@link RunReport.TargetReport#lagSeconds()} */
  public RunReport build(List<ExecutorPlan> plans, List<ExecutorResult> results, Instant finished,
      Map<String, Long> lags, Map<String, Long> phasesMillis, RunReport.Pipeline pipeline) {
    long millis = Duration.between(started, finished).toMillis();
    int partitions = tables.stream().mapToInt(RunReport.TableReport::partitions).sum();
    int failed = tables.stream().mapToInt(RunReport.TableReport::partitionsFailed).sum();
    long files = tables.stream().mapToLong(RunReport.TableReport::files).sum();
    long bytes = tables.stream().mapToLong(RunReport.TableReport::bytes).sum();
    double seconds = Math.max(millis, 1) / 1000.0;
    RunReport.Totals totals = new RunReport.Totals(tables.size(), partitions, failed, files, bytes,
        bytes / 1e6 / seconds);
    boolean anyFailed = tables.stream().anyMatch(t -> !t.failures().isEmpty()) || !failedTargets.isEmpty()
        || views.stream().anyMatch(v -> "refused".equals(v.action()) || "failed".equals(v.action()));
    List<RunReport.ExecutorReport> executors = executors(plans, results);
    return new RunReport(RunReport.VERSION, runId, anyFailed ? "FAILED" : "SUCCEEDED", started.toString(),
        finished.toString(), millis, phasesMillis, pipeline, totals, targets(lags), tables, executors,
        slowest(), views, copyCost, bandwidth == null ? null : bandwidth.throttled(executors), verification(results));
  }

  /** The slowest partition copies; ties in a fixed order so two reports of the same run compare equal. */
  private List<RunReport.PartitionTiming> slowest() {
    return timings.stream()
        .sorted(Comparator.comparingLong(RunReport.PartitionTiming::millis).reversed()
            .thenComparing(RunReport.PartitionTiming::targetCluster)
            .thenComparing(RunReport.PartitionTiming::table)
            .thenComparing(RunReport.PartitionTiming::partition))
        .limit(RunReport.SLOWEST_PARTITIONS).toList();
  }

  private List<RunReport.TargetReport> targets(Map<String, Long> lags) {
    List<RunReport.TargetReport> targets = new ArrayList<>();
    failedTargets.forEach((name, reason) -> targets.add(new RunReport.TargetReport(name, "FAILED", reason, 0, 0, 0,
        0, null)));
    lags.forEach((name, lag) -> {
      List<RunReport.TableReport> own = tables.stream().filter(t -> name.equals(t.targetCluster())).toList();
      boolean failed = own.stream().anyMatch(t -> !t.failures().isEmpty());
      targets.add(new RunReport.TargetReport(name, failed ? "FAILED" : "SUCCEEDED", null, own.size(),
          own.stream().mapToInt(RunReport.TableReport::partitionsCopied).sum(),
          own.stream().mapToInt(RunReport.TableReport::partitionsFailed).sum(),
          own.stream().mapToLong(RunReport.TableReport::bytes).sum(), lag));
    });
    return targets;
  }

  /** The run's verification figures: every executor's, whether or not it was planned work this run. */
  private static RunReport.VerificationReport verification(List<ExecutorResult> results) {
    return results.stream().map(r -> verification(r.verification()))
        .reduce(RunReport.VerificationReport.NONE, RunReport.VerificationReport::plus);
  }

  private static RunReport.VerificationReport verification(Verification figures) {
    return new RunReport.VerificationReport(figures.bytesReadBack(), figures.filesVerifiedByEtag(),
        figures.filesVerifiedByLengthOnly());
  }

  private List<RunReport.ExecutorReport> executors(List<ExecutorPlan> plans, List<ExecutorResult> results) {
    List<RunReport.ExecutorReport> reports = new ArrayList<>();
    for (ExecutorPlan plan : plans) {
      ExecutorResult result = results.stream().filter(r -> r.executor() == plan.executor()).findFirst()
          .orElseThrow();
      reports.add(new RunReport.ExecutorReport(plan.executor(), result.host(),
          plan.partitions().stream().map(PartitionCopy::label).toList(), plan.bytes(), result.bytesCopied(),
          result.peakBufferBytes(), bufferBudgetBytes, result.millis(), plan.predictedMillis(), result.tasks(),
          result.movedIn(), result.throttledMillis(), verification(result.verification())));
    }
    return reports;
  }
}
