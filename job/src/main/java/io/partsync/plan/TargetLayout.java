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

  public static String partitionDirectory(String table, String tableLocation, RunId runId, String partition) {
    return PartitionPaths.directory(table, runDirectory(tableLocation, runId), partition);
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
