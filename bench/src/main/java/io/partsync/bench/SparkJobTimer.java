package io.partsync.bench;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * Notes when Spark jobs start and end and how long their tasks ran, so a partsync run's wall time can be
 * split into the driver's work before the copy job (connect, plan, create the table), the copy job, and
 * the driver's work after it (register the partitions, write the report).
 */
final class SparkJobTimer extends SparkListener {
  private final SparkContext context;
  private long firstJobStart = -1;
  private long lastJobEnd = -1;
  private int jobs;
  private final List<long[]> tasks = new ArrayList<>();

  SparkJobTimer(SparkContext context) {
    this.context = context;
    context.addSparkListener(this);
  }

  synchronized void reset() {
    firstJobStart = -1;
    lastJobEnd = -1;
    jobs = 0;
    tasks.clear();
  }

  /** Waits until Spark has delivered every event posted so far to the listeners. */
  void drain() throws Exception {
    context.listenerBus().waitUntilEmpty();
  }

  @Override
  public synchronized void onJobStart(SparkListenerJobStart start) {
    jobs++;
    if (firstJobStart < 0) {
      firstJobStart = start.time();
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    lastJobEnd = Math.max(lastJobEnd, end.time());
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    long run = end.taskMetrics() == null ? -1 : end.taskMetrics().executorRunTime();
    long deserialize = end.taskMetrics() == null ? -1 : end.taskMetrics().executorDeserializeTime();
    tasks.add(new long[] {end.taskInfo().launchTime(), end.taskInfo().finishTime(), run, deserialize});
  }

  synchronized int jobs() {
    return jobs;
  }

  synchronized long firstJobStart() {
    return firstJobStart;
  }

  synchronized long lastJobEnd() {
    return lastJobEnd;
  }

  /** From the job's start to its first task's launch, in ms: Spark's scheduling of the copy job. */
  synchronized long firstTaskLaunchDelay() {
    return tasks.stream().mapToLong(t -> t[0]).min().orElse(firstJobStart) - firstJobStart;
  }

  synchronized long longestTaskRun() {
    return tasks.stream().mapToLong(t -> t[2]).max().orElse(0);
  }

  synchronized long longestTaskDeserialize() {
    return tasks.stream().mapToLong(t -> t[3]).max().orElse(0);
  }
}
