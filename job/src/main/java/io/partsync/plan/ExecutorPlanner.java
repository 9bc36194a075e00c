package io.partsync.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Assigns whole partitions to virtual executors, balanced by bytes: largest partition first, each to the
 * executor with the fewest bytes so far (ties to the fewest partitions, then the lowest executor number,
 * so plans are repeatable).
 * Never plans more executors than partitions, and never plans an executor with nothing to do.
 */
public final class ExecutorPlanner {
  private ExecutorPlanner() {}

  public static List<ExecutorPlan> assign(List<PartitionCopy> partitions, int executorCount) {
    if (executorCount < 1) {
      throw new IllegalArgumentException("executor count must be at least 1, got " + executorCount);
    }
    int executors = Math.min(executorCount, partitions.size());
    List<List<PartitionCopy>> assigned = new ArrayList<>();
    long[] load = new long[executors];
    // Partition count breaks ties so that empty partitions still spread over every planned executor.
    PriorityQueue<Integer> lightest = new PriorityQueue<>(Comparator.<Integer>comparingLong(i -> load[i])
        .thenComparingInt(i -> assigned.get(i).size()).thenComparingInt(i -> i));
    for (int i = 0; i < executors; i++) {
      assigned.add(new ArrayList<>());
      lightest.add(i);
    }
    List<PartitionCopy> largestFirst = new ArrayList<>(partitions);
    largestFirst.sort(Comparator.comparingLong(PartitionCopy::bytes).reversed()
        .thenComparing(PartitionCopy::sourceTable).thenComparing(PartitionCopy::name));
    for (PartitionCopy partition : largestFirst) {
      int executor = lightest.poll();
      assigned.get(executor).add(partition);
      load[executor] += partition.bytes();
      lightest.add(executor);
    }
    List<ExecutorPlan> plans = new ArrayList<>();
    for (int i = 0; i < executors; i++) {
      plans.add(new ExecutorPlan(i, assigned.get(i)));
    }
    return plans;
  }
}
