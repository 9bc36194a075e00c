package io.partsync.plan;

import io.partsync.config.DeletesMode;
import io.partsync.config.SyncMode;
import io.partsync.fs.DataFile;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.PartitionSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, for one table, which partitions to copy, which are unchanged and which to drop, from the source
 * listings and the versions the target partitions carry. Pure logic: no cluster is touched.
 */
public final class ChangePlanner {
  private final SyncMode mode;
  private final DeletesMode deletes;
  private final RunId runId;
  private final String targetCluster;

  /** @param targetCluster the name of the target cluster whose table is planned */
  public ChangePlanner(SyncMode mode, DeletesMode deletes, RunId runId, String targetCluster) {
    this.mode = mode;
    this.deletes = deletes;
    this.runId = runId;
    this.targetCluster = targetCluster;
  }

  /**
   * @param sourceTable the source table, db.table
   * @param sources the source partitions by name
   * @param listings the source partitions' files and versions by name
   * @param targets the target's partitions by name
   * @param knownUnchanged partitions a snapshot diff shows unchanged since the target's version; not listed
   */
  public Changes plan(String sourceTable, HiveTable target, Map<String, PartitionSummary> sources,
      Map<String, PartitionListing> listings, Map<String, TargetPartition> targets, Set<String> knownUnchanged) {
    TargetTableName destination = new TargetTableName(targetCluster, target.qualifiedName());
    List<PartitionCopy> copies = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    sources.forEach((name, source) -> {
      PartitionListing listing = listings.get(name);
      if (listing == null && mode == SyncMode.INCREMENTAL && knownUnchanged.contains(name)) {
        unchanged.add(name);
        return;
      }
      if (listing == null || !listing.succeeded()) {
        failures.put(name, listing == null ? "was not listed" : listing.error());
        return;
      }
      TargetPartition existing = targets.get(name);
      PartitionCopy.Change change = change(existing, listing, destination);
      if (change == null) {
        unchanged.add(name);
      } else {
        copies.add(new PartitionCopy(sourceTable, name, source.values(), source.location(), listing.files(),
            listing.version(), List.of(new PartitionCopy.Destination(targetCluster, target.qualifiedName(),
                TargetLayout.partitionDirectory(target.qualifiedName(), target.location(), runId, name), change))));
      }
    });
    List<TargetPartition> drops = new ArrayList<>();
    List<TargetPartition> kept = new ArrayList<>();
    targets.forEach((name, existing) -> {
      if (!sources.containsKey(name)) {
        (deletes == DeletesMode.DROP && existing.writtenByPartsync() ? drops : kept).add(existing);
      }
    });
    return new Changes(copies, unchanged, drops, kept, failures);
  }

  private PartitionCopy.Change change(TargetPartition existing, PartitionListing listing,
      TargetTableName destination) {
    if (mode == SyncMode.FULL) {
      return PartitionCopy.Change.FULL;
    }
    if (existing == null) {
      return PartitionCopy.Change.NEW;
    }
    if (!sameSource(existing, listing)) {
      return PartitionCopy.Change.CHANGED;
    }
    String found = listing.targetVersion(destination);
    boolean targetChecked = existing.targetVersion() != null && found != null;
    return targetChecked && !found.equals(existing.targetVersion())
        ? PartitionCopy.Change.TARGET_CHANGED : null;
  }

  /**
   * Whether the source still holds the version the target has. Listed without checksums, the files'
   * names, lengths and modification times decide, compared with the listing that version was copied from;
   * the version itself cannot be recomputed without the checksums it includes.
   */
  private static boolean sameSource(TargetPartition existing, PartitionListing listing) {
    boolean checksummed = listing.files().stream().anyMatch(DataFile::hasChecksum);
    if (!checksummed && existing.listing() != null) {
      return PartitionVersion.ofListing(listing.files()).equals(existing.listing());
    }
    return listing.version().equals(existing.version());
  }

  /** The decisions for one table; see {@link TablePlan} for each list. */
  public record Changes(List<PartitionCopy> copies, List<String> unchanged, List<TargetPartition> drops,
      List<TargetPartition> kept, Map<String, String> listingFailures) {}
}
