package io.partsync.run;

import io.partsync.copy.PartitionResult;
import io.partsync.failure.Faults;
import io.partsync.housekeeping.Housekeeper;
import io.partsync.lock.TableLock;
import io.partsync.lock.TableLocks;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TargetLayout;
import io.partsync.publish.TablePublished;
import io.partsync.report.RunReport;
import io.partsync.targets.TablePreparation;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping after publishing: on each published table, the versions this run superseded are recorded,
 * and those superseded earlier are removed once past their grace period.
 */
final class CleanUp {
  private static final Logger LOG = LoggerFactory.getLogger(CleanUp.class);

  private CleanUp() {}

  static List<TableDone> run(OnTarget<TablePublished> target, TableLocks locks, Duration grace, RunId runId,
      Faults faults) {
    Housekeeper housekeeper = new Housekeeper(target.target().fs(), grace, faults);
    return target.tables().stream().map(published -> new TableDone(published, published.published()
        ? houseKeep(target.name(), housekeeper, published, locks.of(published.plan().target().qualifiedName()),
            runId) : null)).toList();
  }

  /** The tables whose housekeeping ran: their locks are released clean. */
  static Set<String> clean(List<TableDone> tables) {
    Set<String> clean = new HashSet<>();
    tables.stream().filter(t -> t.housekeeping() != null)
        .forEach(t -> clean.add(t.published().plan().target().qualifiedName()));
    return clean;
  }

  private static RunReport.Housekeeping houseKeep(String target, Housekeeper housekeeper, TablePublished published,
      TableLock lock, RunId runId) {
    TablePlan table = published.plan();
    List<PartitionResult> copied = published.copied();
    Set<String> referenced = new HashSet<>();
    table.targetPartitions().values().forEach(p -> referenced.add(Housekeeper.normalize(p.location())));
    published.commit().unreferenced().forEach(location -> referenced.remove(Housekeeper.normalize(location)));
    copied.stream().filter(PartitionResult::succeeded)
        .forEach(p -> referenced.add(Housekeeper.normalize(p.targetDir())));
    List<String> unpublished = copied.stream().filter(p -> !p.succeeded()).map(PartitionResult::targetDir).toList();
    try {
      Housekeeper.Outcome outcome = housekeeper.run(table.target().location(), runId,
          published.commit().unreferenced(), unpublished, referenced, lock.previousUncleanRun().isPresent(),
          TargetLayout.versionDepth(table.target().partitionKeys().size()), TablePreparation.owner(table.target()));
      return new RunReport.Housekeeping(outcome.recorded(), outcome.removed(), outcome.pending(),
          outcome.uploadsAborted());
    } catch (IOException e) {
      LOG.warn("housekeeping of {} on {} failed; the next run retries it: {}", table.target().qualifiedName(),
          target, e.getMessage());
      return null;
    }
  }
}
