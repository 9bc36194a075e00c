package io.partsync.config;

import java.io.Serializable;

/**
 * The virtual executors: how many, the memory each has, and how that memory is used for copying.
 *
 * @param memory the text the user gave (e.g. "2g"), passed to spark-submit as --executor-memory
 * @param memoryBytes the same in bytes
 * @param streams files copied at once inside one executor
 * @param bufferFraction share of the executor memory that copy buffers may hold at once; the rest is
 *     Spark's own and the JVM's
 * @param wavePartitions partitions listed and planned per wave: a wave's copy starts while the next wave is
 *     listed and planned, so on a large change copying does not wait for the whole plan
 * @param tasks copy tasks each executor's share of a wave is split into, so that work can move to an
 *     executor that is done first
 * @param cost the copy cost figures the config sets; each left out is null
 */
public record ExecutorSettings(
    int count,
    String memory,
    long memoryBytes,
    int cores,
    int streams,
    double bufferFraction,
    int wavePartitions,
    int tasks,
    Cost cost) implements Serializable {

  /**
   * Copy cost figures as configured, each null when left out.
   *
   * @param streamBytesPerSecond bytes per second one copy stream moves
   * @param fileMillis time per file beyond its bytes
   * @param partitionMillis time per partition beyond its files
   */
  public record Cost(Long streamBytesPerSecond, Long fileMillis, Long partitionMillis) implements Serializable {
    public static final Cost NONE = new Cost(null, null, null);

    public boolean isComplete() {
      return streamBytesPerSecond != null && fileMillis != null && partitionMillis != null;
    }

    public boolean isEmpty() {
      return streamBytesPerSecond == null && fileMillis == null && partitionMillis == null;
    }
  }

  /** Bytes all copy buffers of one executor may hold at once. */
  public long bufferBudgetBytes() {
    return (long) (memoryBytes * bufferFraction);
  }
}
