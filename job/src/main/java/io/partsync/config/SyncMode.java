package io.partsync.config;

/** Which partitions a run copies. */
public enum SyncMode {
  /** Only partitions that are new on the source or whose version differs from the one synced last. */
  INCREMENTAL,
  /** Every source partition, whatever the target holds. */
  FULL
}
