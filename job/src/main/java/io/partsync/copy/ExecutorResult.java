package io.partsync.copy;

import java.io.Serializable;
import java.util.List;

/** What one virtual executor did: its partitions' results, bytes copied and the most buffer it held. */
public record ExecutorResult(
    int executor,
    String host,
    List<PartitionResult> partitions,
    long bytesCopied,
    long peakBufferBytes,
    long millis) implements Serializable {

  public ExecutorResult {
    partitions = List.copyOf(partitions);
  }
}
