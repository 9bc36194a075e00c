package io.partsync.commit;

import io.partsync.copy.PartitionResult;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreClient;
import io.partsync.plan.TablePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Registers copied partitions in the target metastore: new ones added, existing ones altered, in batches,
 * each with its target location and statistics.
 */
public final class PartitionCommitter {
  public static final String SOURCE_LOCATION_PARAMETER = "partsync.source.location";
  public static final String SYNCED_AT_PARAMETER = "partsync.synced.at";
  private static final Set<String> ROW_STATS = Set.of("numRows", "rawDataSize");

  private final MetastoreClient target;

  public PartitionCommitter(MetastoreClient target) {
    this.target = target;
  }

  /** Registers the succeeded partitions of {@code plan}; returns how many were added and altered. */
  public CommitResult commit(TablePlan plan, List<PartitionResult> copied, long syncedAtMillis) {
    HiveTable table = plan.target();
    Set<String> existing = plan.targetExists()
        ? new HashSet<>(target.listPartitionNames(table.database(), table.name()))
        : Set.of();
    List<HivePartition> added = new ArrayList<>();
    List<HivePartition> altered = new ArrayList<>();
    for (PartitionResult result : copied) {
      HivePartition source = plan.sourcePartitions().get(result.name());
      HivePartition partition = targetPartition(source, result, syncedAtMillis);
      (existing.contains(result.name()) ? altered : added).add(partition);
    }
    target.addPartitions(table.database(), table.name(), added);
    target.alterPartitions(table.database(), table.name(), altered);
    return new CommitResult(added.size(), altered.size());
  }

  static HivePartition targetPartition(HivePartition source, PartitionResult copied, long syncedAtMillis) {
    Map<String, String> parameters = new HashMap<>();
    source.parameters().forEach((key, value) -> {
      // Row counts describe the bytes, which are copied unchanged; other statistics are recomputed here.
      if (!TargetTables.VOLATILE_PARAMETERS.contains(key) || ROW_STATS.contains(key)) {
        parameters.put(key, value);
      }
    });
    parameters.put("numFiles", Integer.toString(copied.files()));
    parameters.put("totalSize", Long.toString(copied.bytes()));
    parameters.put(SOURCE_LOCATION_PARAMETER, source.location());
    parameters.put(SYNCED_AT_PARAMETER, Long.toString(syncedAtMillis));
    return new HivePartition(source.values(), copied.targetDir(), source.columns(),
        TargetTables.relocated(source.storage(), copied.targetDir()), parameters);
  }

  /** Partitions added to and altered in the target metastore. */
  public record CommitResult(int added, int altered) {}
}
