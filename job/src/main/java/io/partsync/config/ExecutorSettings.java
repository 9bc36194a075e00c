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
 */
public record ExecutorSettings(
    int count,
    String memory,
    long memoryBytes,
    int cores,
    int streams,
    double bufferFraction,
    int wavePartitions) implements Serializable {

  /** Bytes all copy buffers of one executor may hold at once. */
  public long bufferBudgetBytes() {
    return (long) (memoryBytes * bufferFraction);
  }
}
