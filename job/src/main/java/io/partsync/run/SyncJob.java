package io.partsync.run;

import io.partsync.config.SyncConfig;
import io.partsync.failure.FaultPoint;
import io.partsync.failure.Faults;
import io.partsync.lock.LockHolder;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.ExecutorPlanner;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TablePlanner.TableInputs;
import io.partsync.plan.TargetTableName;
import io.partsync.publish.TablePublished;
import io.partsync.report.PlanReport;
import io.partsync.report.RunReport;
import io.partsync.source.SourceSnapshots;
import io.partsync.views.ViewPlan;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One partsync run, as a pipeline of stages that take values and return values: check every target's
 * tables, snapshot the source, lock and read both sides, copy (fingerprinting the source partitions once
 * and copying each new or changed one once to every target that lacks it, in waves), plan, publish,
 * housekeep, report. A target that fails a stage is left out under {@code on-target-failure}.
 */
public final class SyncJob {
  private final SyncConfig config;
  private final RunOptions options;
  private final JavaSparkContext spark;
  private final Clock clock;
  private final Faults faults;
  private final Phases phases = new Phases();
  private volatile RunId lastRunId;

  /** @param clock the run's "now": relative partition windows are evaluated against it */
  public SyncJob(SyncConfig config, RunOptions options, JavaSparkContext spark, Clock clock) {
    this(config, options, spark, clock, Faults.NONE);
  }

  /** @param faults where a crash test fails the run; {@link Faults#NONE} in production */
  public SyncJob(SyncConfig config, RunOptions options, JavaSparkContext spark, Clock clock, Faults faults) {
    this.config = config;
    this.options = options;
    this.spark = spark;
    this.clock = clock;
    this.faults = faults;
  }

  public RunReport run() {
    long startedNanos = System.nanoTime();
    Instant started = clock.instant();
    RunId runId = runId(started);
    try (SparkJobs jobs = SparkJobs.tagged(spark, runId); RunSession session = RunSession.open(config)) {
      Stages stages = stages(session, runId, jobs);
      try {
        return sync(stages, jobs, start(runId, started, session), startedNanos);
      } catch (RuntimeException e) {
        throw jobs.cause(e);
      }
    }
  }

  private RunReport sync(Stages stages, SparkJobs jobs, RunReports.Start start, long startedNanos) {
    SourceSnapshots snapshots = new SourceSnapshots(stages.session.sourceFs(), start.runId(), config.snapshotsKeep());
    Map<TargetTableName, RecordedSnapshot> recorded = Map.of();
    Map<String, List<ViewPlan>> views = stages.planViews();
    if (stages.session.selected().isEmpty()) {
      return syncViewsOnly(stages, start, views);
    }
    try (HeldLocks locks = new HeldLocks()) {
      TargetSet<TableInputs> read = phases.timed("check, snapshot, lock and read every target",
          () -> stages.lockAndRead(stages.snapshot(stages.check(true), snapshots), locks, snapshots));
      recorded = recordedBefore(read);
      CopyPipeline.Copied copied = stages.copy(read, jobs, phases, startedNanos);
      TargetSet<TablePlan> planned = phases.timed("plan", () -> stages.plan(read, copied.listings()));
      faults.reach(FaultPoint.AFTER_COPY);
      jobs.ensureNoLockLost();
      TargetSet<TableDone> done = phases.timed("publish and housekeeping",
          () -> stages.housekeep(stages.publish(planned, copied, snapshots, locks), locks));
      recorded = recordedAfter(done, recorded);
      Set<String> published = new HashSet<>();
      done.active().forEach(t -> published.add(t.name()));
      List<ViewPlan> viewsDone = phases.timed("views", () -> stages.publishViews(views, published));
      RunReport report = RunReports.of(start, done, copied, clock.instant(), phases.millis(), viewsDone);
      copied.progress().finish(report);
      // Lost while publishing: some tables may be published, but the run did not end as it should.
      jobs.ensureNoLockLost();
      return report;
    } finally {
      // Also after a failure: a snapshot this run took that no target recorded is not needed.
      snapshots.cleanUp(bySourceTable(recorded));
    }
  }

  /** A run that selected views only: no table to lock, copy or publish, so the views are written at once. */
  private RunReport syncViewsOnly(Stages stages, RunReports.Start start, Map<String, List<ViewPlan>> views) {
    Set<String> every = new HashSet<>(views.keySet());
    List<ViewPlan> done = phases.timed("views", () -> stages.publishViews(views, every));
    return RunReports.views(RunReports.failures(start, TargetSet.of(List.of(), config.abortOnTargetFailure())), done)
        .build(List.of(), List.of(), clock.instant(), Map.of(), phases.millis(), new RunReport.Pipeline(0, null, 0));
  }

  /**
   * Plans the run without doing it: both sides are read and the source partitions listed and
   * fingerprinted, but nothing is created, locked, snapshotted, copied, registered or removed anywhere.
   * Tables configured for snapshots are planned from the live source.
   */
  public PlanReport dryRun() {
    Instant started = clock.instant();
    RunId runId = runId(started);
    try (SparkJobs jobs = SparkJobs.tagged(spark, runId); RunSession session = RunSession.open(config)) {
      Stages stages = stages(session, runId, jobs);
      Fingerprints fingerprints = stages.fingerprints(spark);
      Map<String, List<ViewPlan>> views = stages.planViews();
      if (stages.session.selected().isEmpty()) {
        RunReport failures = RunReports.views(RunReports.failures(start(runId, started, session),
            TargetSet.of(List.of(), config.abortOnTargetFailure())), views.values().stream().flatMap(List::stream)
            .toList()).build(List.of(), List.of(), clock.instant(), Map.of(), phases.millis(),
            new RunReport.Pipeline(0, null, 0));
        return DryRunReports.of(runId, List.of(), List.of(), failures);
      }
      TargetSet<TableInputs> read = phases.timed("check and read every target",
          () -> stages.check(false).each(stages.planning::read, null).requireAny());
      Map<String, Map<String, PartitionListing>> listings = phases.timed("fingerprint",
          () -> fingerprints.onExecutors(fingerprints.requests(read.active())));
      List<PartitionCopy> copies = CopyPipeline.merged(read.active().stream()
          .flatMap(t -> stages.planning.waveCopies(t, listings).stream()).toList());
      List<ExecutorPlan> executors = ExecutorPlanner.assign(copies, config.executors().count(), stages.copyCost(),
          config.executors().streams());
      TargetSet<TablePlan> planned = phases.timed("plan", () -> stages.plan(read, listings));
      RunReport failures = RunReports.views(RunReports.failures(start(runId, started, session), planned),
          views.values().stream().flatMap(List::stream).toList()).build(List.of(), List.of(),
          clock.instant(), Map.of(), phases.millis(), new RunReport.Pipeline(0, null, 0));
      return DryRunReports.of(runId, planned.active(), executors, failures);
    }
  }

  private Stages stages(RunSession session, RunId runId, SparkJobs jobs) {
    LockHolder holder = LockHolder.current(LockHolder.localHostName(), spark.sc().applicationId(),
        spark.sc().master());
    return new Stages(config, options, clock, faults, session, runId, holder, jobs::lockLost);
  }

  /** The scheduler's run id, or a fresh one. */
  private RunId runId(Instant startedAt) {
    lastRunId = options.runId().map(RunId::new).orElseGet(() -> RunId.startedAt(startedAt));
    return lastRunId;
  }

  /**
   * The id of the run this job started last, empty before it starts: a run that stops early with an
   * exception has no report to carry its id, but its status file still names it.
   */
  public Optional<RunId> runId() {
    return Optional.ofNullable(lastRunId);
  }

  private RunReports.Start start(RunId runId, Instant started, RunSession session) {
    return new RunReports.Start(runId, started, config.executors().bufferBudgetBytes(), session.unreachable(),
        RunReports.Start.bandwidth(config.bandwidth(), config.executors().count()));
  }

  /**
   * By target table, the snapshot of its source it records before this run: kept if the run fails, so the
   * next run still diffs from it.
   */
  private static Map<TargetTableName, RecordedSnapshot> recordedBefore(TargetSet<TableInputs> read) {
    Map<TargetTableName, RecordedSnapshot> recorded = new LinkedHashMap<>();
    read.active().forEach(t -> t.tables().forEach(table -> {
      String before = table.targetExists() ? table.target().parameters().get(PartsyncParameters.SOURCE_SNAPSHOT) : null;
      if (before != null) {
        recorded.put(new TargetTableName(t.name(), table.target().qualifiedName()),
            new RecordedSnapshot(table.source().qualifiedName(), before));
      }
    }));
    return recorded;
  }

  /** As {@link #recordedBefore}, with the snapshots tables recorded in this run instead of their earlier ones. */
  private static Map<TargetTableName, RecordedSnapshot> recordedAfter(TargetSet<TableDone> done,
      Map<TargetTableName, RecordedSnapshot> before) {
    Map<TargetTableName, RecordedSnapshot> recorded = new LinkedHashMap<>(before);
    done.active().forEach(t -> t.tables().forEach(table -> {
      TablePublished published = table.published();
      if (published.recorded() != null) {
        recorded.put(new TargetTableName(t.name(), published.plan().target().qualifiedName()),
            new RecordedSnapshot(published.plan().source().qualifiedName(), published.recorded().name()));
      }
    }));
    return recorded;
  }

  /** A snapshot of a source table that a target table records. */
  private record RecordedSnapshot(String sourceTable, String name) {}

  /** By source table, the snapshots some target table records. */
  private static Map<String, Set<String>> bySourceTable(Map<TargetTableName, RecordedSnapshot> recorded) {
    Map<String, Set<String>> names = new HashMap<>();
    recorded.values().forEach(r -> names.computeIfAbsent(r.sourceTable(), k -> new HashSet<>()).add(r.name()));
    return names;
  }
}
