package io.partsync.run;

import io.partsync.config.BandwidthSettings;
import io.partsync.config.SyncConfig;
import io.partsync.copy.CopySettings;
import io.partsync.copy.CopyTask;
import io.partsync.copy.ExecutorResult;
import io.partsync.copy.ReplicaRead;
import io.partsync.failure.Faults;
import io.partsync.plan.CopyChunk;
import io.partsync.plan.CopyCost;
import io.partsync.plan.CostFit;
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
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.broadcast.Broadcast;
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
  private final CopyCost cost;

  /** @param scheduledRunId whether a scheduler named the run: its retries find their own earlier copies */
  CopyPipeline(SyncConfig config, SparkJobs jobs, Fingerprints fingerprints, Planning planning,
      boolean scheduledRunId, Faults faults, CopyCost cost) {
    this.faults = faults;
    this.cost = cost;
    this.config = config;
    this.jobs = jobs;
    this.fingerprints = fingerprints;
    this.planning = planning;
    this.scheduledRunId = scheduledRunId;
  }

  /**
   * What the pipeline did: what each virtual executor ran (over all waves, with the partitions it took
   * over), the results by executor, every source listing by source table, and the progress it reported
   * (to finish with the run's report).
   */
  record Copied(List<ExecutorPlan> plans, List<ExecutorResult> results,
      Map<String, Map<String, PartitionListing>> listings, RunReport.Pipeline pipeline, CopyProgress progress,
      RunReport.CopyCostReport copyCost) {}

  /** Runs the waves and waits for every copy; {@code startedNanos} is when the run started. */
  Copied run(List<OnTarget<TableInputs>> targets, Phases phases, long startedNanos) {
    CopyProgress progress = CopyProgress.start(jobs.context().sc(), targets.stream().map(OnTarget::name).toList());
    CopyTask task = task(progress);
    try (progress; CopyLanes lanes = new CopyLanes(config.executors().count(), chunk -> runTask(chunk, task),
        jobs::tagThisThread)) {
      Waves waves = phases.timed("fingerprint and plan", () -> waves(targets, progress, lanes));
      long plannedNanos = System.nanoTime();
      List<CopyLanes.Ran> ran = phases.timed("copy", lanes::finish);
      RunReport.Pipeline pipeline = new RunReport.Pipeline(waves.copyWaves(),
          waves.copyWaves() == 0 ? null : (waves.firstCopyNanos() - startedNanos) / 1_000_000,
          (plannedNanos - startedNanos) / 1_000_000);
      return new Copied(ranByLane(ran), byExecutorResults(ran.stream().map(CopyLanes.Ran::result).toList()),
          waves.listings(), pipeline, progress, ran.isEmpty() ? null : costReport(ran));
    }
  }

  /** The waves that found something to copy, every source listing, and when the first copy started. */
  private record Waves(int copyWaves, Map<String, Map<String, PartitionListing>> listings, long firstCopyNanos) {}

  private Waves waves(List<OnTarget<TableInputs>> targets, CopyProgress progress, CopyLanes lanes) {
    List<ListingRequest> requests = fingerprints.requests(targets);
    Map<String, Map<String, PartitionListing>> listings = new HashMap<>();
    long firstCopyNanos = 0;
    int copyWaves = 0;
    int size = config.executors().wavePartitions();
    for (int from = 0, wave = 1; from < requests.size(); wave++) {
      jobs.ensureNoLockLost();
      List<ListingRequest> listing = requests.subList(from, Math.min(requests.size(), from + size));
      from += listing.size();
      Map<String, Map<String, PartitionListing>> listed = lanes.busy()
          ? fingerprints.onDriver(listing) : fingerprints.onExecutors(listing);
      listed.forEach((table, byName) -> listings.computeIfAbsent(table, t -> new HashMap<>()).putAll(byName));
      List<PartitionCopy> wanted = merged(targets.stream()
          .flatMap(t -> planning.waveCopies(t, listed).stream()).toList());
      if (!wanted.isEmpty()) {
        firstCopyNanos = copyWaves == 0 ? System.nanoTime() : firstCopyNanos;
        copyWaves++;
        List<ExecutorPlan> executors = ExecutorPlanner.assign(wanted, config.executors().count(), cost,
            config.executors().streams());
        logPlan(executors, cost, config.bandwidth(), config.executors().count());
        progress.planned(executors);
        lanes.submit(executors.stream().flatMap(e -> ExecutorPlanner.chunks(e, config.executors().tasks(), cost,
            config.executors().streams()).stream()).toList());
        LOG.info("wave {}: copying {} partitions while the rest is planned", wave, wanted.size());
      }
      // Nothing to copy yet, so nothing to overlap with: the rest is listed at once, in one job. Once
      // copying, waves double, so a large change starts early without paying for many small jobs.
      size = copyWaves == 0 ? requests.size() : size * 2;
    }
    return new Waves(copyWaves, listings, firstCopyNanos);
  }

  private CopyTask task(CopyProgress progress) {
    Map<String, String> sourceProperties = fingerprints.sourceProperties();
    return new CopyTask(sourceProperties, fingerprints.targetProperties(),
        CopySettings.of(config.executors(), config.verify(), config.readReplica() == null ? null
            : ReplicaRead.of(config.readReplica(), sourceProperties.get("fs.defaultFS")), faults)
            .withBandwidth(config.bandwidth().effectivePerExecutorBytesPerSecond(config.executors().count())),
        progress.counters(), scheduledRunId);
  }

  /**
   * Runs one copy task as a Spark job of one task, on the calling lane's thread. Its partitions travel as a
   * broadcast made just before and dropped just after, so the driver holds the serialised form of running
   * tasks only.
   */
  private ExecutorResult runTask(CopyChunk chunk, CopyTask task) {
    jobs.context().setJobGroup("partsync", "partsync: copy task " + chunk.index() + " of virtual executor "
        + chunk.executor() + ", " + chunk.partitions().size() + " partitions", true);
    Broadcast<CopyChunk> shipped = jobs.context().broadcast(chunk);
    try {
      return jobs.context().parallelize(List.of(shipped), 1).map(task).collect().get(0);
    } finally {
      shipped.destroy();
    }
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

  /** The cost planned with, and the one the tasks observed, for the next run to plan with. */
  private RunReport.CopyCostReport costReport(List<CopyLanes.Ran> ran) {
    Optional<CopyCost> observed = CostFit.fit(cost, ran.stream()
        .map(r -> new CostFit.Task(r.chunk().partitions(), r.result().millis())).toList(), config.executors().streams());
    observed.ifPresent(o -> LOG.info("copy cost observed: {}", o.describe()));
    return new RunReport.CopyCostReport(figures(cost), observed.map(CopyPipeline::figures).orElse(null));
  }

  static RunReport.CostFigures figures(CopyCost cost) {
    return new RunReport.CostFigures(cost.streamBytesPerSecond(), cost.fileMillis(), cost.partitionMillis(),
        cost.source());
  }

  /** What each lane ran over all waves, as one plan per virtual executor. */
  static List<ExecutorPlan> ranByLane(List<CopyLanes.Ran> ran) {
    Map<Integer, List<PartitionCopy>> partitions = new TreeMap<>();
    Map<Integer, Long> predicted = new TreeMap<>();
    for (CopyLanes.Ran task : ran) {
      partitions.computeIfAbsent(task.lane(), e -> new ArrayList<>()).addAll(task.chunk().partitions());
      predicted.merge(task.lane(), task.chunk().predictedMillis(), Long::sum);
    }
    return partitions.entrySet().stream()
        .map(e -> new ExecutorPlan(e.getKey(), e.getValue(), predicted.get(e.getKey()))).toList();
  }

  /** A virtual executor's results over all waves, as one result per executor. */
  static List<ExecutorResult> byExecutorResults(List<ExecutorResult> results) {
    Map<Integer, ExecutorResult> merged = new TreeMap<>();
    results.forEach(r -> merged.merge(r.executor(), r, ExecutorResult::plus));
    return List.copyOf(merged.values());
  }

  static void logPlan(List<ExecutorPlan> executors, CopyCost cost, BandwidthSettings bandwidth, int lanes) {
    if (bandwidth.isCapped()) {
      // The cost model predicts uncapped times; a cap below them makes the copy take longer than predicted.
      LOG.info("copy cost: {}; bandwidth cap: {}", cost.describe(), bandwidth.describe(lanes));
    } else {
      LOG.info("copy cost: {}", cost.describe());
    }
    for (ExecutorPlan executor : executors) {
      List<String> labels = executor.partitions().stream().map(PartitionCopy::label).toList();
      LOG.info("virtual executor {}: {} partitions, {} files, {} bytes, predicted {} ms: {}", executor.executor(),
          executor.partitions().size(), executor.files(), executor.bytes(), executor.predictedMillis(),
          abbreviated(labels));
    }
  }

  /** At most ten names and how many more: a plan of thousands of partitions stays one readable line. */
  static String abbreviated(List<String> names) {
    int shown = Math.min(10, names.size());
    String listed = String.join(", ", names.subList(0, shown));
    return names.size() > shown ? listed + " and " + (names.size() - shown) + " more" : listed;
  }
}
