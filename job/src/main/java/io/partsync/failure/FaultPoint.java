package io.partsync.failure;

import java.util.Locale;

/** The points a test can fail a run at, in the order a run reaches them. */
public enum FaultPoint {
  /** An executor, after writing the first chunk of a file. */
  MID_FILE,
  /** The driver, after every partition was copied and verified, before any metastore change. */
  AFTER_COPY,
  /** The driver, after new partitions were added and before changed ones were altered. */
  MID_COMMIT,
  /** The driver, after housekeeping removed its first directory. */
  DURING_HOUSEKEEPING;

  /** How a test names the point: {@code mid-file}, {@code after-copy}, ... */
  public String key() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
