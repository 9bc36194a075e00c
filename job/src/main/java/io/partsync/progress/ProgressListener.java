package io.partsync.progress;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorMetricsUpdate;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.Tuple4;

/** Feeds the tracker from Spark's listener bus: heartbeats of running tasks and the end of each task. */
final class ProgressListener extends SparkListener {
  private final ProgressTracker tracker;

  ProgressListener(ProgressTracker tracker) {
    this.tracker = tracker;
  }

  @Override
  public void onExecutorMetricsUpdate(SparkListenerExecutorMetricsUpdate update) {
    scala.collection.Iterator<Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>>> tasks =
        update.accumUpdates().iterator();
    while (tasks.hasNext()) {
      Tuple4<Object, Object, Object, scala.collection.immutable.Seq<AccumulableInfo>> task = tasks.next();
      long taskId = (Long) task._1();
      scala.collection.Iterator<AccumulableInfo> infos = task._4().iterator();
      while (infos.hasNext()) {
        AccumulableInfo info = infos.next();
        if (info.update().isDefined() && info.update().get() instanceof Long value) {
          tracker.running(taskId, info.id(), value);
        }
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    Map<Long, Long> values = new HashMap<>();
    scala.collection.Iterator<AccumulableInfo> infos = end.taskInfo().accumulables().iterator();
    while (infos.hasNext()) {
      AccumulableInfo info = infos.next();
      if (info.update().isDefined() && info.update().get() instanceof Long value) {
        values.put(info.id(), value);
      }
    }
    tracker.ended(end.taskInfo().taskId(), end.taskInfo().successful(), values);
  }
}
