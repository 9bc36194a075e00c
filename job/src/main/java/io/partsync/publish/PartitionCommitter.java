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
import io.partsync.metastore.Storage;
import io.partsync.targets.SourceUris;
import io.partsync.targets.TargetTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes copied partitions in the target metastore: new ones added, changed ones altered to point at
 * their new version directory (one metastore update per partition, so a reader sees the old version or
 * the new one), and, with {@code deletes: drop}, partitions gone from the source dropped. All in batches.
 */
public final class PartitionCommitter {
  private static final Set<String> ROW_STATS = Set.of("numRows", "rawDataSize");

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
    List<HivePartition> added = new ArrayList<>();
    List<HivePartition> altered = new ArrayList<>();
    List<String> superseded = new ArrayList<>();
    List<SourceUris.Rewrite> rewrites = SourceUris.rewrites(plan.source(), table);
    for (PartitionResult result : copied) {
      HivePartition source = plan.definitions().get(result.name());
      HivePartition partition = selfContained(targetPartition(source, result, syncedAtMillis, runId), rewrites,
          table, result.name());
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
   * The partition with the URIs its table's replica rewrote rewritten too: a partition keeps its own copy
   * of the table's serde parameters, {@code avro.schema.url} among them. A schema file of its own, which
   * the table does not name, was not copied: the table's registration fails, naming it, rather than
   * register a partition that reads the source.
   */
  static HivePartition selfContained(HivePartition partition, List<SourceUris.Rewrite> rewrites, HiveTable table,
      String name) {
    Storage storage = SourceUris.rewritten(partition.storage(), rewrites);
    Map<String, String> parameters = SourceUris.rewritten(partition.parameters(), rewrites);
    String tableSchema = table.storage().serdeParameters().getOrDefault(SourceUris.AVRO_SCHEMA_URL,
        table.parameters().get(SourceUris.AVRO_SCHEMA_URL));
    for (Map<String, String> properties : List.of(storage.serdeParameters(), parameters)) {
      String schema = properties.get(SourceUris.AVRO_SCHEMA_URL);
      boolean copied = rewrites.stream().anyMatch(r -> r.to().equals(schema));
      if (schema != null && !copied && !schema.equals(tableSchema) && tableSchema != null) {
        throw new IllegalStateException("partition " + name + " of " + table.qualifiedName() + " reads its own"
            + " schema file " + schema + " (" + SourceUris.AVRO_SCHEMA_URL + "), not its table's; partsync copies the"
            + " table's schema file only: set the partition's to the table's on the source");
      }
    }
    return new HivePartition(partition.values(), partition.location(), partition.columns(), storage, parameters);
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
