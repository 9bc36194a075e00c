package io.partsync.config;

import io.partsync.metastore.TableName;
import io.partsync.select.PartitionFilter;
import io.partsync.select.RelativeWindow;

/**
 * One table to sync: source {@code db.table}, the target name (defaults to the same) and an optional target
 * location (defaults to a directory under the target database's location).
 *
 * @param adopt whether an existing target table that holds data partsync did not write may become
 *     partsync's replica; without it such a table is refused
 * @param mode this table's mode, or null for the run's
 * @param filter a predicate on partition keys selecting the partitions to sync, or null for all
 * @param window the last days or hours of a date key to sync, or null
 * @param snapshots whether the source table is read through HDFS snapshots
 * @param snapshot an existing snapshot to read instead of creating one, or null
 */
public record TableMapping(
    String sourceDatabase,
    String sourceTable,
    String targetDatabase,
    String targetTable,
    String targetLocation,
    boolean adopt,
    SyncMode mode,
    PartitionFilter filter,
    RelativeWindow window,
    SnapshotMode snapshots,
    String snapshot) {

  /** The source table as db.table. */
  public String sourceName() {
    return new TableName(sourceDatabase, sourceTable).qualified();
  }

  /** The target table as db.table. */
  public String targetName() {
    return new TableName(targetDatabase, targetTable).qualified();
  }

  public SyncMode modeOr(SyncMode runMode) {
    return mode == null ? runMode : mode;
  }

  public boolean selectsAllPartitions() {
    return filter == null && window == null;
  }
}
