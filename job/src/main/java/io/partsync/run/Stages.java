package io.partsync.run;

import io.partsync.config.SyncConfig;
import io.partsync.config.TableMapping;
import io.partsync.targets.TargetConnection;
import io.partsync.views.ViewPlan;
import io.partsync.views.ViewPlanner;
import io.partsync.views.ViewPublisher;
import io.partsync.copy.PartitionResult;
import io.partsync.failure.Faults;
import io.partsync.failure.Outcomes;
import io.partsync.failure.SyncRefusedException;
import io.partsync.failure.TableFailure;
import io.partsync.lock.LockHeldException;
import io.partsync.lock.LockHolder;
import io.partsync.lock.TableLocks;
import io.partsync.plan.CopyCost;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TablePlanner.TableInputs;
import io.partsync.publish.Publisher;
import io.partsync.report.JsonFiles;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import io.partsync.publish.TablePublished;
import io.partsync.source.SourceSnapshots;
import io.partsync.source.SourceTable;
import io.partsync.targets.CheckedTable;
import io.partsync.targets.TableCheck;
import io.partsync.targets.TablePreparation;
import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The stages of one run over its connected targets: each takes the previous one's value and returns its own. */
final class Stages {
  private static final Logger LOG = LoggerFactory.getLogger(Stages.class);
  final RunSession session;
  final Planning planning;
  private final SyncConfig config;
  private final RunOptions options;
  private final RunId runId;
  private final Faults faults;
  private final LockHolder holder;
  private final Consumer<LockHeldException> onLockLost;
  private final CopyCost copyCost;

  /**
   * @param holder who this run is, as its locks record it
   * @param onLockLost told, from a renewal thread, when another run took one of this run's locks
   */
  Stages(SyncConfig config, RunOptions options, Clock clock, Faults faults, RunSession session, RunId runId,
      LockHolder holder, Consumer<LockHeldException> onLockLost) {
    this.config = config;
    this.options = options;
    this.runId = runId;
    this.faults = faults;
    this.session = session;
    this.holder = holder;
    this.onLockLost = onLockLost;
    this.planning = new Planning(session.sourceMetastore(), config, runId, clock);
    this.copyCost = CopyCost.of(config.executors().cost(), config.executors().cost().isComplete() ? null
        : observedBefore());
  }

  /** How this run lists the source: on the executors of {@code spark}, or on the driver while they copy. */
  Fingerprints fingerprints(JavaSparkContext spark) {
    return new Fingerprints(config, spark, session.sourceProperties(), session.targetProperties());
  }

  /**
   * Checks every target's tables against the source, writing nothing; with {@code forWriting}, also that
   * this run may write them, and that a {@code --break-lock} has something to break.
   */
  TargetSet<CheckedTable> check(boolean forWriting) {
    TargetSet<CheckedTable> targets = TargetSet.of(session.targets().stream()
        .map(t -> OnTarget.<CheckedTable>start(t, List.of())).toList(), config.abortOnTargetFailure());
    TargetSet<CheckedTable> checked = targets.each(t -> new TableCheck(t.target(), session.sourceMetastore(),
        config.source().defaultFs(), session.sourceFs()).check(session.selected()), Stages::refused);
    if (!forWriting) {
      return checked;
    }
    TargetSet<CheckedTable> writable = checked.each(t -> TableCheck.checkWritable(t.target(), t.tables()),
        Stages::refused);
    options.breakLock().ifPresent(broken -> LockBreak.check(writable.active(), broken));
    return writable;
  }

  /**
   * Takes the snapshots the source tables ask for. A table that requires one and cannot have it is left
   * out of every target; with {@code auto} it is read live.
   */
  TargetSet<CheckedTable> snapshot(TargetSet<CheckedTable> checked, SourceSnapshots snapshots) {
    Map<String, SourceTable> sources = new LinkedHashMap<>();
    checked.active().forEach(t -> t.tables().forEach(table -> sources.putIfAbsent(table.source().qualifiedName(),
        new SourceTable(table.mapping(), table.source()))));
    Map<String, String> unavailable = snapshots.take(sources);
    if (unavailable.isEmpty()) {
      return checked;
    }
    return checked.each(t -> {
      Outcomes.Builder<CheckedTable> kept = new Outcomes.Builder<>();
      for (CheckedTable table : t.tables()) {
        String reason = unavailable.get(table.source().qualifiedName());
        if (reason == null) {
          kept.keep(table);
        } else {
          kept.fail(TableCheck.failure(t.target(), table.mapping(), table.target().qualifiedName(), reason));
        }
      }
      return kept.build();
    }, failures -> new SyncRefusedException(failures.get(0).reason()));
  }

  /**
   * Locks every target's tables, creates or adopts them, and reads both sides' partitions, through the
   * snapshots taken. A table another run holds is left out.
   */
  TargetSet<TableInputs> lockAndRead(TargetSet<CheckedTable> checked, HeldLocks held, SourceSnapshots snapshots) {
    TargetSet<CheckedTable> locked = checked.each(t -> lock(t, held), failures -> new LockHeldException(
        String.join("; ", failures.stream().map(TableFailure::reason).toList())));
    TargetSet<TableInputs> read = locked.each(t -> planning.read(t.then(TablePreparation.prepare(t.target(),
        t.tables(), session.sourceMetastore().uris(), runId, session.sourceFs()))), null).requireAny();
    return read.replace(t -> t.with(t.tables().stream().map(snapshots::throughSnapshot).toList()));
  }

  private Outcomes<CheckedTable> lock(OnTarget<CheckedTable> target, HeldLocks held) {
    Outcomes.Builder<CheckedTable> outcomes = new Outcomes.Builder<>();
    Map<String, CheckedTable> byName = new LinkedHashMap<>();
    target.tables().forEach(t -> byName.put(t.target().qualifiedName(), t));
    TableLocks locks = TableLocks.acquire(target.name(), target.target().fs(), byName.values().stream()
        .map(t -> new TableLocks.Request(t.target().qualifiedName(), t.target().location())).toList(),
        runId, holder, config.safety().lockTtl(), options.breakLock(), onLockLost);
    held.add(target.name(), locks);
    byName.forEach((name, table) -> {
      if (locks.holds(name)) {
        outcomes.keep(table);
      } else {
        outcomes.fail(TableCheck.failure(target.target(), table.mapping(), name,
            locks.refused().get(name).getMessage()));
      }
    });
    return outcomes.build();
  }

  CopyPipeline.Copied copy(TargetSet<TableInputs> read, SparkJobs jobs, Phases phases, long startedNanos) {
    return new CopyPipeline(config, jobs, fingerprints(jobs.context()), planning, options.runId().isPresent(),
        faults, copyCost()).run(read.active(), phases, startedNanos);
  }

  /**
   * The copy cost the executors are balanced on: as configured, else as the previous run observed it
   * (its JSON report, when {@code report.json} is set), else the defaults. Read once per run.
   */
  CopyCost copyCost() {
    return copyCost;
  }

  /** What the previous run's report says its copy tasks observed, or null; a report that cannot be read is no reason to stop. */
  private CopyCost observedBefore() {
    Optional<String> path = config.reportPath();
    if (path.isEmpty()) {
      return null;
    }
    try {
      Optional<String> text = JsonFiles.read(path.get());
      RunReport.CopyCostReport cost = text.isEmpty() ? null : ReportWriter.fromJson(text.get()).copyCost();
      RunReport.CostFigures observed = cost == null ? null : cost.observed();
      return observed == null ? null : new CopyCost(observed.streamBytesPerSecond(), observed.fileMillis(),
          observed.partitionMillis(), "previous run");
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot read the copy cost the previous run observed from {}: {}; planning with the defaults",
          path.get(), e.getMessage());
      return null;
    }
  }

  /** The whole plan, made after the copies so that its metastore reads never compete with them. */
  TargetSet<TablePlan> plan(TargetSet<TableInputs> read, Map<String, Map<String, PartitionListing>> listings) {
    return read.replace(t -> t.then(planning.plan(t, listings)));
  }

  /**
   * Publishes every target still in the run. Under {@code on-target-failure: abort}, a target that failed
   * anywhere (left out, or a copy to it failed) means no target publishes.
   */
  TargetSet<TablePublished> publish(TargetSet<TablePlan> planned, CopyPipeline.Copied copied,
      SourceSnapshots snapshots, HeldLocks locks) {
    List<PartitionResult> results = copied.results().stream()
        .flatMap(r -> r.partitions().stream()).toList();
    Set<String> left = new HashSet<>();
    planned.failed().forEach(f -> left.add(f.name()));
    List<String> failing = planned.order().stream().filter(name -> left.contains(name)
        || results.stream().anyMatch(p -> p.target().equals(name) && !p.succeeded())).toList();
    if (config.abortOnTargetFailure() && !failing.isEmpty()) {
      String withheld = "not published: target(s) " + String.join(", ", failing)
          + " failed and 'on-target-failure: abort' withholds every target";
      return planned.replace(t -> t.with(Publisher.withheld(t.name(), t.tables(), results, withheld)));
    }
    return planned.replace(t -> t.with(new Publisher(t.name(), t.target().metastore(), runId, faults)
        .publish(t.tables(), results, snapshots.byTable(), locks.of(t.name()))));
  }

  /** Housekeeping of every published table; then each target's locks are released. */
  TargetSet<TableDone> housekeep(TargetSet<TablePublished> published, HeldLocks locks) {
    return published.replace(t -> {
      List<TableDone> done = CleanUp.run(t, locks.of(t.name()), config.safety().gracePeriod(), runId, faults);
      locks.release(t.name(), CleanUp.clean(done));
      return t.with(done);
    });
  }

  /**
   * By target, what each selected view becomes there, read before anything is written. A run of views
   * only, each of them refused, is refused.
   */
  Map<String, List<ViewPlan>> planViews() {
    List<TableMapping> selected = new java.util.ArrayList<>(session.selected());
    session.views().forEach(v -> selected.add(v.mapping()));
    Map<String, List<ViewPlan>> plans = new LinkedHashMap<>();
    for (TargetConnection target : session.targets()) {
      plans.put(target.name(), new ViewPlanner(session.sourceMetastore(), target.metastore(), target.cluster(),
          config.views(), selected).plan(session.views()));
    }
    List<ViewPlan> all = plans.values().stream().flatMap(List::stream).toList();
    if (session.selected().isEmpty() && all.stream().allMatch(p -> ViewPlan.REFUSED.equals(p.action()))) {
      throw new SyncRefusedException(String.join("; ", all.stream().map(ViewPlan::reason).distinct().toList()));
    }
    return plans;
  }

  /** Writes the views of every target in {@code published}, which are those whose tables were published. */
  List<ViewPlan> publishViews(Map<String, List<ViewPlan>> plans, Set<String> published) {
    List<ViewPlan> done = new java.util.ArrayList<>();
    for (TargetConnection target : session.targets()) {
      List<ViewPlan> planned = plans.getOrDefault(target.name(), List.of());
      done.addAll(published.contains(target.name()) ? ViewPublisher.publish(target.metastore(), planned)
          : planned.stream().map(p -> ViewPlan.REFUSED.equals(p.action()) ? p : new ViewPlan(p.targetCluster(),
              p.source(), p.target(), p.definition(), ViewPlan.FAILED, p.unreplicatedTables(),
              "not written: the target's tables were not published")).toList());
    }
    return done;
  }

  private static RuntimeException refused(List<TableFailure> failures) {
    return new SyncRefusedException(String.join("; ", failures.stream().map(TableFailure::reason).toList()));
  }
}
