package io.partsync.plan;

import java.io.Serializable;
import java.util.List;

/**
 * One copy task: a run of whole partitions from one virtual executor's plan, the unit that can move to
 * another executor when that one is done first. Plain data, broadcast to the executor that runs it.
 *
 * @param executor the virtual executor it was planned for
 */
public record CopyChunk(int executor, int index, List<PartitionCopy> partitions, long predictedMillis)
    implements Serializable {

  public CopyChunk {
    partitions = List.copyOf(partitions);
  }

  public ExecutorPlan asPlan() {
    return new ExecutorPlan(executor, partitions, predictedMillis);
  }
}
