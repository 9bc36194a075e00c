package io.partsync.copy;

import java.io.Serializable;
import java.util.List;

/**
 * What one virtual executor did, in one copy task or over all of them: its partitions' results, bytes
 * copied, the most buffer it held, its busy time, how many copy tasks it ran, how many of their
 * partitions it took over from another executor's queue, how long its copy streams waited for the
 * bandwidth cap (summed over the streams, so it may exceed its busy time), and how its copies were
 * verified.
 */
public record ExecutorResult(
    int executor,
    String host,
    List<PartitionResult> partitions,
    long bytesCopied,
    long peakBufferBytes,
    long millis,
    int tasks,
    int movedIn,
    long throttledMillis,
    Verification verification) implements Serializable {

  public ExecutorResult {
    partitions = List.copyOf(partitions);
    verification = verification == null ? Verification.NONE : verification;
  }

  /** One copy task's result. */
  public ExecutorResult(int executor, String host, List<PartitionResult> partitions, long bytesCopied,
      long peakBufferBytes, long millis, long throttledMillis, Verification verification) {
    this(executor, host, partitions, bytesCopied, peakBufferBytes, millis, 1, 0, throttledMillis, verification);
  }

  /** One copy task's result, never held back by a bandwidth cap, with nothing verified beyond lengths and stored checksums. */
  public ExecutorResult(int executor, String host, List<PartitionResult> partitions, long bytesCopied,
      long peakBufferBytes, long millis) {
    this(executor, host, partitions, bytesCopied, peakBufferBytes, millis, 0, Verification.NONE);
  }

  /** This task's result as the executor that ran it did it, having taken {@code movedIn} partitions over. */
  public ExecutorResult ranBy(int lane, int moved) {
    return new ExecutorResult(lane, host, partitions, bytesCopied, peakBufferBytes, millis, tasks, moved,
        throttledMillis, verification);
  }

  /** Both results as one executor's. */
  public ExecutorResult plus(ExecutorResult other) {
    List<PartitionResult> all = new java.util.ArrayList<>(partitions);
    all.addAll(other.partitions);
    return new ExecutorResult(executor, host, all, bytesCopied + other.bytesCopied,
        Math.max(peakBufferBytes, other.peakBufferBytes), millis + other.millis, tasks + other.tasks,
        movedIn + other.movedIn, throttledMillis + other.throttledMillis, verification.plus(other.verification));
  }
}
