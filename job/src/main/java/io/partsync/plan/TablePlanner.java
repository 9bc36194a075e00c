package io.partsync.plan;

import io.partsync.config.CompareMode;
import io.partsync.config.DeletesMode;
import io.partsync.config.SyncMode;
import io.partsync.config.TableMapping;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreException;
import io.partsync.metastore.PartitionSummary;
import io.partsync.select.PartitionFilter;
import io.partsync.stats.ColumnStatsPlan;
import io.partsync.stats.ColumnStatsPlanner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

  private final Metastore sourceMetastore;
  private final Metastore targetMetastore;
  private final DeletesMode deletes;
  private final RunId runId;
  private final Clock clock;
  private final String targetCluster;

  /**
   * @param clock "now" for relative partition windows
   * @param targetCluster the name of the target cluster {@code targetMetastore} belongs to
   */
  public TablePlanner(Metastore sourceMetastore, Metastore targetMetastore, DeletesMode deletes,
      RunId runId, Clock clock, String targetCluster) {
    this.sourceMetastore = sourceMetastore;
    this.targetMetastore = targetMetastore;
    this.deletes = deletes;
    this.runId = runId;
    this.clock = clock;
    this.targetCluster = targetCluster;
  }

  /**
   * The partitions of both sides as the metastores have them now. The two metastores are read at the same
   * time: on large tables these batched reads are much of an incremental run's time.
   */
  public TableInputs read(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists) {
    if (WholeTable.is(source)) {
      return readWhole(mapping, source, target, targetExists);
    }
    PartitionFilter selection = selection(mapping);
    CompletableFuture<Selected> sources = CompletableFuture.supplyAsync(() -> selected(source, selection, mapping));
    Map<String, TargetPartition> targets = new LinkedHashMap<>();
    if (targetExists) {
      // Target partitions outside the selection are not this run's business: never dropped, never reported.
      byName(target, targetMetastore.listPartitionSummaries(target.database(), target.name())).forEach((name, p) -> {
        if (selection == null || selection.matches(values(target, p), keyTypes(target))) {
          targets.put(name, TargetPartition.of(name, p));
        }
      });
    }
    try {
      Selected selected = sources.join();
      return new TableInputs(targetCluster, mapping, source, target, targetExists, selected.partitions(), targets,
          selected.selection());
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  /**
   * An unpartitioned table as its one partition on both sides. The target table is read again: what the
   * check kept of it has its stable directory as location, not the directory of the version it holds.
   */
  private TableInputs readWhole(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists) {
    Map<String, TargetPartition> targets = new LinkedHashMap<>();
    if (targetExists) {
      HiveTable current = targetMetastore.findTable(target.database(), target.name()).orElseThrow(() ->
          new MetastoreException("target table " + target.qualifiedName() + " was dropped from the target"
              + " metastore " + targetMetastore.uris() + " while this run planned it; the next run creates it", null));
      WholeTable.targetPartition(current).ifPresent(p -> targets.put(WholeTable.NAME, p));
    }
    return new TableInputs(targetCluster, mapping, source, target, targetExists,
        Map.of(WholeTable.NAME, WholeTable.sourcePartition(source)), targets, null);
  }

  /**
   * The copies a wave of listings calls for: the partitions listed in it that the target lacks or holds
   * another version of. Quiet, and without fetching definitions: the whole plan is made once all waves
   * are listed, and only its copies are published.
   */
  public List<PartitionCopy> waveCopies(TableInputs inputs, Map<String, PartitionListing> listings, SyncMode mode) {
    Map<String, PartitionSummary> listed = new LinkedHashMap<>();
    listings.keySet().forEach(name -> {
      if (inputs.sourcePartitions().containsKey(name)) {
        listed.put(name, inputs.sourcePartitions().get(name));
      }
    });
    return new ChangePlanner(mode, deletes, runId, targetCluster).plan(inputs.source().qualifiedName(),
        inputs.target(), listed, listings, Map.copyOf(inputs.targetPartitions()), Set.of()).copies();
  }

  public TablePlan plan(TableInputs inputs, Map<String, PartitionListing> listings, SyncMode mode) {
    ChangePlanner.Changes decided = new ChangePlanner(mode, deletes, runId, targetCluster).plan(
        inputs.source().qualifiedName(), inputs.target(), inputs.sourcePartitions(), listings,
        inputs.targetPartitions(), inputs.knownUnchanged());
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
        decided.drops(), decided.kept(), failures, inputs.selection(), inputs.snapshot(),
        metadataUpdates(inputs, decided.unchanged()), columnStats(inputs, definitions, copies, decided.unchanged()));
    LOG.info("planned {}: {} source partitions; {} to copy ({} files, {} bytes), {} unchanged, {} to drop, "
        + "{} gone from the source and kept, {} not listable, {} with metadata to update",
        inputs.mapping().sourceName(), inputs.sourcePartitions().size(), plan.copies().size(), plan.files(),
        plan.bytes(), plan.unchanged().size(), plan.drops().size(), plan.kept().size(),
        plan.listingFailures().size(), plan.metadataUpdates().size());
    return plan;
  }

  /**
   * The source definitions of the unchanged partitions whose metadata changed; only those the summaries
   * cannot clear are fetched, in the metastore client's batches.
   */
  private Map<String, HivePartition> metadataUpdates(TableInputs inputs, List<String> unchanged) {
    List<String> candidates = MetadataChanges.candidates(unchanged, inputs.sourcePartitions(),
        inputs.targetPartitions());
    Map<String, HivePartition> changed = new LinkedHashMap<>();
    if (candidates.isEmpty()) {
      return changed;
    }
    HiveTable source = inputs.source();
    for (HivePartition partition : sourceMetastore.getPartitions(source.database(), source.name(), candidates)) {
      String name = PartitionPaths.name(source.partitionKeyNames(), partition.values());
      if (MetadataChanges.changed(partition, inputs.targetPartitions().get(name))) {
        changed.put(name, partition);
      }
    }
    LOG.info("{}: {} unchanged partitions' source definitions read to compare their metadata, {} changed",
        source.qualifiedName(), candidates.size(), changed.size());
    return changed;
  }

  /**
   * The column statistics to carry, read now, after the copies: those of a copied partition are written
   * only if its copy is of the version planned.
   */
  private ColumnStatsPlan columnStats(TableInputs inputs, Map<String, HivePartition> definitions,
      List<PartitionCopy> copies, List<String> unchanged) {
    Map<String, Map<String, String>> copied = new LinkedHashMap<>();
    copies.forEach(c -> copied.put(c.name(), definitions.get(c.name()).parameters()));
    Map<String, Map<String, String>> kept = new LinkedHashMap<>();
    unchanged.forEach(name -> {
      PartitionSummary source = inputs.sourcePartitions().get(name);
      if (source != null) {
        kept.put(name, source.parameters());
      }
    });
    Map<String, String> targetVersions = new LinkedHashMap<>();
    inputs.targetPartitions().forEach((name, p) -> {
      if (p.statsVersion() != null) {
        targetVersions.put(name, p.statsVersion());
      }
    });
    return new ColumnStatsPlanner(sourceMetastore).plan(inputs.source(), inputs.target(), copied, kept,
        targetVersions);
  }

  /** The full source definitions of the partitions to copy, as they are registered on the target. */
  private Map<String, HivePartition> definitions(HiveTable source, List<PartitionCopy> copies) {
    Map<String, HivePartition> byName = new LinkedHashMap<>();
    if (copies.isEmpty()) {
      return byName;
    }
    if (WholeTable.is(source)) {
      byName.put(WholeTable.NAME, WholeTable.sourceDefinition(source));
      return byName;
    }
    List<String> names = copies.stream().map(PartitionCopy::name).toList();
    for (HivePartition partition : sourceMetastore.getPartitions(source.database(), source.name(), names)) {
      byName.put(PartitionPaths.name(source.partitionKeyNames(), partition.values()), partition);
    }
    return byName;
  }

  /** The table's partition filter and window as one predicate, the window evaluated now; null for all. */
  private PartitionFilter selection(TableMapping mapping) {
    PartitionFilter window = mapping.window() == null ? null : mapping.window().toFilter(clock);
    if (mapping.filter() == null || window == null) {
      return mapping.filter() == null ? window : mapping.filter();
    }
    return PartitionFilter.and(mapping.filter(), window);
  }

  /**
   * The source partitions the selection takes. What the metastore's filter language can express is sent
   * to it, so the partitions it excludes are never listed; the whole predicate is then checked here, which
   * also covers what the metastore could not take or refused.
   */
  private Selected selected(HiveTable source, PartitionFilter selection, TableMapping mapping) {
    if (selection == null) {
      return new Selected(byName(source, sourceMetastore.listPartitionSummaries(source.database(), source.name())),
          null);
    }
    Map<String, String> types = keyTypes(source);
    String pushed = selection.metastoreFilter(types).orElse(null);
    List<PartitionSummary> listed = null;
    if (pushed != null) {
      try {
        listed = sourceMetastore.listPartitionSummaries(source.database(), source.name(), pushed);
      } catch (IllegalArgumentException e) {
        LOG.warn("{}: the source metastore refused the filter {} ({}); listing every partition and filtering"
            + " here", source.qualifiedName(), pushed, e.getMessage());
        pushed = null;
      }
    }
    if (listed == null) {
      listed = sourceMetastore.listPartitionSummaries(source.database(), source.name());
    }
    List<PartitionSummary> matching = listed.stream().filter(p -> selection.matches(values(source, p), types))
        .toList();
    LOG.info("{}: {} partitions match {}; the metastore sent {} ({})", source.qualifiedName(), matching.size(),
        selection, listed.size(), pushed == null ? "unfiltered" : "filtered by " + pushed);
    return new Selected(byName(source, matching), new TablePlan.Selection(selection.toString(), pushed,
        listed.size(), matching.size(), unreadable(source, mapping, listed, types)));
  }

  /**
   * The partitions the window leaves out only because its format does not read their key value, among those
   * the user's filter takes, with a warning: they are not copied, and a user should know why. Hive's default
   * partition (a NULL key) is not among them: like NULL, it is in no window.
   */
  private static List<String> unreadable(HiveTable source, TableMapping mapping, List<PartitionSummary> listed,
      Map<String, String> types) {
    if (mapping.window() == null) {
      return List.of();
    }
    String key = mapping.window().key();
    List<String> names = new ArrayList<>();
    for (PartitionSummary partition : listed) {
      Map<String, String> values = values(source, partition);
      String value = values.get(key);
      if (value != null && !value.equals(PartitionFilter.HIVE_NULL_PARTITION) && !mapping.window().reads(value)
          && (mapping.filter() == null || mapping.filter().matches(values, types))) {
        names.add(PartitionPaths.name(source.partitionKeyNames(), partition.values()));
      }
    }
    if (!names.isEmpty()) {
      LOG.warn("{}: {} partition(s) have a {} value that the window's format {} does not read, so the window does"
          + " not select them and they are not copied: {}", source.qualifiedName(), names.size(), key,
          mapping.window().format(), names.size() <= 10 ? names : names.subList(0, 10) + " and " + (names.size() - 10)
          + " more");
    }
    return names;
  }

  private record Selected(Map<String, PartitionSummary> partitions, TablePlan.Selection selection) {}

  private static Map<String, String> keyTypes(HiveTable table) {
    Map<String, String> types = new LinkedHashMap<>();
    table.partitionKeys().forEach(key -> types.put(key.name().toLowerCase(Locale.ROOT), key.type()));
    return types;
  }

  private static Map<String, String> values(HiveTable table, PartitionSummary partition) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> keys = table.partitionKeyNames();
    for (int i = 0; i < keys.size() && i < partition.values().size(); i++) {
      values.put(keys.get(i).toLowerCase(Locale.ROOT), partition.values().get(i));
    }
    return values;
  }

  private static Map<String, PartitionSummary> byName(HiveTable table, List<PartitionSummary> partitions) {
    Map<String, PartitionSummary> byName = new LinkedHashMap<>();
    for (PartitionSummary partition : partitions) {
      byName.put(PartitionPaths.name(table.partitionKeyNames(), partition.values()), partition);
    }
    return byName;
  }

  /**
   * Both sides of one table before planning.
   *
   * @param targetCluster the name of the target cluster {@code target} is on
   * @param selection how the table's partition filter selected its source partitions, or null for all
   */
  public record TableInputs(String targetCluster, TableMapping mapping, HiveTable source, HiveTable target,
      boolean targetExists, Map<String, PartitionSummary> sourcePartitions,
      Map<String, TargetPartition> targetPartitions, TablePlan.Selection selection, Set<String> knownUnchanged,
      TablePlan.SnapshotUse snapshot) {

    public TableInputs {
      knownUnchanged = Set.copyOf(knownUnchanged);
    }

    public TableInputs(String targetCluster, TableMapping mapping, HiveTable source, HiveTable target,
        boolean targetExists, Map<String, PartitionSummary> sourcePartitions,
        Map<String, TargetPartition> targetPartitions, TablePlan.Selection selection) {
      this(targetCluster, mapping, source, target, targetExists, sourcePartitions, targetPartitions, selection,
          Set.of(), null);
    }

    /**
     * These inputs read through {@code snapshot}: partitions inside the table directory are listed and
     * copied from it, and those the target holds as partsync wrote them that {@code touched} does not name
     * are known unchanged and not listed at all.
     *
     * @param touched the partitions a snapshot diff touched since the target's last snapshot, or null when
     *     there is no diff to go by
     */
    public TableInputs withSnapshot(SourceSnapshot snapshot, String previous, Set<String> touched) {
      Map<String, PartitionSummary> mapped = new LinkedHashMap<>();
      Set<String> unchanged = new java.util.HashSet<>();
      sourcePartitions.forEach((name, partition) -> {
        String inSnapshot = snapshot.map(partition.location());
        mapped.put(name, inSnapshot == null ? partition
            : new PartitionSummary(partition.values(), inSnapshot, partition.parameters()));
        TargetPartition existing = targetPartitions.get(name);
        // A partition the source metastore now points elsewhere was not copied from here: the diff of this
        // directory says nothing about it.
        if (touched != null && inSnapshot != null && !touched.contains(name) && existing != null
            && existing.writtenByPartsync() && existing.listing() != null
            && partition.location().equals(existing.sourceLocation())) {
          unchanged.add(name);
        }
      });
      return new TableInputs(targetCluster, mapping, source, target, targetExists, mapped, targetPartitions,
          selection, unchanged, new TablePlan.SnapshotUse(snapshot.name(), touched == null ? null : previous,
              unchanged.size()));
    }

    /**
     * One listing per source partition. Checksums are read up front only where they can avoid a copy: for
     * partitions the target already holds, compared incrementally, when {@code compare: checksum} asks for
     * them or the target partition does not say which listing its version came from.
     */
    public List<ListingRequest> listingRequests(boolean checksums, SyncMode mode, CompareMode compare) {
      return sourcePartitions.entrySet().stream()
          .filter(e -> mode == SyncMode.FULL || !knownUnchanged.contains(e.getKey())).map(e -> {
        TargetPartition existing = mode == SyncMode.INCREMENTAL ? targetPartitions.get(e.getKey()) : null;
        boolean compared = existing != null && existing.writtenByPartsync();
        boolean withChecksums = checksums && compared && (compare == CompareMode.CHECKSUM || existing.listing() == null);
        Map<TargetTableName, String> targetDirs = compared && existing.targetVersion() != null
            ? Map.of(new TargetTableName(targetCluster, target.qualifiedName()), existing.location())
            : Map.of();
        return new ListingRequest(source.qualifiedName(), e.getKey(), e.getValue().location(), withChecksums,
            targetDirs);
      }).toList();
    }
  }
}
