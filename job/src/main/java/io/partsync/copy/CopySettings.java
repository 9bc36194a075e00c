package io.partsync.copy;

import io.partsync.config.ExecutorSettings;
import io.partsync.config.VerifyMode;
import io.partsync.failure.Faults;
import java.io.Serializable;

/**
 * How one virtual executor copies: files at once, the bytes all its buffers may hold, how files are
 * verified, the replica the source files are read from (null: the source cluster), where a crash test may
 * fail it, and the bytes per second it may read (0: no cap; see {@link TokenBucket}).
 */
public record CopySettings(int streams, long bufferBudgetBytes, VerifyMode verify, ReplicaRead replica,
    Faults faults, long bytesPerSecond) implements Serializable {
  /**
   * Larger buffers do not copy faster: each read returns what one HDFS packet (64 KiB) holds, and the
   * stream writes it on at once rather than waiting to fill the buffer, so reading and writing overlap.
   */
  static final int MAX_CHUNK_BYTES = 1 << 20;

  /** Settings without a bandwidth cap. */
  public CopySettings(int streams, long bufferBudgetBytes, VerifyMode verify, ReplicaRead replica, Faults faults) {
    this(streams, bufferBudgetBytes, verify, replica, faults, 0);
  }

  public static CopySettings of(ExecutorSettings executors, VerifyMode verify, ReplicaRead replica,
      Faults faults) {
    return new CopySettings(executors.streams(), executors.bufferBudgetBytes(), verify, replica, faults);
  }

  /** These settings with each executor's reads capped at {@code capBytesPerSecond}; 0 for no cap. */
  public CopySettings withBandwidth(long capBytesPerSecond) {
    return new CopySettings(streams, bufferBudgetBytes, verify, replica, faults, capBytesPerSecond);
  }

  /** Each stream's buffer: an equal share of the budget, at most {@link #MAX_CHUNK_BYTES}. */
  int chunkBytes() {
    return (int) Math.min(MAX_CHUNK_BYTES, bufferBudgetBytes / streams);
  }
}
