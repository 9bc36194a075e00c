package io.partsync.plan;

import java.io.Serializable;
import java.util.List;

/** The whole partitions one virtual executor copies. Plain data, shipped to that executor's task. */
public record ExecutorPlan(int executor, List<PartitionCopy> partitions) implements Serializable {

  public ExecutorPlan {
    partitions = List.copyOf(partitions);
  }

  public long bytes() {
    return partitions.stream().mapToLong(PartitionCopy::bytes).sum();
  }

  public int files() {
    return partitions.stream().mapToInt(p -> p.files().size()).sum();
  }
}
