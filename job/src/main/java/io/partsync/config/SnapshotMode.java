package io.partsync.config;

/** Whether a run reads the source table through an HDFS snapshot and finds changes by snapshot diff. */
public enum SnapshotMode {
  /** Read the live directories and fingerprint every partition. */
  OFF,
  /** Use snapshots where the table directory allows them and partsync may create them; else as off. */
  AUTO,
  /** Use snapshots; a table whose directory does not allow them is refused. */
  REQUIRED
}
