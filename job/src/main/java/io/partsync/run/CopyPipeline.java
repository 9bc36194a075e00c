package io.partsync.run;

import io.partsync.config.SyncConfig;
import io.partsync.copy.CopySettings;
import io.partsync.copy.CopyTask;
import io.partsync.copy.ExecutorResult;
import io.partsync.copy.ReplicaRead;
import io.partsync.failure.Faults;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.ExecutorPlanner;
import io.partsync.plan.ListingRequest;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.TablePlanner.TableInputs;
import io.partsync.progress.CopyProgress;
import io.partsync.report.RunReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaFutureAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the source partitions in waves of {@code executors.wave-partitions}; as soon as a wave is planned
 * its copy job starts, and the next wave is listed and planned while it runs. On a large change copying
 * so starts long before the whole plan is known. Each source partition is copied once, to every target
 * table that needs it.
 */
final class CopyPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(CopyPipeline.class);

  private final SyncConfig config;
  private final SparkJobs jobs;
  private final Fingerprints fingerprints;
  private final Planning planning;
  private final boolean scheduledRunId;
  private final Faults faults;

  /** @param scheduledRunId whether a scheduler named the run: its retries find their own earlier copies */
  CopyPipeline(SyncConfig config, SparkJobs jobs, Fingerprints fingerprints, Planning planning,
      boolean scheduledRunId, Faults faults) {
    this.faults = faults;
    this.config = config;
    this.jobs = jobs;
    this.fingerprints = fingerprints;
    this.planning = planning;
    this.scheduledRunId = scheduledRunId;
  }

  /**
   * What the pipeline did: every wave's executor plans, the results by executor, every source listing by
   * source table, and the progress it reported (to finish with the run's report).
   */
  record Copied(List<ExecutorPlan> plans, List<ExecutorResult> results,
      Map<String, Map<String, PartitionListing>> listings, RunReport.Pipeline pipeline, CopyProgress progress) {}

  /** Runs the waves and waits for every copy; {@code startedNanos} is when the run started. */
  Copied run(List<OnTarget<TableInputs>> targets, Phases phases, long startedNanos) {
    CopyProgress progress = CopyProgress.start(jobs.context().sc(), targets.stream().map(OnTarget::name).toList());
    try (progress) {
      Waves waves = phases.timed("fingerprint and plan", () -> waves(targets, progress));
      long plannedNanos = System.nanoTime();
      List<ExecutorResult> results = phases.timed("copy", () -> byExecutorResults(await(waves.copies())));
      RunReport.Pipeline pipeline = new RunReport.Pipeline(waves.copies().size(),
          waves.copies().isEmpty() ? null : (waves.firstCopyNanos() - startedNanos) / 1_000_000,
          (plannedNanos - startedNanos) / 1_000_000);
      return new Copied(byExecutor(waves.plans()), results, waves.listings(), pipeline, progress);
    }
  }

  /** Copies made wave by wave: every executor plan and the copy jobs still running. */
  private record Waves(List<ExecutorPlan> plans, List<JavaFutureAction<List<ExecutorResult>>> copies,
      Map<String, Map<String, PartitionListing>> listings, long firstCopyNanos) {}

  private Waves waves(List<OnTarget<TableInputs>> targets, CopyProgress progress) {
    List<ListingRequest> requests = fingerprints.requests(targets);
    List<ExecutorPlan> plans = new ArrayList<>();
    List<JavaFutureAction<List<ExecutorResult>>> copies = new ArrayList<>();
    Map<String, Map<String, PartitionListing>> listings = new HashMap<>();
    long firstCopyNanos = 0;
    int size = config.executors().wavePartitions();
    for (int from = 0, wave = 1; from < requests.size(); wave++) {
      jobs.ensureNoLockLost();
      List<ListingRequest> listing = requests.subList(from, Math.min(requests.size(), from + size));
      from += listing.size();
      Map<String, Map<String, PartitionListing>> listed = copies.stream().anyMatch(copy -> !copy.isDone())
          ? fingerprints.onDriver(listing) : fingerprints.onExecutors(listing);
      listed.forEach((table, byName) -> listings.computeIfAbsent(table, t -> new HashMap<>()).putAll(byName));
      List<PartitionCopy> wanted = merged(targets.stream()
          .flatMap(t -> planning.waveCopies(t, listed).stream()).toList());
      if (!wanted.isEmpty()) {
        firstCopyNanos = copies.isEmpty() ? System.nanoTime() : firstCopyNanos;
        List<ExecutorPlan> executors = ExecutorPlanner.assign(wanted, config.executors().count());
        logPlan(executors);
        plans.addAll(executors);
        progress.planned(executors);
        copies.add(copyAsync(executors, progress));
        LOG.info("wave {}: copying {} partitions while the rest is planned", wave, wanted.size());
      }
      // Nothing to copy yet, so nothing to overlap with: the rest is listed at once, in one job. Once
      // copying, waves double, so a large change starts early without paying for many small jobs.
      size = copies.isEmpty() ? requests.size() : size * 2;
    }
    return new Waves(plans, copies, listings, firstCopyNanos);
  }

  private JavaFutureAction<List<ExecutorResult>> copyAsync(List<ExecutorPlan> executors, CopyProgress progress) {
    jobs.context().setJobGroup("partsync", "partsync: copy " + executors.stream()
        .mapToInt(e -> e.partitions().size()).sum() + " partitions with " + executors.size()
        + " virtual executors", true);
    Map<String, String> sourceProperties = fingerprints.sourceProperties();
    CopyTask task = new CopyTask(sourceProperties, fingerprints.targetProperties(),
        CopySettings.of(config.executors(), config.verify(), config.readReplica() == null ? null
            : ReplicaRead.of(config.readReplica(), sourceProperties.get("fs.defaultFS")), faults), progress.counters(),
        scheduledRunId);
    return jobs.context().parallelize(executors, executors.size()).map(task).collectAsync();
  }

  /** One copy per source partition, going to every target table that needs it: its files are read once. */
  static List<PartitionCopy> merged(List<PartitionCopy> copies) {
    Map<String, PartitionCopy> bySource = new LinkedHashMap<>();
    for (PartitionCopy copy : copies) {
      bySource.merge(copy.sourceTable() + "/" + copy.name(), copy, (a, b) -> a.withDestinations(
          Stream.concat(a.destinations().stream(), b.destinations().stream()).toList()));
    }
    return List.copyOf(bySource.values());
  }

  private static List<ExecutorResult> await(List<JavaFutureAction<List<ExecutorResult>>> copies) {
    List<ExecutorResult> results = new ArrayList<>();
    for (JavaFutureAction<List<ExecutorResult>> copy : copies) {
      try {
        results.addAll(copy.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the copy", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
      }
    }
    return results;
  }

  /** A virtual executor's work over all waves, as one plan per executor. */
  static List<ExecutorPlan> byExecutor(List<ExecutorPlan> plans) {
    Map<Integer, List<PartitionCopy>> partitions = new TreeMap<>();
    plans.forEach(p -> partitions.computeIfAbsent(p.executor(), e -> new ArrayList<>()).addAll(p.partitions()));
    return partitions.entrySet().stream().map(e -> new ExecutorPlan(e.getKey(), e.getValue())).toList();
  }

  /** A virtual executor's results over all waves, as one result per executor. */
  static List<ExecutorResult> byExecutorResults(List<ExecutorResult> results) {
    Map<Integer, ExecutorResult> merged = new TreeMap<>();
    for (ExecutorResult r : results) {
      merged.merge(r.executor(), r, (a, b) -> new ExecutorResult(a.executor(), a.host(),
          Stream.concat(a.partitions().stream(), b.partitions().stream()).toList(), a.bytesCopied() + b.bytesCopied(),
          Math.max(a.peakBufferBytes(), b.peakBufferBytes()), a.millis() + b.millis()));
    }
    return List.copyOf(merged.values());
  }

  static void logPlan(List<ExecutorPlan> executors) {
    for (ExecutorPlan executor : executors) {
      List<String> labels = executor.partitions().stream().map(PartitionCopy::label).toList();
      LOG.info("virtual executor {}: {} partitions, {} files, {} bytes: {}", executor.executor(),
          executor.partitions().size(), executor.files(), executor.bytes(), abbreviated(labels));
    }
  }

  /** At most ten names and how many more: a plan of thousands of partitions stays one readable line. */
  static String abbreviated(List<String> names) {
    int shown = Math.min(10, names.size());
    String listed = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? listed + " and " + (names.size() - shown) + " more" : listed;
  }
}
