package io.partsync.run;

import io.partsync.lock.LockHolder;
import io.partsync.lock.TableLock;
import io.partsync.metastore.HiveTable;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.FileChanges;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TargetPartition;
import io.partsync.report.PlanReport;
import io.partsync.targets.SourceUris;
import io.partsync.report.RunReport;
import io.partsync.targets.TargetConnection;
import io.partsync.targets.TargetTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns a dry run's plans into its report, reading (never writing) what the plans alone do not say. */
final class DryRunReports {
  private static final Logger LOG = LoggerFactory.getLogger(DryRunReports.class);

  private DryRunReports() {}

  /**
   * @param failures the run's report of what could not be planned: refused or locked tables, failed targets
   */
  static PlanReport of(RunId runId, List<OnTarget<TablePlan>> targets, List<ExecutorPlan> executors,
      RunReport failures) {
    Map<String, Integer> executorOf = new HashMap<>();
    executors.forEach(e -> e.partitions().forEach(p -> executorOf.put(p.sourceTable() + "/" + p.name(), e.executor())));
    List<PlanReport.TableChanges> tables = new ArrayList<>();
    for (OnTarget<TablePlan> target : targets) {
      for (TablePlan plan : target.tables()) {
        tables.add(table(target.target(), plan, executorOf));
      }
    }
    failures.tables().stream().filter(RunReport.TableReport::tableFailed).forEach(t -> tables.add(
        new PlanReport.TableChanges(t.targetCluster(), t.source(), t.target(), null, null, null, List.of(), List.of(),
            List.of(), List.of(), t.failures(), List.of())));
    List<PlanReport.ExecutorLoad> loads = executors.stream().map(e -> new PlanReport.ExecutorLoad(e.executor(),
        e.partitions().size(), e.files(), e.bytes(), e.predictedMillis(),
        e.partitions().stream().map(PartitionCopy::label).toList()))
        .toList();
    List<RunReport.TargetReport> failedTargets = failures.targets().stream().filter(t -> t.error() != null).toList();
    boolean failed = !failedTargets.isEmpty() || tables.stream().anyMatch(t -> !t.failures().isEmpty())
        || failures.views().stream().anyMatch(v -> "refused".equals(v.action()));
    return new PlanReport(PlanReport.VERSION, PlanReport.KIND, runId.value(), failures.finishedAt(),
        failed ? "FAILED" : "PLANNED", failures.durationMillis(), totals(tables, executors), failedTargets, tables,
        loads, failures.views());
  }

  private static PlanReport.TableChanges table(TargetConnection target, TablePlan plan,
      Map<String, Integer> executorOf) {
    String sourceTable = plan.source().qualifiedName();
    String targetTable = plan.target().qualifiedName();
    List<PlanReport.PartitionChange> copies = new ArrayList<>();
    int added = 0;
    for (PartitionCopy copy : plan.copies()) {
      PartitionCopy.Change change = copy.destinations().get(0).change();
      TargetPartition existing = plan.targetPartitions().get(copy.name());
      added += existing == null ? 1 : 0;
      copies.add(new PlanReport.PartitionChange(copy.name(), change.name().toLowerCase(Locale.ROOT).replace('_', '-'),
          copy.files().size(), copy.bytes(), executorOf.getOrDefault(sourceTable + "/" + copy.name(), -1),
          existing == null ? null : fileChanges(target, copy, existing)));
    }
    Preview preview = preview(target, plan);
    List<RunReport.Failure> failures = new ArrayList<>();
    plan.listingFailures().forEach((name, reason) -> failures.add(new RunReport.Failure(name, reason)));
    return new PlanReport.TableChanges(target.name(), sourceTable, targetTable, plan.target().location(),
        preview.lockedBy(), new PlanReport.MetastoreChanges(preview.createDatabase(), !plan.targetExists(),
            preview.adopt(), added, plan.copies().size() - added, plan.drops().size(),
            plan.targetExists() ? TargetTables.checkCompatible(plan.source(), plan.target()).changes() : List.of(),
            plan.targetExists() && TargetTables.metadataUpdate(plan.source(), plan.target()).isPresent(),
            plan.metadataUpdates().size()),
        copies, plan.unchanged().stream().sorted().toList(),
        plan.drops().stream().map(TargetPartition::name).toList(),
        plan.kept().stream().map(TargetPartition::name).toList(), failures,
        SourceUris.rewrites(plan.source(), plan.target()).stream().map(SourceUris.Rewrite::toString).toList());
  }

  /** What a dry run shows of a planned table beyond its plan: what it would create, and who holds its lock. */
  private record Preview(boolean createDatabase, boolean adopt, String lockedBy) {}

  private static Preview preview(TargetConnection target, TablePlan plan) {
    HiveTable table = plan.target();
    try {
      return new Preview(!plan.targetExists() && target.metastore().databaseLocation(table.database()).isEmpty(),
          plan.targetExists() && !TargetTables.isReplica(table),
          plan.targetExists() ? TableLock.holder(target.fs(), table.location(), LockHolder.self()).orElse(null)
              : null);
    } catch (IOException e) {
      return new Preview(false, false, "unknown: reading the lock failed: " + e.getMessage());
    }
  }

  /** Null when the target's copy cannot be listed: the plan stands, only its detail is missing. */
  private static FileChanges fileChanges(TargetConnection target, PartitionCopy copy, TargetPartition existing) {
    try {
      return FileChanges.between(copy.files(), target.fs().listDataFiles(existing.location()));
    } catch (IOException e) {
      LOG.warn("cannot list {} on {} to show which files changed: {}", existing.location(), target.name(),
          e.getMessage());
      return null;
    }
  }

  private static PlanReport.Totals totals(List<PlanReport.TableChanges> tables, List<ExecutorPlan> executors) {
    return new PlanReport.Totals(tables.size(),
        executors.stream().mapToInt(e -> e.partitions().size()).sum(),
        executors.stream().mapToInt(ExecutorPlan::files).sum(),
        executors.stream().mapToLong(ExecutorPlan::bytes).sum(),
        tables.stream().mapToInt(t -> t.unchanged().size()).sum(),
        tables.stream().mapToInt(t -> t.drop().size()).sum());
  }
}
