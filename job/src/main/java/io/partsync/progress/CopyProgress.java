package io.partsync.progress;

import io.partsync.copy.CopyCounters;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.PartitionCopy;
import io.partsync.report.RunReport;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's copy progress: counters on the executors, a listener on the driver, a progress line, and the
 * figures in Spark's metrics system. On a terminal the line is redrawn every second; otherwise (a
 * scheduler's log) it is logged every 30 seconds.
 */
public final class CopyProgress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CopyProgress.class);
  private static final long TERMINAL_MILLIS = 1_000;
  private static final long LOG_MILLIS = 30_000;
  private static final long DRAIN_MILLIS = 10_000;

  private final SparkContext spark;
  private final CopyCounters counters;
  private final ProgressTracker tracker;
  private final ProgressListener listener;
  private final RunMetrics metrics;
  private final PrintStream terminal;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService ticker;

  private CopyProgress(SparkContext spark, List<String> targets, PrintStream terminal) {
    this.spark = spark;
    this.counters = CopyCounters.register(spark, targets);
    this.tracker = new ProgressTracker(counters);
    this.listener = new ProgressListener(tracker);
    this.metrics = RunMetrics.register(tracker, targets);
    this.terminal = terminal;
    spark.addSparkListener(listener);
    ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "partsync-progress");
      thread.setDaemon(true);
      return thread;
    });
    long period = terminal != null ? TERMINAL_MILLIS : LOG_MILLIS;
    ticker.scheduleAtFixedRate(this::show, period, period, TimeUnit.MILLISECONDS);
  }

  /** Starts following the copy to {@code targets}; the line goes to the terminal when there is one. */
  public static CopyProgress start(SparkContext spark, List<String> targets) {
    return new CopyProgress(spark, targets, System.console() != null ? System.err : null);
  }

  public CopyCounters counters() {
    return counters;
  }

  /** A wave's executors are about to copy: their partitions and bytes join the totals, per target. */
  public void planned(List<ExecutorPlan> executors) {
    for (ExecutorPlan executor : executors) {
      for (PartitionCopy partition : executor.partitions()) {
        partition.destinations().forEach(d -> tracker.planned(d.target(), 1, partition.bytes()));
      }
    }
  }

  public List<ProgressTracker.TargetProgress> snapshot() {
    return tracker.snapshot();
  }

  /** The run's final figures for the metrics system. */
  public void finish(RunReport report) {
    metrics.finish(report);
  }

  private void show() {
    String line = ProgressLine.render(tracker.snapshot(), (System.nanoTime() - started) / 1_000_000);
    if (terminal != null) {
      terminal.print("\r" + line + "\u001b[K");
      terminal.flush();
    } else {
      LOG.info("{}", line);
    }
  }

  /**
   * Stops the line and the listener, once the listener has seen every task end, so the last line and
   * the metrics hold the copy's final figures. The metrics stay registered for the sinks' last report.
   */
  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      spark.listenerBus().waitUntilEmpty(DRAIN_MILLIS);
    } catch (java.util.concurrent.TimeoutException e) {
      LOG.warn("Spark's listener bus is still busy after {} ms; the last progress figures may be short", DRAIN_MILLIS);
    }
    spark.removeSparkListener(listener);
    String line = ProgressLine.render(tracker.snapshot(), (System.nanoTime() - started) / 1_000_000);
    if (terminal != null) {
      terminal.println("\r" + line + "\u001b[K");
    }
    LOG.info("{}", line);
  }
}
