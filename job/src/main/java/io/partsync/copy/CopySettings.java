package io.partsync.copy;

import io.partsync.config.ExecutorSettings;
import io.partsync.config.VerifyMode;
import java.io.Serializable;

/**
 * How one virtual executor copies: files at once, the bytes all its buffers may hold, and how files are
 * verified.
 */
public record CopySettings(int streams, long bufferBudgetBytes, VerifyMode verify) implements Serializable {
  /** Larger chunks do not copy faster; HDFS streams move 64 KiB packets. */
  static final int MAX_CHUNK_BYTES = 8 << 20;

  public static CopySettings of(ExecutorSettings executors, VerifyMode verify) {
    return new CopySettings(executors.streams(), executors.bufferBudgetBytes(), verify);
  }

  /** Each stream's buffer: an equal share of the budget, at most {@link #MAX_CHUNK_BYTES}. */
  int chunkBytes() {
    return (int) Math.min(MAX_CHUNK_BYTES, bufferBudgetBytes / streams);
  }
}
