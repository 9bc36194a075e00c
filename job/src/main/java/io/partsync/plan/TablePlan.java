package io.partsync.plan;

import io.partsync.config.TableMapping;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.PartitionSummary;
import io.partsync.stats.ColumnStatsPlan;
import java.util.List;
import java.util.Map;

/**
 * What one table's sync will do.
 *
 * @param targetExists false when the target table is still to be created from {@code target}
 * @param sourcePartitions source partitions by Hive partition name
 * @param definitions the full source definitions of the partitions to copy, by name
 * @param targetPartitions the target's partitions before this run, by name
 * @param copies partitions to copy, new or changed
 * @param unchanged names of partitions whose target already holds the source's version
 * @param drops target partitions gone from the source that this run drops
 * @param kept target partitions gone from the source that stay: {@code deletes: keep}, or not written by
 *     partsync
 * @param listingFailures partitions that could not be listed on the source, with the reason
 * @param selection how a partition filter selected the source partitions, or null when it took all
 * @param snapshot how the source was read through a snapshot, or null when it was read live
 * @param metadataUpdates the full source definitions of unchanged partitions whose metadata changed, by
 *     name: their target partitions are altered, their files left as they are
 * @param columnStats the column statistics to carry from the source, read when the plan was made
 */
public record TablePlan(
    TableMapping mapping,
    HiveTable source,
    HiveTable target,
    boolean targetExists,
    Map<String, PartitionSummary> sourcePartitions,
    Map<String, HivePartition> definitions,
    Map<String, TargetPartition> targetPartitions,
    List<PartitionCopy> copies,
    List<String> unchanged,
    List<TargetPartition> drops,
    List<TargetPartition> kept,
    Map<String, String> listingFailures,
    Selection selection,
    SnapshotUse snapshot,
    Map<String, HivePartition> metadataUpdates,
    ColumnStatsPlan columnStats) {

  /**
   * How the table was read through a snapshot.
   *
   * @param diffFrom the snapshot the target was last synced from, when a diff from it decided what to list;
   *     null when every partition was compared by its fingerprint
   * @param partitionsNotListed partitions the diff showed unchanged, not listed at all
   */
  public record SnapshotUse(String name, String diffFrom, int partitionsNotListed) {}

  /**
   * @param filter the table's filter and window, as evaluated in this run
   * @param metastoreFilter the part of it the source metastore applied, or null when it listed everything
   * @param listed partitions the metastore sent
   * @param selected partitions that matched the whole filter
   * @param unreadable partitions the metastore sent that the user's filter takes but whose window key value
   *     the window's format does not read (e.g. 'latest' among dates), so the window did not select them
   */
  public record Selection(String filter, String metastoreFilter, int listed, int selected, List<String> unreadable) {
    public Selection {
      unreadable = List.copyOf(unreadable);
    }
  }

  public TablePlan {
    sourcePartitions = Map.copyOf(sourcePartitions);
    definitions = Map.copyOf(definitions);
    targetPartitions = Map.copyOf(targetPartitions);
    copies = List.copyOf(copies);
    unchanged = List.copyOf(unchanged);
    drops = List.copyOf(drops);
    kept = List.copyOf(kept);
    listingFailures = Map.copyOf(listingFailures);
    metadataUpdates = Map.copyOf(metadataUpdates);
    columnStats = columnStats == null ? ColumnStatsPlan.NONE : columnStats;
  }

  /** A plan without metadata updates or column statistics. */
  public TablePlan(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists,
      Map<String, PartitionSummary> sourcePartitions, Map<String, HivePartition> definitions,
      Map<String, TargetPartition> targetPartitions, List<PartitionCopy> copies, List<String> unchanged,
      List<TargetPartition> drops, List<TargetPartition> kept, Map<String, String> listingFailures,
      Selection selection, SnapshotUse snapshot) {
    this(mapping, source, target, targetExists, sourcePartitions, definitions, targetPartitions, copies, unchanged,
        drops, kept, listingFailures, selection, snapshot, Map.of(), ColumnStatsPlan.NONE);
  }

  public long bytes() {
    return copies.stream().mapToLong(PartitionCopy::bytes).sum();
  }

  public int files() {
    return copies.stream().mapToInt(p -> p.files().size()).sum();
  }
}
