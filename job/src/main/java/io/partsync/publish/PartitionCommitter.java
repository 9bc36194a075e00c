package io.partsync.publish;

import io.partsync.copy.PartitionResult;
import io.partsync.failure.FaultPoint;
import io.partsync.failure.Faults;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveParameters;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.metastore.Storage;
import io.partsync.plan.MetadataChanges;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TargetPartition;
import io.partsync.plan.WholeTable;
import io.partsync.plan.MetadataVersion;
import io.partsync.targets.SourceUris;
import io.partsync.targets.TargetTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes copied partitions in the target metastore: new ones added, changed ones altered to point at
 * their new version directory (one metastore update per partition, so a reader sees the old version or
 * the new one), and, with {@code deletes: drop}, partitions gone from the source dropped. All in batches.
 * An unpartitioned table's new version is published by pointing the table at it (see {@link WholeTable}).
 */
public final class PartitionCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionCommitter.class);
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

  /**
   * Publishes the succeeded partitions of {@code plan} and drops its drops. The table's own metadata is
   * brought up to the source's first, so a column the new partitions have is there before they are; a run
   * killed after that leaves a table with columns no partition has yet, which reads as NULL.
   */
  public CommitResult commit(TablePlan plan, List<PartitionResult> copied, long syncedAtMillis) {
    HiveTable table = plan.target();
    Optional<HiveTable> tableUpdate = TargetTables.metadataUpdate(plan.source(), table);
    if (tableUpdate.isPresent()) {
      LOG.info("altering the metadata of target table {} to the source's", table.qualifiedName());
      target.alterTable(tableUpdate.get());
    }
    if (WholeTable.is(table)) {
      return commitWhole(plan, copied, syncedAtMillis, tableUpdate.isPresent());
    }
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
    List<HivePartition> metadataUpdated = new ArrayList<>();
    plan.metadataUpdates().forEach((name, source) -> metadataUpdated.add(
        metadataUpdated(source, plan.targetPartitions().get(name))));
    altered.addAll(metadataUpdated);
    target.alterPartitions(table.database(), table.name(), altered);
    target.dropPartitions(table.database(), table.name(), plan.drops().stream().map(TargetPartition::name).toList());
    plan.drops().forEach(dropped -> superseded.add(dropped.location()));
    int statsWritten = new ColumnStatsWriter(target).writePartitions(plan, copied);
    return new CommitResult(added.size(), altered.size() - metadataUpdated.size(), plan.drops().size(), superseded,
        tableUpdate.isPresent(), metadataUpdated.size(), statsWritten);
  }

  /**
   * Publishes the new version of an unpartitioned table: one {@code alter_table} points it at the version's
   * directory with the version's statistics and partsync's record of it, so readers see the old or the new.
   */
  private CommitResult commitWhole(TablePlan plan, List<PartitionResult> copied, long syncedAtMillis,
      boolean tableMetadataUpdated) {
    HiveTable table = plan.target();
    if (copied.isEmpty()) {
      return new CommitResult(0, 0, 0, List.of(), tableMetadataUpdated, 0, 0);
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
    return existing == null ? new CommitResult(1, 0, 0, List.of(), tableMetadataUpdated, 0, 0)
        : new CommitResult(0, 1, 0, List.of(existing.location()), tableMetadataUpdated, 0, 0);
  }

  static HivePartition targetPartition(HivePartition source, PartitionResult copied, long syncedAtMillis,
      RunId runId) {
    Map<String, String> parameters = new HashMap<>();
    source.parameters().forEach((key, value) -> {
      // Row statistics describe the bytes, which are copied unchanged; file counts and sizes are recomputed.
      if (!HiveParameters.VOLATILE.contains(key) || MetadataChanges.BASIC_STATS.contains(key)) {
        parameters.put(key, value);
      }
    });
    // Statistics are recorded only once written, after the partition is published.
    parameters.remove(PartsyncParameters.STATS_VERSION);
    parameters.put("numFiles", Integer.toString(copied.files()));
    parameters.put("totalSize", Long.toString(copied.bytes()));
    parameters.put(PartsyncParameters.SOURCE_VERSION, copied.version());
    parameters.put(PartsyncParameters.SOURCE_LISTING, copied.listing());
    parameters.put(PartsyncParameters.TARGET_VERSION, copied.targetVersion());
    parameters.put(PartsyncParameters.SOURCE_LOCATION, source.location());
    parameters.put(PartsyncParameters.RUN_ID, runId.value());
    parameters.put(PartsyncParameters.SYNCED_AT, Long.toString(syncedAtMillis));
    recordMetadata(parameters, source);
    return new HivePartition(source.values(), copied.targetDir(), source.columns(),
        TargetTables.relocated(source.storage(), copied.targetDir()), parameters);
  }

  /**
   * An unchanged partition given the source's new metadata: its columns, storage, descriptive parameters
   * and row statistics from {@code source}; its location, file statistics and partsync's parameters (the
   * version it holds) stay the target's.
   */
  static HivePartition metadataUpdated(HivePartition source, TargetPartition existing) {
    Map<String, String> parameters = new HashMap<>();
    existing.parameters().forEach((key, value) -> {
      if (!MetadataVersion.describesData(key) && !MetadataChanges.BASIC_STATS.contains(key)) {
        parameters.put(key, value);
      }
    });
    source.parameters().forEach((key, value) -> {
      if (MetadataVersion.describesData(key) || MetadataChanges.BASIC_STATS.contains(key)) {
        parameters.put(key, value);
      }
    });
    recordMetadata(parameters, source);
    return new HivePartition(source.values(), existing.location(), source.columns(),
        TargetTables.relocated(source.storage(), existing.location()), parameters);
  }

  /** Records what source metadata the partition was made from, and when the source last altered it. */
  private static void recordMetadata(Map<String, String> parameters, HivePartition source) {
    parameters.put(PartsyncParameters.METADATA_VERSION, MetadataVersion.of(source));
    String ddlTime = source.parameters().get("transient_lastDdlTime");
    if (ddlTime != null) {
      parameters.put(PartsyncParameters.SOURCE_DDL_TIME, ddlTime);
    } else {
      parameters.remove(PartsyncParameters.SOURCE_DDL_TIME);
    }
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
   * @param altered partitions altered to a new version directory
   * @param unreferenced locations the target metastore no longer points at (previous versions, drops)
   * @param tableMetadataUpdated whether the table was altered to the source's metadata
   * @param metadataUpdated unchanged partitions altered to the source's metadata, their files left alone
   * @param columnStatsWritten partitions, and the table, whose column statistics were written or removed
   */
  public record CommitResult(int added, int altered, int dropped, List<String> unreferenced,
      boolean tableMetadataUpdated, int metadataUpdated, int columnStatsWritten) {
    public CommitResult {
      unreferenced = List.copyOf(unreferenced);
    }

    public CommitResult(int added, int altered, int dropped, List<String> unreferenced) {
      this(added, altered, dropped, unreferenced, false, 0, 0);
    }

    public CommitResult withColumnStatsWritten(int written) {
      return new CommitResult(added, altered, dropped, unreferenced, tableMetadataUpdated, metadataUpdated, written);
    }
  }
}
