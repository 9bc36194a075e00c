package io.partsync.config;

/** What a source partition registered in the metastore whose directory does not exist means. */
public enum MissingDirectories {
  /**
   * A failure of that partition: it is reported and the target keeps the version it has. A directory
   * deleted behind the metastore's back must not replace a full replica with an empty one.
   */
  FAIL,
  /** An empty partition, for sources that register partitions before (or without) writing their data. */
  EMPTY
}
