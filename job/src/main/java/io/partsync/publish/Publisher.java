package io.partsync.publish;

import io.partsync.copy.PartitionResult;
import io.partsync.failure.Faults;
import io.partsync.failure.Messages;
import io.partsync.lock.TableLocks;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreException;
import io.partsync.metastore.MetastoreIncompatibleException;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.plan.RunId;
import io.partsync.plan.SourceSnapshot;
import io.partsync.plan.TablePlan;
import io.partsync.plan.WholeTable;
import io.partsync.publish.PartitionCommitter.CommitResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one target's copied partitions table by table in its metastore, while this run still holds
 * each table's lock, and records on each table the source snapshot it is now in sync with.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  /** A table's own basic statistics, which describe all its partitions' files. */
  private static final List<String> TABLE_BASIC_STATS = List.of("numRows", "rawDataSize", "numFiles", "totalSize");

  private final String target;
  private final Metastore metastore;
  private final PartitionCommitter committer;

  public Publisher(String target, Metastore metastore, RunId runId, Faults faults) {
    this.target = target;
    this.metastore = metastore;
    this.committer = new PartitionCommitter(metastore, runId, faults);
  }

  /** The copies of {@code plan} to this target, of those in {@code results}. */
  public static List<PartitionResult> copiesOf(String target, TablePlan plan, List<PartitionResult> results) {
    String name = plan.target().qualifiedName();
    Set<String> planned = new HashSet<>();
    plan.copies().forEach(c -> planned.add(c.name()));
    return results.stream()
        .filter(p -> p.target().equals(target) && p.table().equals(name) && planned.contains(p.name())).toList();
  }

  /**
   * Nothing published, for {@code reason}: another target failed under {@code on-target-failure: abort}.
   * A later run's sweep removes the copies.
   */
  public static List<TablePublished> withheld(String target, List<TablePlan> plans, List<PartitionResult> results,
      String reason) {
    return plans.stream().map(plan -> new TablePublished(plan, copiesOf(target, plan, results), null, reason, null))
        .toList();
  }

  /** Publishes each planned table; one whose registration fails is reported with why, the others go on. */
  public List<TablePublished> publish(List<TablePlan> plans, List<PartitionResult> results,
      Map<String, SourceSnapshot> snapshots, TableLocks locks) {
    long syncedAt = System.currentTimeMillis();
    return plans.stream().map(plan -> publish(plan, copiesOf(target, plan, results), syncedAt,
        snapshots.get(plan.source().qualifiedName()), locks)).toList();
  }

  private TablePublished publish(TablePlan plan, List<PartitionResult> copied, long syncedAt, SourceSnapshot snapshot,
      TableLocks locks) {
    String name = plan.target().qualifiedName();
    List<PartitionResult> succeeded = copied.stream().filter(PartitionResult::succeeded).toList();
    CommitResult commit;
    try {
      locks.of(name).ensureHeld();
      commit = committer.commit(plan, succeeded, syncedAt);
    } catch (MetastoreIncompatibleException e) {
      throw e; // the target's metastore, not this table: no other table would fare better
    } catch (RuntimeException e) {
      LOG.error("registering the partitions of {} on {} failed: {}", name, target, Messages.oneLine(e.getMessage()));
      LOG.debug("registering the partitions of {} failed", name, e);
      return new TablePublished(plan, copied, null, e.getMessage(), null);
    }
    SourceSnapshot recorded = record(plan, snapshot, copied);
    if (holdsEveryPartition(plan, copied)) {
      carryTableBasicStats(plan);
    }
    return new TablePublished(plan, copied, withTableStats(plan, copied, commit), null, recorded);
  }

  /**
   * Whether the target table now holds every source partition as the source has it, and no other: then the
   * source table's own statistics describe the target's files too (no filter, nothing failed, none kept).
   */
  private static boolean holdsEveryPartition(TablePlan plan, List<PartitionResult> copied) {
    return plan.selection() == null && plan.listingFailures().isEmpty() && plan.kept().isEmpty()
        && copied.stream().allMatch(PartitionResult::succeeded);
  }

  /** The table's own column statistics describe all its partitions: written only when it holds them all. */
  private CommitResult withTableStats(TablePlan plan, List<PartitionResult> copied, CommitResult commit) {
    if (plan.columnStats().table() == null || plan.selection() != null || !plan.listingFailures().isEmpty()
        || copied.stream().anyMatch(p -> !p.succeeded())) {
      return commit;
    }
    return commit.withColumnStatsWritten(commit.columnStatsWritten()
        + new ColumnStatsWriter(metastore).writeTable(plan));
  }

  /**
   * A partitioned table's basic statistics (rows, raw size, files, bytes) as the source table has them,
   * when they differ from the target's; an unpartitioned table's go with its version (see the committer).
   */
  private void carryTableBasicStats(TablePlan plan) {
    if (WholeTable.is(plan.target())) {
      return;
    }
    Map<String, String> wanted = new HashMap<>();
    TABLE_BASIC_STATS.forEach(key -> {
      String value = plan.source().parameters().get(key);
      if (value != null && !value.equals(plan.target().parameters().get(key))) {
        wanted.put(key, value);
      }
    });
    if (wanted.isEmpty()) {
      return;
    }
    try {
      metastore.setTableParameters(plan.target().database(), plan.target().name(), wanted);
      LOG.info("{}: table statistics {} as the source has them", plan.target().qualifiedName(), wanted.keySet());
    } catch (MetastoreException e) {
      LOG.warn("setting the table statistics of {} failed; the next run tries again: {}",
          plan.target().qualifiedName(), e.getMessage());
    }
  }

  /**
   * Records on the target table the snapshot it is now in sync with, so the next run diffs from it; only
   * when every partition was listed and published, else a change not copied now would hide behind it.
   */
  private SourceSnapshot record(TablePlan table, SourceSnapshot snapshot, List<PartitionResult> copied) {
    if (snapshot == null || !table.listingFailures().isEmpty() || copied.stream().anyMatch(p -> !p.succeeded())) {
      return null;
    }
    try {
      metastore.setTableParameters(table.target().database(), table.target().name(),
          Map.of(PartsyncParameters.SOURCE_SNAPSHOT, snapshot.name()));
      return snapshot;
    } catch (MetastoreException e) {
      LOG.warn("recording snapshot {} on {} failed; the next run compares every partition: {}", snapshot.name(),
          table.target().qualifiedName(), e.getMessage());
      return null;
    }
  }
}
