package io.partsync.plan;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The whole partitions one virtual executor copies, and the time the cost model predicts for them.
 * Plain data.
 */
public record ExecutorPlan(int executor, List<PartitionCopy> partitions, long predictedMillis) implements Serializable {

  public ExecutorPlan {
    partitions = List.copyOf(partitions);
  }

  public long bytes() {
    return partitions.stream().mapToLong(PartitionCopy::bytes).sum();
  }

  /** The target clusters its partitions go to. */
  public Set<String> targets() {
    return partitions.stream().flatMap(p -> p.destinations().stream()).map(PartitionCopy.Destination::target)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  public int files() {
    return partitions.stream().mapToInt(p -> p.files().size()).sum();
  }
}
