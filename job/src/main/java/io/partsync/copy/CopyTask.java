package io.partsync.copy;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.CopyChunk;
import io.partsync.plan.ExecutorPlan;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * One copy task of a virtual executor. It carries only plain data: the clusters' Hadoop properties, the
 * copy settings and the run's counters. Its partitions arrive as a broadcast, the task's one element, so
 * what the driver ships with each task is the same few KiB whatever the number of partitions: the
 * executor fetches the partitions from the block manager, and only those of its own task.
 */
public final class CopyTask implements Function<Broadcast<CopyChunk>, ExecutorResult> {
  private final Map<String, String> sourceProperties;
  private final Map<String, Map<String, String>> targetProperties;
  private final CopySettings settings;
  private final CopyCounters counters;
  private final boolean scheduledRetry;

  /**
   * @param targetProperties each target cluster's Hadoop properties, by target name
   * @param counters the run's accumulators the copy counts into
   * @param scheduledRetry whether the run id came from a scheduler: an earlier attempt of the same run may
   *     have left files in the same version directories
   */
  public CopyTask(Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties,
      CopySettings settings, CopyCounters counters, boolean scheduledRetry) {
    this.counters = counters;
    this.scheduledRetry = scheduledRetry;
    this.sourceProperties = Map.copyOf(sourceProperties);
    this.targetProperties = Map.copyOf(targetProperties);
    this.settings = settings;
  }

  @Override
  public ExecutorResult call(Broadcast<CopyChunk> chunk) throws Exception {
    return copy(chunk.value().asPlan());
  }

  /** Copies {@code plan}'s partitions in the calling thread, as a task does. */
  public ExecutorResult copy(ExecutorPlan plan) throws Exception {
    TaskContext context = TaskContext.get();
    boolean retry = scheduledRetry || context != null && context.attemptNumber() > 0;
    Map<String, ClusterFileSystem> targets = new HashMap<>();
    try (ClusterFileSystem source = ClusterFileSystem.open("source", sourceProperties);
        ClusterFileSystem replica = settings.replica() == null ? null
            : ClusterFileSystem.open("read replica", settings.replica().properties())) {
      for (String target : plan.targets()) {
        targets.put(target, ClusterFileSystem.open("target " + target, targetProperties.get(target)));
      }
      return new ExecutorCopier(source, targets, replica, settings, retry, counters)
          .copy(plan, InetAddress.getLocalHost().getHostName());
    } finally {
      for (ClusterFileSystem target : targets.values()) {
        target.close();
      }
    }
  }
}
