package io.partsync.plan;

import io.partsync.config.CompareMode;
import io.partsync.config.DeletesMode;
import io.partsync.config.SyncMode;
import io.partsync.config.TableMapping;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreClient;
import io.partsync.metastore.PartitionSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one table in two steps around the executors' fingerprinting: first reads a summary of the
 * source's and the target's partitions from the metastores, then, given the source listings, decides what
 * to copy and fetches the full source definitions of just those partitions.
 */
public final class TablePlanner {
  private static final Logger LOG = LoggerFactory.getLogger(TablePlanner.class);

  private final MetastoreClient sourceMetastore;
  private final MetastoreClient targetMetastore;
  private final ChangePlanner changes;

  public TablePlanner(MetastoreClient sourceMetastore, MetastoreClient targetMetastore, SyncMode mode,
      DeletesMode deletes, String runId) {
    this.sourceMetastore = sourceMetastore;
    this.targetMetastore = targetMetastore;
    this.changes = new ChangePlanner(mode, deletes, runId);
  }

  /**
   * The partitions of both sides as the metastores have them now. The two metastores are read at the same
   * time: on large tables these batched reads are much of an incremental run's time.
   */
  public TableInputs read(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists) {
    CompletableFuture<Map<String, PartitionSummary>> sources =
        CompletableFuture.supplyAsync(() -> byName(source, sourceMetastore));
    Map<String, TargetPartition> targets = new LinkedHashMap<>();
    if (targetExists) {
      byName(target, targetMetastore).forEach((name, p) -> targets.put(name, TargetPartition.of(name, p)));
    }
    try {
      return new TableInputs(mapping, source, target, targetExists, sources.join(), targets);
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  public TablePlan plan(TableInputs inputs, Map<String, PartitionListing> listings) {
    ChangePlanner.Changes decided = changes.plan(inputs.target(), inputs.sourcePartitions(), listings,
        inputs.targetPartitions());
    Map<String, HivePartition> definitions = definitions(inputs.source(), decided.copies());
    List<PartitionCopy> copies = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>(decided.listingFailures());
    for (PartitionCopy copy : decided.copies()) {
      if (definitions.containsKey(copy.name())) {
        copies.add(copy);
      } else {
        failures.put(copy.name(), "was dropped from the source metastore while this run planned it");
      }
    }
    TablePlan plan = new TablePlan(inputs.mapping(), inputs.source(), inputs.target(), inputs.targetExists(),
        inputs.sourcePartitions(), definitions, inputs.targetPartitions(), copies, decided.unchanged(),
        decided.drops(), decided.kept(), failures);
    LOG.info("planned {}: {} source partitions; {} to copy ({} files, {} bytes), {} unchanged, {} to drop, "
        + "{} gone from the source and kept, {} not listable", inputs.mapping().sourceName(),
        inputs.sourcePartitions().size(), plan.copies().size(), plan.files(), plan.bytes(), plan.unchanged().size(),
        plan.drops().size(), plan.kept().size(), plan.listingFailures().size());
    return plan;
  }

  /** The full source definitions of the partitions to copy, as they are registered on the target. */
  private Map<String, HivePartition> definitions(HiveTable source, List<PartitionCopy> copies) {
    Map<String, HivePartition> byName = new LinkedHashMap<>();
    if (copies.isEmpty()) {
      return byName;
    }
    List<String> names = copies.stream().map(PartitionCopy::name).toList();
    for (HivePartition partition : sourceMetastore.getPartitions(source.database(), source.name(), names)) {
      byName.put(PartitionPaths.name(source.partitionKeyNames(), partition.values()), partition);
    }
    return byName;
  }

  private static Map<String, PartitionSummary> byName(HiveTable table, MetastoreClient metastore) {
    Map<String, PartitionSummary> byName = new LinkedHashMap<>();
    for (PartitionSummary partition : metastore.listPartitionSummaries(table.database(), table.name())) {
      byName.put(PartitionPaths.name(table.partitionKeyNames(), partition.values()), partition);
    }
    return byName;
  }

  /** Both sides of one table before planning. */
  public record TableInputs(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists,
      Map<String, PartitionSummary> sourcePartitions, Map<String, TargetPartition> targetPartitions) {

    /**
     * One listing per source partition. Checksums are read up front only where they can avoid a copy: for
     * partitions the target already holds, compared incrementally, when {@code compare: checksum} asks for
     * them or the target partition does not say which listing its version came from.
     */
    public List<ListingRequest> listingRequests(boolean checksums, SyncMode mode, CompareMode compare) {
      return sourcePartitions.entrySet().stream().map(e -> {
        TargetPartition existing = mode == SyncMode.INCREMENTAL ? targetPartitions.get(e.getKey()) : null;
        boolean compared = existing != null && existing.writtenByPartsync();
        boolean withChecksums = checksums && compared && (compare == CompareMode.CHECKSUM || existing.listing() == null);
        return new ListingRequest(target.qualifiedName(), e.getKey(), e.getValue().location(), withChecksums,
            compared && existing.targetVersion() != null ? existing.location() : null);
      }).toList();
    }
  }
}
