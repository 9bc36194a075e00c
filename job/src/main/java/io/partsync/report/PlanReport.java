package io.partsync.report;

import io.partsync.plan.FileChanges;
import java.util.List;

/**
 * What a dry run would do, written as JSON: per table the partitions to copy (and why), to leave and to
 * drop, the metastore changes, and the virtual executors' shares. Nothing was written to either cluster.
 *
 * @param status PLANNED, or FAILED when a target or table could not be planned (see {@code failures})
 */
public record PlanReport(
    int reportVersion,
    String kind,
    String runId,
    String plannedAt,
    String status,
    long durationMillis,
    Totals totals,
    List<RunReport.TargetReport> failedTargets,
    List<TableChanges> tables,
    List<ExecutorLoad> executors,
    List<RunReport.ViewReport> views) {

  public static final int VERSION = 1;
  public static final String KIND = "dry-run";

  public PlanReport {
    failedTargets = List.copyOf(failedTargets);
    tables = List.copyOf(tables);
    executors = List.copyOf(executors);
    views = views == null ? List.of() : List.copyOf(views);
  }

  public boolean planned() {
    return "PLANNED".equals(status);
  }

  /** Partition copies are counted per source partition: one copy feeds every target that needs it. */
  public record Totals(int tables, int partitionsToCopy, int files, long bytes, int partitionsUnchanged,
      int partitionsToDrop) {}

  /**
   * One target table's plan.
   *
   * @param lockedBy the run holding the table's lock now (a real run would stop with exit 5), or null
   * @param copy partitions to copy, with why and the virtual executor each goes to
   * @param unchanged partitions the target already holds at the source's version: left alone
   * @param drop target partitions gone from the source that would be dropped ({@code deletes: drop})
   * @param kept target partitions gone from the source that stay
   * @param failures partitions (or, with partition null, the whole table) that cannot be planned, and why
   * @param rewrites the properties naming a source file the replica holds rewritten to its own copy, as
   *     {@code <place> <key>: <source value> -> <target value>}
   */
  public record TableChanges(String targetCluster, String source, String target, String targetLocation,
      String lockedBy, MetastoreChanges metastore, List<PartitionChange> copy, List<String> unchanged,
      List<String> drop, List<String> kept, List<RunReport.Failure> failures, List<String> rewrites) {
    public TableChanges {
      rewrites = rewrites == null ? List.of() : List.copyOf(rewrites);
      copy = List.copyOf(copy);
      unchanged = List.copyOf(unchanged);
      drop = List.copyOf(drop);
      kept = List.copyOf(kept);
      failures = List.copyOf(failures);
    }
  }

  /**
   * One partition to copy.
   *
   * @param reason new, changed, target-changed (its target files are no longer those partsync published)
   *     or full ({@code mode: full})
   * @param fileChanges for changed partitions, which files differ from the target's copy; else null
   */
  public record PartitionChange(String partition, String reason, int files, long bytes, int executor,
      FileChanges fileChanges) {}

  /**
   * What the run would change in the target metastore for one table.
   *
   * @param schemaChanges the changes to the existing table's columns, one line each (e.g. "add column c int")
   * @param alterTableMetadata whether the table would be altered to the source's metadata
   * @param alterPartitionsMetadata unchanged partitions that would be altered to the source's metadata
   */
  public record MetastoreChanges(boolean createDatabase, boolean createTable, boolean stampAsReplica,
      int addPartitions, int alterPartitions, int dropPartitions, List<String> schemaChanges,
      boolean alterTableMetadata, int alterPartitionsMetadata) {
    public MetastoreChanges {
      schemaChanges = List.copyOf(schemaChanges);
    }

    /** No metadata changes. */
    public MetastoreChanges(boolean createDatabase, boolean createTable, boolean stampAsReplica,
        int addPartitions, int alterPartitions, int dropPartitions) {
      this(createDatabase, createTable, stampAsReplica, addPartitions, alterPartitions, dropPartitions, List.of(),
          false, 0);
    }
  }

  /**
   * One virtual executor's share: the partitions it would copy (each once, whatever the targets), and the
   * time the cost model predicts for them.
   */
  public record ExecutorLoad(int executor, int partitions, int files, long bytes, long predictedMillis,
      List<String> partitionNames) {
    public ExecutorLoad {
      partitionNames = List.copyOf(partitionNames);
    }
  }
}
