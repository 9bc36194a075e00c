package io.partsync.progress;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.partsync.report.RunReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;

/**
 * partsync's figures in Spark's metrics system, per target: {@code partsync.<target>.bytesWritten},
 * {@code filesCopied}, {@code partitionsCopied}, {@code partitionsFailed}, {@code partitionsPlanned},
 * {@code bytesPlanned}, live from the copy tasks' counters, and {@code partitionsSkipped} (unchanged) once
 * the run is planned. Any sink the user configures (Prometheus servlet, Graphite, CSV, JMX) reports them
 * like Spark's own.
 */
public final class RunMetrics implements Source {
  public static final String SOURCE_NAME = "partsync";
  /** The source of the last run in this application: one at a time, so a sink never sees two runs mixed. */
  private static final AtomicReference<RunMetrics> REGISTERED = new AtomicReference<>();

  private final MetricRegistry registry = new MetricRegistry();
  private final ProgressTracker tracker;
  private final Map<String, Long> skipped = new ConcurrentHashMap<>();

  private RunMetrics(ProgressTracker tracker, List<String> targets) {
    this.tracker = tracker;
    for (String target : targets) {
      gauge(target, "bytesWritten", ProgressTracker.TargetProgress::bytesWritten);
      gauge(target, "filesCopied", ProgressTracker.TargetProgress::files);
      gauge(target, "partitionsCopied", ProgressTracker.TargetProgress::partitionsDone);
      gauge(target, "partitionsFailed", ProgressTracker.TargetProgress::partitionsFailed);
      gauge(target, "partitionsPlanned", ProgressTracker.TargetProgress::partitionsPlanned);
      gauge(target, "bytesPlanned", ProgressTracker.TargetProgress::bytesPlanned);
      registry.register(MetricRegistry.name(target, "partitionsSkipped"),
          (Gauge<Long>) () -> skipped.getOrDefault(target, 0L));
    }
  }

  /** Registers this run's figures with the driver's metrics system, in place of an earlier run's. */
  public static RunMetrics register(ProgressTracker tracker, List<String> targets) {
    RunMetrics metrics = new RunMetrics(tracker, targets);
    SparkEnv env = SparkEnv.get();
    RunMetrics previous = REGISTERED.getAndSet(metrics);
    if (env != null) {
      if (previous != null) {
        env.metricsSystem().removeSource(previous);
      }
      env.metricsSystem().registerSource(metrics);
    }
    return metrics;
  }

  /** The partitions each target already held at the source's version, known once the run is planned. */
  public void finish(RunReport report) {
    report.tables().forEach(t -> skipped.merge(t.targetCluster(), (long) t.partitionsUnchanged(), Long::sum));
  }

  private void gauge(String target, String name, ToLongFunction<ProgressTracker.TargetProgress> live) {
    registry.register(MetricRegistry.name(target, name), (Gauge<Long>) () -> tracker.snapshot().stream()
        .filter(t -> t.target().equals(target)).mapToLong(live).sum());
  }

  @Override
  public String sourceName() {
    return SOURCE_NAME;
  }

  @Override
  public MetricRegistry metricRegistry() {
    return registry;
  }
}
