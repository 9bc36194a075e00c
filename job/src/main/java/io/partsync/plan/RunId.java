package io.partsync.plan;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of one run: a scheduler's (the same on every retry of one scheduled run) or one made at the
 * start. It names the run's version directories, its snapshots and its Spark jobs.
 */
public record RunId(String value) implements Serializable {
  /** A run id names directories and snapshots on HDFS, so it keeps to characters every path takes. */
  public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  /** A fresh id sorts by start time and is unique. */
  public static RunId startedAt(Instant started) {
    return new RunId(TIME.format(started) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24)));
  }

  /** The name of this run's version directory in a target table. */
  public String directoryName() {
    return TargetLayout.RUN_DIRECTORY_PREFIX + value;
  }

  /** The name of the snapshot this run takes of a source table. */
  public String snapshotName() {
    return SourceSnapshot.PREFIX + value;
  }

  @Override
  public String toString() {
    return value;
  }
}
