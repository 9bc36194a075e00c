package io.partsync.plan;

import io.partsync.path.PathStrings;

/**
 * Where partsync puts data in a target table. Each run writes the partitions it copies under a directory
 * of its own, {@code <table>/partsync-<run id>/<partition name>}, and a partition becomes visible only when
 * the metastore points it there. A version directory is never inside another partition's location, so
 * readers of the previous version, which may list their directory recursively, never see the new files.
 * partsync's own state (lock, housekeeping records) lives in {@code <table>/.partsync}, hidden from readers.
 */
public final class TargetLayout {
  public static final String RUN_DIRECTORY_PREFIX = "partsync-";
  public static final String STATE_DIRECTORY = ".partsync";

  private TargetLayout() {}

  public static String runDirectory(String tableLocation, RunId runId) {
    return PathStrings.withoutTrailingSlash(tableLocation) + "/" + runId.directoryName();
  }

  /** The version directory of a partition, or of an unpartitioned table (see {@link WholeTable}). */
  public static String partitionDirectory(String table, String tableLocation, RunId runId, String partition) {
    if (partition.equals(WholeTable.NAME)) {
      return runDirectory(tableLocation, runId) + "/" + WholeTable.DIRECTORY;
    }
    return PartitionPaths.directory(table, runDirectory(tableLocation, runId), partition);
  }

  /**
   * How deep version directories are under a run directory: one level per partition key, one for the
   * version of an unpartitioned table.
   */
  public static int versionDepth(int partitionKeys) {
    return Math.max(1, partitionKeys);
  }

  public static String stateDirectory(String tableLocation) {
    return PathStrings.withoutTrailingSlash(tableLocation) + "/" + STATE_DIRECTORY;
  }

  /** Whether {@code location} is a version directory partsync wrote under this table, which it may remove. */
  public static boolean isVersionDirectory(String tableLocation, String location) {
    String prefix = PathStrings.withoutTrailingSlash(tableLocation) + "/" + RUN_DIRECTORY_PREFIX;
    return location != null && location.startsWith(prefix) && location.indexOf('/', prefix.length()) > 0;
  }
}
