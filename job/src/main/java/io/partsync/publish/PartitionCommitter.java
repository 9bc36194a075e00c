package io.partsync.publish;

import io.partsync.copy.PartitionResult;
import io.partsync.failure.FaultPoint;
import io.partsync.failure.Faults;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TargetPartition;
import io.partsync.plan.WholeTable;
import io.partsync.targets.TargetTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes copied partitions in the target metastore: new ones added, changed ones altered to point at
 * their new version directory (one metastore update per partition, so a reader sees the old version or
 * the new one), and, with {@code deletes: drop}, partitions gone from the source dropped. All in batches.
 * An unpartitioned table's new version is published by pointing the table at it (see {@link WholeTable}).
 */
public final class PartitionCommitter {
  private static final Set<String> ROW_STATS = Set.of("numRows", "rawDataSize");
  /** What a published version records besides its row counts; a table's other parameters are its own. */
  private static final Set<String> VERSION_PARAMETERS = Set.of("numFiles", "totalSize",
      PartsyncParameters.SOURCE_VERSION, PartsyncParameters.SOURCE_LISTING, PartsyncParameters.TARGET_VERSION,
      PartsyncParameters.SOURCE_LOCATION, PartsyncParameters.RUN_ID, PartsyncParameters.SYNCED_AT);

  private final Metastore target;
  private final RunId runId;
  private final Faults faults;

  public PartitionCommitter(Metastore target, RunId runId, Faults faults) {
    this.target = target;
    this.runId = runId;
    this.faults = faults;
  }

  /** Publishes the succeeded partitions of {@code plan} and drops its drops. */
  public CommitResult commit(TablePlan plan, List<PartitionResult> copied, long syncedAtMillis) {
    HiveTable table = plan.target();
    if (WholeTable.is(table)) {
      return commitWhole(plan, copied, syncedAtMillis);
    }
    List<HivePartition> added = new ArrayList<>();
    List<HivePartition> altered = new ArrayList<>();
    List<String> superseded = new ArrayList<>();
    for (PartitionResult result : copied) {
      HivePartition source = plan.definitions().get(result.name());
      HivePartition partition = targetPartition(source, result, syncedAtMillis, runId);
      TargetPartition existing = plan.targetPartitions().get(result.name());
      if (existing == null) {
        added.add(partition);
      } else {
        altered.add(partition);
        superseded.add(existing.location());
      }
    }
    target.addPartitions(table.database(), table.name(), added);
    faults.reach(FaultPoint.MID_COMMIT);
    target.alterPartitions(table.database(), table.name(), altered);
    target.dropPartitions(table.database(), table.name(), plan.drops().stream().map(TargetPartition::name).toList());
    plan.drops().forEach(dropped -> superseded.add(dropped.location()));
    return new CommitResult(added.size(), altered.size(), plan.drops().size(), superseded);
  }

  /**
   * Publishes the new version of an unpartitioned table: one {@code alter_table} points it at the version's
   * directory with the version's statistics and partsync's record of it, so readers see the old or the new.
   */
  private CommitResult commitWhole(TablePlan plan, List<PartitionResult> copied, long syncedAtMillis) {
    HiveTable table = plan.target();
    if (copied.isEmpty()) {
      return new CommitResult(0, 0, 0, List.of());
    }
    PartitionResult result = copied.get(0);
    HivePartition version = targetPartition(plan.definitions().get(WholeTable.NAME), result, syncedAtMillis, runId);
    Map<String, String> parameters = new HashMap<>();
    version.parameters().forEach((key, value) -> {
      if (VERSION_PARAMETERS.contains(key) || ROW_STATS.contains(key)) {
        parameters.put(key, value);
      }
    });
    parameters.put(PartsyncParameters.TABLE_ROOT, table.location());
    Set<String> stale = new HashSet<>(ROW_STATS);
    stale.removeAll(parameters.keySet());
    faults.reach(FaultPoint.MID_COMMIT);
    target.setTableLocation(table.database(), table.name(), result.targetDir(), parameters, stale);
    TargetPartition existing = plan.targetPartitions().get(WholeTable.NAME);
    return existing == null ? new CommitResult(1, 0, 0, List.of())
        : new CommitResult(0, 1, 0, List.of(existing.location()));
  }

  static HivePartition targetPartition(HivePartition source, PartitionResult copied, long syncedAtMillis,
      RunId runId) {
    Map<String, String> parameters = new HashMap<>();
    source.parameters().forEach((key, value) -> {
      // Row counts describe the bytes, which are copied unchanged; other statistics are recomputed here.
      if (!TargetTables.VOLATILE_PARAMETERS.contains(key) || ROW_STATS.contains(key)) {
        parameters.put(key, value);
      }
    });
    parameters.put("numFiles", Integer.toString(copied.files()));
    parameters.put("totalSize", Long.toString(copied.bytes()));
    parameters.put(PartsyncParameters.SOURCE_VERSION, copied.version());
    parameters.put(PartsyncParameters.SOURCE_LISTING, copied.listing());
    parameters.put(PartsyncParameters.TARGET_VERSION, copied.targetVersion());
    parameters.put(PartsyncParameters.SOURCE_LOCATION, source.location());
    parameters.put(PartsyncParameters.RUN_ID, runId.value());
    parameters.put(PartsyncParameters.SYNCED_AT, Long.toString(syncedAtMillis));
    return new HivePartition(source.values(), copied.targetDir(), source.columns(),
        TargetTables.relocated(source.storage(), copied.targetDir()), parameters);
  }

  /**
   * What the commit changed.
   *
   * @param unreferenced locations the target metastore no longer points at (previous versions, drops)
   */
  public record CommitResult(int added, int altered, int dropped, List<String> unreferenced) {
    public CommitResult {
      unreferenced = List.copyOf(unreferenced);
    }
  }
}
