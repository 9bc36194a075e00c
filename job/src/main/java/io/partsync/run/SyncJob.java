package io.partsync.run;

import io.partsync.failure.FaultInjection;
import io.partsync.failure.SyncRefusedException;
import io.partsync.source.SourceSnapshots;
import io.partsync.source.SourceTable;
import io.partsync.config.ConfigException;
import io.partsync.config.MissingDirectories;
import io.partsync.config.SyncConfig;
import io.partsync.config.TableMapping;
import io.partsync.config.TargetCluster;
import io.partsync.config.VerifyMode;
import io.partsync.copy.CopySettings;
import io.partsync.copy.CopyTask;
import io.partsync.copy.ExecutorResult;
import io.partsync.copy.PartitionResult;
import io.partsync.copy.ReplicaRead;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.HadoopConfs;
import io.partsync.fs.Reachability;
import io.partsync.lock.LockHeldException;
import io.partsync.lock.LockHolder;
import io.partsync.metastore.MetastoreClient;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.ExecutorPlanner;
import io.partsync.copy.FingerprintTask;
import io.partsync.plan.ListingRequest;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionListing;
import io.partsync.fs.DataFile;
import io.partsync.plan.SourceSnapshot;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TablePlanner.TableInputs;
import io.partsync.copy.CopyCounters;
import io.partsync.progress.CopyProgress;
import io.partsync.report.PlanReport;
import io.partsync.report.RunReport;
import io.partsync.report.RunReportBuilder;
import io.partsync.source.TableSelector;
import io.partsync.failure.Messages;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partsync run: select the source tables, and for every target cluster lock its tables and read both
 * sides; fingerprint the source partitions once on the executors; copy each new or changed partition once
 * from the source to every target that lacks it, with one Spark task per virtual executor; publish each
 * target's partitions in its metastore, clean up superseded versions past their grace period, and report.
 */
public final class SyncJob {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final SyncConfig config;
  private final RunOptions options;
  private final JavaSparkContext spark;
  private final Clock clock;
  private final Map<String, Long> phases = new LinkedHashMap<>();
  /** The first lock this run found taken from it; once set, the run stops. */
  private final AtomicReference<LockHeldException> lostLock = new AtomicReference<>();
  private String jobTag;
  private long startedNanos;
  private long firstCopyNanos;

  /** @param clock the run's "now": relative partition windows are evaluated against it */
  public SyncJob(SyncConfig config, RunOptions options, JavaSparkContext spark, Clock clock) {
    this.config = config;
    this.options = options;
    this.spark = spark;
    this.clock = clock;
  }

  /** A run id sorts by start time and is unique: it names the run's version directories. */
  static String newRunId(Instant started) {
    return RUN_ID_TIME.format(started) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  public RunReport run() throws IOException {
    return withTargets((sourceMetastore, sourceFs, targets, run) -> {
      SourceSnapshots snapshots = new SourceSnapshots(sourceFs, run.runId(), config.snapshotsKeep());
      try {
        timed("check, snapshot, lock and read every target", () -> start(targets, run.selected(), sourceMetastore,
            snapshots));
        List<TargetRun> active = targets.stream().filter(TargetRun::active).toList();
        active.forEach(t -> t.readThrough(snapshots::throughSnapshot));
        RunReport report = copyAndPublish(sourceMetastore, active, targets, snapshots, run.report(),
            run.sourceProperties(), run.targetProperties());
        // Lost while publishing: some tables may be published, but the run did not end as it should.
        ensureNoLockLost();
        return report;
      } catch (RuntimeException e) {
        // Whatever broke once the lock was lost (cancelled jobs above all) is a consequence of losing it.
        LockHeldException lost = lostLock.get();
        if (lost != null && lost != e) {
          LOG.debug("after losing a lock, the run ended with", e);
          throw lost;
        }
        throw e;
      } finally {
        // Also after a failure: a snapshot this run took that no target recorded is not needed.
        snapshots.cleanUp(recordedSnapshots(targets, snapshots));
      }
    });
  }

  /**
   * Plans the run without doing it: both sides are read and the source partitions listed and
   * fingerprinted, but nothing is created, locked, snapshotted, copied, registered or removed anywhere.
   * Tables configured for snapshots are planned from the live source.
   */
  public PlanReport dryRun() throws IOException {
    return withTargets((sourceMetastore, sourceFs, targets, run) -> {
      timed("check and read every target", () -> {
        targets.forEach(t -> isolate(targets, t, () -> t.check(run.selected(), sourceMetastore)));
        targets.stream().filter(TargetRun::active).forEach(t -> isolate(targets, t,
            () -> t.startDryRun(sourceMetastore, clock)));
        if (targets.stream().noneMatch(TargetRun::active)) {
          throw targets.get(0).failure();
        }
        return null;
      });
      List<TargetRun> active = targets.stream().filter(TargetRun::active).toList();
      Map<String, Map<String, PartitionListing>> listings = timed("fingerprint", () -> fingerprint(
          listingRequests(active), run.sourceProperties(), run.targetProperties()));
      List<PartitionCopy> copies = mergeCopies(active.stream()
          .flatMap(t -> t.waveCopies(sourceMetastore, clock, listings).stream()).toList());
      List<ExecutorPlan> executors = ExecutorPlanner.assign(copies, config.executors().count());
      timed("plan", () -> {
        active.forEach(t -> t.plan(sourceMetastore, clock, listings));
        return null;
      });
      RunReport failures = run.report().build(List.of(), List.of(), clock.instant(), Map.of(), phases,
          new RunReport.Pipeline(0, null, 0));
      return DryRunReports.of(run.runId(), active, executors, failures);
    });
  }

  /** What every stage of a run gets once the source is connected and the tables are selected. */
  private record RunContext(String runId, List<TableMapping> selected, RunReportBuilder report,
      Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties) {}

  @FunctionalInterface
  private interface Stage<T> {
    T run(MetastoreClient sourceMetastore, ClusterFileSystem sourceFs, List<TargetRun> targets, RunContext run)
        throws IOException;
  }

  /**
   * Connects the source, selects its tables and connects every target; runs {@code stage} with the targets
   * that could be reached and closes them after it, whatever happens.
   */
  private <T> T withTargets(Stage<T> stage) throws IOException {
    startedNanos = System.nanoTime();
    Instant started = clock.instant();
    String runId = options.runId().orElseGet(() -> newRunId(started));
    Map<String, String> sourceProperties = Reachability.withConnectBounds(HadoopConfs.resolve(config.source()),
        config.connectTimeout());
    Map<String, Map<String, String>> targetProperties = new LinkedHashMap<>();
    config.targets().forEach(t -> targetProperties.put(t.name(), Reachability.withConnectBounds(
        HadoopConfs.resolve(t.cluster()), config.connectTimeout())));
    Map<String, RuntimeException> unreachableTargets = checkReachable(sourceProperties, targetProperties);
    RunReportBuilder report = new RunReportBuilder(runId, started, config.executors().bufferBudgetBytes());
    // Every Spark job of this run carries this tag, so that losing a lock cancels this run's jobs only.
    jobTag = "partsync-run-" + runId;
    spark.addJobTag(jobTag);
    try (MetastoreClient sourceMetastore = MetastoreClient.connect(config.source().role(),
        config.source().metastoreUris(), sourceProperties, config.metastore(), config.connectTimeout());
        ClusterFileSystem sourceFs = ClusterFileSystem.open("source", sourceProperties)) {
      List<TableMapping> selected = TableSelector.select(config.tables(), sourceMetastore);
      if (selected.isEmpty()) {
        throw new SyncRefusedException("the 'tables' patterns select no table in the source metastore "
            + sourceMetastore.uris());
      }
      List<TargetRun> targets = new ArrayList<>();
      try {
        List<RuntimeException> unreachable = new ArrayList<>();
        for (TargetCluster target : config.targets()) {
          try {
            if (unreachableTargets.containsKey(target.name())) {
              throw unreachableTargets.get(target.name());
            }
            targets.add(new TargetRun(target, targetProperties.get(target.name()), config, runId, report,
                options.dryRun()));
          } catch (RuntimeException e) {
            if (config.abortOnTargetFailure() || config.targets().size() == 1) {
              throw e;
            }
            LOG.error("target {} is not synced: {}", target.name(), Messages.oneLine(e.getMessage()));
            report.failedTarget(target.name(), e.getMessage());
            unreachable.add(e);
          }
        }
        if (targets.isEmpty()) {
          throw unreachable.get(0);
        }
        return stage.run(sourceMetastore, sourceFs, targets,
            new RunContext(runId, selected, report, sourceProperties, targetProperties));
      } finally {
        targets.forEach(TargetRun::close);
      }
    } finally {
      spark.removeJobTag(jobTag);
    }
  }

  /**
   * What a run does when a renewal finds another run has taken one of its locks: it cancels its Spark
   * jobs at once (their tasks are interrupted) and the main thread, wherever it is, ends with that.
   */
  private void lockLost(LockHeldException e) {
    if (lostLock.compareAndSet(null, e)) {
      spark.cancelJobsWithTag(jobTag, "partsync lost the lock of a target table");
    }
  }

  /** Stops the run, before it plans, copies or publishes more, once a lock was lost. */
  private void ensureNoLockLost() {
    LockHeldException lost = lostLock.get();
    if (lost != null) {
      throw lost;
    }
  }

  /**
   * Every cluster's name node answers within the connect timeout, before any metastore is touched. A
   * target that does not is left out like any failing target (or fails the run when it is the only one,
   * or under {@code on-target-failure: abort}).
   */
  private Map<String, RuntimeException> checkReachable(Map<String, String> sourceProperties,
      Map<String, Map<String, String>> targetProperties) {
    Reachability.check("source", "source.default-fs", sourceProperties, config.connectTimeout());
    Map<String, RuntimeException> unreachable = new HashMap<>();
    for (TargetCluster target : config.targets()) {
      try {
        Reachability.check(config.targets().size() == 1 ? "target" : "target " + target.name(),
            target.cluster().role() + ".default-fs",
            targetProperties.get(target.name()), config.connectTimeout());
      } catch (RuntimeException e) {
        if (config.abortOnTargetFailure() || config.targets().size() == 1) {
          throw e;
        }
        unreachable.put(target.name(), e);
      }
    }
    return unreachable;
  }

  /** Fingerprints, plans, copies and publishes, every target still in the run at once. */
  private RunReport copyAndPublish(MetastoreClient sourceMetastore, List<TargetRun> active, List<TargetRun> targets,
      SourceSnapshots snapshots, RunReportBuilder report, Map<String, String> sourceProperties,
      Map<String, Map<String, String>> targetProperties) {
    CopyProgress progress = CopyProgress.start(spark.sc(), active.stream().map(TargetRun::name).toList());
    Waves waves;
    long plannedNanos;
    List<ExecutorResult> results;
    try (progress) {
      waves = timed("fingerprint and plan", () -> copyInWaves(sourceMetastore, active, sourceProperties,
          targetProperties, progress));
      plannedNanos = System.nanoTime();
      results = timed("copy", () -> resultsByExecutor(await(waves)));
    }
    // The whole plan (definitions of the copied partitions, drops) is only needed to publish: made after
    // the copies, so its metastore reads never compete with them.
    timed("plan", () -> {
      active.forEach(t -> t.plan(sourceMetastore, clock, waves.listings()));
      return null;
    });
    FaultInjection.check(FaultInjection.Point.AFTER_COPY);
    ensureNoLockLost();
    timed("publish and housekeeping", () -> publish(targets, results, snapshots.byTable()));
    RunReport.Pipeline pipeline = new RunReport.Pipeline(waves.copies().size(),
        waves.copies().isEmpty() ? null : (firstCopyNanos - startedNanos) / 1_000_000,
        (plannedNanos - startedNanos) / 1_000_000);
    RunReport built = report.build(byExecutor(waves.plans()), results, clock.instant(), lags(active, results), phases,
        pipeline);
    progress.finish(built);
    return built;
  }

  /**
   * Starts every target. One that fails is left out and the others go on, unless {@code on-target-failure:
   * abort}; when every target fails, the run stops with the first one's reason (and its exit code).
   */
  private Void start(List<TargetRun> targets, List<TableMapping> selected, MetastoreClient sourceMetastore,
      SourceSnapshots snapshots) {
    for (TargetRun target : targets) {
      isolate(targets, target, () -> target.check(selected, sourceMetastore));
      if (target.active()) {
        isolate(targets, target, target::checkWritable);
      }
    }
    // Before anything is written (snapshots included): a --break-lock with nothing to break stops the run.
    options.breakLock().ifPresent(broken -> checkBreakable(targets, broken));
    Map<String, SourceTable> sources = new LinkedHashMap<>();
    targets.stream().filter(TargetRun::active).forEach(t -> t.checkedSources().forEach(sources::putIfAbsent));
    snapshots.take(sources).forEach((table, reason) -> targets.stream().filter(TargetRun::active)
        .forEach(target -> isolate(targets, target, () -> target.dropSource(table, reason))));
    LockHolder holder = LockHolder.current(hostName(), spark.sc().applicationId(), spark.sc().master());
    for (TargetRun target : targets) {
      if (target.active()) {
        isolate(targets, target, () -> target.lockTables(holder, options.breakLock(), this::lockLost));
      }
    }
    for (TargetRun target : targets) {
      if (target.active()) {
        isolate(targets, target, () -> target.start(sourceMetastore, clock));
      }
    }
    if (targets.stream().noneMatch(TargetRun::active)) {
      throw targets.get(0).failure();
    }
    return null;
  }

  /** By source table, the snapshots the target tables of every target still in the run record. */
  private static Map<String, Set<String>> recordedSnapshots(List<TargetRun> targets, SourceSnapshots snapshots) {
    Map<String, Set<String>> recorded = new HashMap<>();
    for (String table : snapshots.byTable().keySet()) {
      Set<String> names = new HashSet<>();
      targets.stream().filter(TargetRun::active).forEach(t -> names.addAll(t.recordedSnapshots(table)));
      recorded.put(table, names);
    }
    return recorded;
  }

  /**
   * {@code --break-lock} names a run that left a lock or a record of itself on some table of this run;
   * otherwise nothing is locked and the run stops, naming who holds the tables instead.
   */
  private static void checkBreakable(List<TargetRun> targets, String broken) {
    List<TargetRun> active = targets.stream().filter(TargetRun::active).toList();
    if (active.stream().anyMatch(t -> t.leftBy(broken))) {
      return;
    }
    List<String> holders = active.stream().flatMap(t -> t.lockHolders().stream()).toList();
    if (!holders.isEmpty()) {
      throw new LockHeldException("--break-lock " + broken + ": no target table is locked by run " + broken + "; "
          + String.join("; ", holders) + "; break a lock only with the run id its message names");
    }
    throw new ConfigException("--break-lock " + broken + ": run " + broken + " holds no lock and left no record on"
        + " any target table of this config; there is nothing to break: run without --break-lock");
  }

  private void isolate(List<TargetRun> targets, TargetRun target, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      if (config.abortOnTargetFailure() || targets.size() == 1) {
        throw e;
      }
      target.fail(e);
    }
  }

  /**
   * Runs one phase of the run and logs how long it took, so an operator can see where a run's time goes;
   * the report has the same figures.
   */
  private <T> T timed(String phase, Supplier<T> step) {
    long started = System.nanoTime();
    T result = step.get();
    long millis = (System.nanoTime() - started) / 1_000_000;
    phases.merge(phase, millis, Long::sum);
    LOG.info("{}: {} ms", phase, millis);
    return result;
  }

  /**
   * Lists and fingerprints every selected source partition once on the executors, whatever the number of
   * targets, with each target's directory of it checked in the same task. By source table, then name.
   */
  private List<ListingRequest> listingRequests(List<TargetRun> targets) {
    Map<String, ListingRequest> merged = new LinkedHashMap<>();
    for (TargetRun target : targets) {
      for (TableInputs t : target.inputs()) {
        for (ListingRequest request : t.listingRequests(config.verify() == VerifyMode.CHECKSUM,
            t.mapping().modeOr(config.mode()), config.compare())) {
          merged.merge(request.sourceTable() + "/" + request.name(), request, ListingRequest::merge);
        }
      }
    }
    return List.copyOf(merged.values());
  }

  private Map<String, Map<String, PartitionListing>> fingerprint(List<ListingRequest> requests,
      Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties) {
    Map<String, Map<String, PartitionListing>> bySourceTable = new HashMap<>();
    if (requests.isEmpty()) {
      return bySourceTable;
    }
    // Interrupted on cancel: a run that lost its lock stops its tasks at once, not after their work.
    spark.setJobGroup("partsync", "partsync: fingerprint " + requests.size() + " source partitions", true);
    int slices = Math.min(requests.size(), config.executors().count());
    FingerprintTask task = new FingerprintTask(sourceProperties, targetProperties,
        config.missingDirectories() == MissingDirectories.EMPTY);
    for (PartitionListing listing : spark.parallelize(requests, slices).mapPartitions(task).collect()) {
      bySourceTable.computeIfAbsent(listing.sourceTable(), t -> new HashMap<>()).put(listing.name(), listing);
    }
    LOG.info("fingerprinted {} source partitions with {} tasks", requests.size(), slices);
    return bySourceTable;
  }

  private Map<String, Map<String, PartitionListing>> fingerprintOnDriver(List<ListingRequest> requests,
      Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties) {
    Map<String, Map<String, PartitionListing>> bySourceTable = new HashMap<>();
    try {
      new FingerprintTask(sourceProperties, targetProperties,
        config.missingDirectories() == MissingDirectories.EMPTY).call(requests.iterator()).forEachRemaining(listing ->
          bySourceTable.computeIfAbsent(listing.sourceTable(), t -> new HashMap<>()).put(listing.name(), listing));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("listing " + requests.size() + " source partitions failed: " + e.getMessage(), e);
    }
    LOG.info("fingerprinted {} source partitions on the driver while copying", requests.size());
    return bySourceTable;
  }

  /** Copies made wave by wave: every executor plan and the copy jobs still running. */
  private record Waves(List<ExecutorPlan> plans, List<JavaFutureAction<List<ExecutorResult>>> copies,
      Map<String, Map<String, PartitionListing>> listings) {}

  /**
   * Lists the source partitions in waves of {@code executors.wave-partitions}; as soon as a wave is
   * planned its copy job starts, and the next wave is listed and planned while it runs. On a large change
   * copying so starts long before the whole plan is known.
   */
  private Waves copyInWaves(MetastoreClient sourceMetastore, List<TargetRun> targets,
      Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties, CopyProgress progress) {
    List<ListingRequest> requests = listingRequests(targets);
    Waves waves = new Waves(new ArrayList<>(), new ArrayList<>(), new HashMap<>());
    int size = config.executors().wavePartitions();
    int wave = 0;
    for (int from = 0; from < requests.size(); wave++) {
      ensureNoLockLost();
      List<ListingRequest> listing = requests.subList(from, Math.min(requests.size(), from + size));
      from += listing.size();
      // While a copy job holds the executors, the next wave is listed on the driver (name node calls only,
      // many at once) rather than queued behind the copy for a free task slot.
      boolean copying = waves.copies().stream().anyMatch(copy -> !copy.isDone());
      Map<String, Map<String, PartitionListing>> listed = copying
          ? fingerprintOnDriver(listing, sourceProperties, targetProperties)
          : fingerprint(listing, sourceProperties, targetProperties);
      listed.forEach((table, byName) -> waves.listings().computeIfAbsent(table, t -> new HashMap<>()).putAll(byName));
      List<PartitionCopy> copies = mergeCopies(targets.stream()
          .flatMap(t -> t.waveCopies(sourceMetastore, clock, listed).stream()).toList());
      if (!copies.isEmpty()) {
        if (waves.copies().isEmpty()) {
          firstCopyNanos = System.nanoTime();
        }
        List<ExecutorPlan> executors = ExecutorPlanner.assign(copies, config.executors().count());
        logPlan(executors);
        waves.plans().addAll(executors);
        progress.planned(executors);
        waves.copies().add(copyAsync(executors, sourceProperties, targetProperties, progress.counters()));
        LOG.info("wave {}: copying {} partitions while the rest is planned", wave + 1, copies.size());
      }
      // Nothing to copy yet, so nothing to overlap with: the rest is listed at once, in one job. Once
      // copying, waves double, so a large change starts early without paying for many small jobs.
      size = waves.copies().isEmpty() ? requests.size() : size * 2;
    }
    return waves;
  }

  /** One copy per source partition, going to every target table that needs it: its files are read once. */
  static List<PartitionCopy> mergeCopies(List<PartitionCopy> copies) {
    Map<String, PartitionCopy> bySource = new LinkedHashMap<>();
    for (PartitionCopy copy : copies) {
      bySource.merge(copy.sourceTable() + "/" + copy.name(), copy, (a, b) -> a.withDestinations(
          Stream.concat(a.destinations().stream(), b.destinations().stream()).toList()));
    }
    return List.copyOf(bySource.values());
  }

  private static void logPlan(List<ExecutorPlan> executors) {
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

  private JavaFutureAction<List<ExecutorResult>> copyAsync(List<ExecutorPlan> executors,
      Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties, CopyCounters counters) {
    spark.setJobGroup("partsync", "partsync: copy " + executors.stream().mapToInt(e -> e.partitions().size())
        .sum() + " partitions with " + executors.size() + " virtual executors", true);
    CopyTask task = new CopyTask(sourceProperties, targetProperties,
        CopySettings.of(config.executors(), config.verify(), config.readReplica() == null ? null
            : ReplicaRead.of(config.readReplica(), sourceProperties.get("fs.defaultFS"))), counters,
        options.runId().isPresent());
    return spark.parallelize(executors, executors.size()).map(task).collectAsync();
  }

  private static List<ExecutorResult> await(Waves waves) {
    List<ExecutorResult> results = new ArrayList<>();
    for (JavaFutureAction<List<ExecutorResult>> copy : waves.copies()) {
      try {
        results.addAll(copy.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the copy", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
      }
    }
    return results;
  }

  /** A virtual executor's work over all waves, as one plan and one result per executor. */
  static List<ExecutorPlan> byExecutor(List<ExecutorPlan> plans) {
    Map<Integer, List<PartitionCopy>> partitions = new java.util.TreeMap<>();
    plans.forEach(p -> partitions.computeIfAbsent(p.executor(), e -> new ArrayList<>()).addAll(p.partitions()));
    return partitions.entrySet().stream().map(e -> new ExecutorPlan(e.getKey(), e.getValue())).toList();
  }

  static List<ExecutorResult> resultsByExecutor(List<ExecutorResult> results) {
    Map<Integer, ExecutorResult> merged = new java.util.TreeMap<>();
    for (ExecutorResult r : results) {
      merged.merge(r.executor(), r, (a, b) -> new ExecutorResult(a.executor(), a.host(),
          Stream.concat(a.partitions().stream(), b.partitions().stream()).toList(), a.bytesCopied() + b.bytesCopied(),
          Math.max(a.peakBufferBytes(), b.peakBufferBytes()), a.millis() + b.millis()));
    }
    return List.copyOf(merged.values());
  }

  /**
   * Publishes every target still in the run. Under {@code on-target-failure: abort}, a target that failed
   * anywhere (left out, or a copy to it failed) means no target publishes.
   */
  private Void publish(List<TargetRun> targets, List<ExecutorResult> results,
      Map<String, SourceSnapshot> snapshots) {
    List<PartitionResult> all = results.stream().flatMap(r -> r.partitions().stream()).toList();
    List<String> failing = targets.stream().filter(t -> !t.active()
        || all.stream().anyMatch(p -> p.target().equals(t.name()) && !p.succeeded())).map(TargetRun::name).toList();
    boolean publish = !config.abortOnTargetFailure() || failing.isEmpty();
    String withheld = "not published: target(s) " + String.join(", ", failing)
        + " failed and 'on-target-failure: abort' withholds every target";
    for (TargetRun target : targets) {
      if (target.active()) {
        target.commit(all, publish, withheld, snapshots);
      }
    }
    return null;
  }

  /**
   * By target, the age in seconds of the newest source change it still lacks after this run: the newest
   * file of a partition planned for it whose copy failed or was not published; 0 when it lacks none.
   */
  private Map<String, Long> lags(List<TargetRun> targets, List<ExecutorResult> results) {
    Set<String> published = new HashSet<>();
    results.stream().flatMap(r -> r.partitions().stream()).filter(PartitionResult::succeeded)
        .forEach(p -> published.add(p.target() + "/" + p.table() + "/" + p.name()));
    long now = clock.millis();
    Map<String, Long> lags = new LinkedHashMap<>();
    for (TargetRun target : targets) {
      long newest = target.plans().stream().flatMap(plan -> plan.copies().stream())
          .filter(c -> c.destinations().stream()
              .noneMatch(d -> published.contains(d.target() + "/" + d.table() + "/" + c.name())))
          .flatMap(c -> c.files().stream()).mapToLong(DataFile::modificationTime).max().orElse(now);
      lags.put(target.name(), Math.max(0, (now - newest) / 1000));
    }
    return lags;
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
