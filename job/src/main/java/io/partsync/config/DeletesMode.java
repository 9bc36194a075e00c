package io.partsync.config;

/** What a run does with target partitions whose source partition is gone. */
public enum DeletesMode {
  /** Leave them registered and on disk; the report lists them. */
  KEEP,
  /** Drop them from the target metastore and remove their data, but only where partsync wrote them. */
  DROP
}
