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

  /** The target clusters its partitions go to. */
  public java.util.Set<String> targets() {
    return partitions.stream().flatMap(p -> p.destinations().stream()).map(PartitionCopy.Destination::target)
        .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
  }

  public int files() {
    return partitions.stream().mapToInt(p -> p.files().size()).sum();
  }
}
