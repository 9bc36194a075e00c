package io.partsync.plan;

import io.partsync.config.ExecutorSettings;
import io.partsync.fs.DataFile;
import java.io.Serializable;

/**
 * How long copying takes, to balance virtual executors by time rather than bytes: a file costs its bytes
 * at one stream's bandwidth plus a fixed per-file cost (create, close, the checksum calls on both sides),
 * and a partition adds a fixed per-partition cost (its directory, the listing of its copy, its share of
 * the publish). The fixed costs are paid once per destination; the bytes are read once whatever the
 * destinations.
 *
 * <p>An executor copies {@code streams} files at once, so its time is its partitions' work divided by its
 * streams, but never less than its longest single file: one file is one stream.
 *
 * @param streamBytesPerSecond bytes per second one copy stream moves
 * @param fileMillis time per file beyond its bytes, per destination
 * @param partitionMillis time per partition beyond its files, per destination
 * @param source where the figures come from, for the plan log and the report: {@code defaults},
 *     {@code config}, {@code previous run}, or {@code observed} for what a run's copy tasks took
 */
public record CopyCost(long streamBytesPerSecond, double fileMillis, double partitionMillis, String source)
    implements Serializable {

  /**
   * Measured on HDFS mini clusters on loopback (the benchmark's machine, 2 cores, nothing else running): a
   * lone 1 GiB file streamed at 64 to 80 MiB/s beside other copies, and the one-file case observed 18 ms
   * per file (open, create, write, close, a checksum call on each side) and 9 ms per partition (its
   * listing and its share of the add_partitions batches).
   */
  public static final CopyCost DEFAULTS = new CopyCost(64L * 1024 * 1024, 18, 9, "defaults");

  /**
   * The figures the config sets, each left out taken from {@code earlier} (what an earlier run observed),
   * or else from {@link #DEFAULTS}.
   *
   * @param earlier an earlier run's observed figures, or null
   */
  public static CopyCost of(ExecutorSettings.Cost configured, CopyCost earlier) {
    CopyCost base = earlier != null ? earlier : DEFAULTS;
    if (configured.isEmpty()) {
      return base;
    }
    boolean all = configured.streamBytesPerSecond() != null && configured.fileMillis() != null
        && configured.partitionMillis() != null;
    return new CopyCost(
        configured.streamBytesPerSecond() != null ? configured.streamBytesPerSecond() : base.streamBytesPerSecond(),
        configured.fileMillis() != null ? configured.fileMillis() : base.fileMillis(),
        configured.partitionMillis() != null ? configured.partitionMillis() : base.partitionMillis(),
        all ? "config" : "config and " + base.source());
  }

  public CopyCost {
    if (streamBytesPerSecond <= 0 || fileMillis < 0 || partitionMillis < 0) {
      throw new IllegalArgumentException("a copy cost needs a positive bandwidth and no negative time, got "
          + streamBytesPerSecond + " B/s, " + fileMillis + " ms per file, " + partitionMillis + " ms per partition");
    }
  }

  /** Stream-milliseconds the partition's copy takes: what its executor's streams spend on it together. */
  public double workMillis(PartitionCopy partition) {
    int destinations = Math.max(1, partition.destinations().size());
    double work = partitionMillis * destinations;
    for (DataFile file : partition.files()) {
      work += fileMillis(file, destinations);
    }
    return work;
  }

  /** The part of {@link #workMillis} that is the partition's bytes at one stream's bandwidth. */
  public double byteMillis(PartitionCopy partition) {
    return partition.bytes() * 1000.0 / streamBytesPerSecond;
  }

  /** The least time the partition takes however many streams its executor has: its longest file. */
  public double spanMillis(PartitionCopy partition) {
    int destinations = Math.max(1, partition.destinations().size());
    double longest = 0;
    for (DataFile file : partition.files()) {
      longest = Math.max(longest, fileMillis(file, destinations));
    }
    return longest + partitionMillis * destinations;
  }

  /** An executor's predicted time for {@code work} stream-milliseconds whose longest single file is {@code span}. */
  public static double executorMillis(double work, double span, int streams) {
    return Math.max(work / streams, span);
  }

  private double fileMillis(DataFile file, int destinations) {
    return file.length() * 1000.0 / streamBytesPerSecond + fileMillis * destinations;
  }

  /** As the plan log shows it, e.g. {@code 64 MiB/s a stream, 18.0 ms a file, 9.0 ms a partition (defaults)}. */
  public String describe() {
    return String.format(java.util.Locale.ROOT, "%.0f MiB/s a stream, %.1f ms a file, %.1f ms a partition (%s)",
        streamBytesPerSecond / (1024.0 * 1024), fileMillis, partitionMillis, source);
  }
}
