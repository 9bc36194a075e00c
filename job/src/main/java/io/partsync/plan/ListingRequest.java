package io.partsync.plan;

import java.io.Serializable;
import java.util.Map;

/**
 * A source partition directory to list and fingerprint on an executor, and the target directories that
 * should still hold what partsync published there. Plain data.
 *
 * @param sourceTable the source table, db.table
 * @param withChecksums whether to read each file's stored checksum too. Only needed to compare with a
 *     version a target holds; a partition copied anyway gets its checksums while it is verified.
 * @param targetDirs by destination, the target partition
 *     directories to check; only those with something to check
 */
public record ListingRequest(String sourceTable, String name, String sourceDir, boolean withChecksums,
    Map<TargetTableName, String> targetDirs) implements Serializable {

  public ListingRequest {
    targetDirs = Map.copyOf(targetDirs);
  }

  /** One request for the same source partition asked by several destinations. */
  public ListingRequest merge(ListingRequest other) {
    Map<TargetTableName, String> dirs = new java.util.HashMap<>(targetDirs);
    dirs.putAll(other.targetDirs);
    return new ListingRequest(sourceTable, name, sourceDir, withChecksums || other.withChecksums, dirs);
  }
}
