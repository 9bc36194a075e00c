package io.partsync.run;

import io.partsync.lock.LockHeldException;
import io.partsync.plan.RunId;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Spark jobs of one run: every job it submits carries the run's tag, so that losing a lock cancels
 * this run's jobs only. Once a lock is lost, the run stops wherever it is, and ends with that.
 */
final class SparkJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SparkJobs.class);

  private final JavaSparkContext spark;
  private final String tag;
  /** The first lock this run found taken from it; once set, the run stops. */
  private final AtomicReference<LockHeldException> lostLock = new AtomicReference<>();

  private SparkJobs(JavaSparkContext spark, String tag) {
    this.spark = spark;
    this.tag = tag;
  }

  static SparkJobs tagged(JavaSparkContext spark, RunId runId) {
    SparkJobs jobs = new SparkJobs(spark, "partsync-run-" + runId);
    spark.addJobTag(jobs.tag);
    return jobs;
  }

  /** Tags the Spark jobs the calling thread submits as this run's, as the driver thread's are. */
  void tagThisThread() {
    spark.addJobTag(tag);
  }

  JavaSparkContext context() {
    return spark;
  }

  /**
   * Told from a renewal thread that another run took one of this run's locks: cancels the run's Spark
   * jobs at once (their tasks are interrupted); the main thread, wherever it is, ends with that.
   */
  void lockLost(LockHeldException e) {
    if (lostLock.compareAndSet(null, e)) {
      spark.cancelJobsWithTag(tag, "partsync lost the lock of a target table");
    }
  }

  /** Stops the run, before it plans, copies or publishes more, once a lock was lost. */
  void ensureNoLockLost() {
    LockHeldException lost = lostLock.get();
    if (lost != null) {
      throw lost;
    }
  }

  /** What a run that ended with {@code e} ended with: whatever broke once a lock was lost is a consequence. */
  RuntimeException cause(RuntimeException e) {
    LockHeldException lost = lostLock.get();
    if (lost != null && lost != e) {
      LOG.debug("after losing a lock, the run ended with", e);
      return lost;
    }
    return e;
  }

  @Override
  public void close() {
    spark.removeJobTag(tag);
  }
}
