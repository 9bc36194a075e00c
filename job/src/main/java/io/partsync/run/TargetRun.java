package io.partsync.run;

import io.partsync.failure.SyncRefusedException;
import io.partsync.publish.PartitionCommitter;
import io.partsync.publish.PartitionCommitter.CommitResult;
import io.partsync.publish.TargetLocations;
import io.partsync.publish.TargetTables;
import io.partsync.config.SyncConfig;
import io.partsync.config.TableMapping;
import io.partsync.config.TargetCluster;
import io.partsync.copy.PartitionResult;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.housekeeping.Housekeeper;
import io.partsync.housekeeping.RunOwner;
import io.partsync.lock.LockHeldException;
import io.partsync.lock.LockHolder;
import io.partsync.lock.TableLock;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreClient;
import io.partsync.metastore.MetastoreException;
import io.partsync.plan.Location;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.SourceSnapshot;
import io.partsync.source.SourceTables;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TablePlanner;
import io.partsync.plan.TablePlanner.TableInputs;
import io.partsync.report.RunReport;
import io.partsync.source.SourceTable;
import io.partsync.report.RunReportBuilder;
import io.partsync.failure.Messages;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target cluster's part of a run: its tables checked and locked, created or adopted, their partitions
 * read and planned against the shared source listings, then published and cleaned up. A target that
 * fails does so alone; the run decides whether the others go on.
 */
final class TargetRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TargetRun.class);

  private final TargetCluster target;
  private final Map<String, String> properties;
  private final SyncConfig config;
  private final String runId;
  private final RunReportBuilder report;
  private final boolean dryRun;
  private final MetastoreClient metastore;
  private final ClusterFileSystem fs;
  private final Map<String, TableLock> locks = new HashMap<>();
  private final Set<String> cleanTables = new HashSet<>();
  private ScheduledExecutorService renewal;
  private List<ResolvedTable> checked = List.of();
  /** While checking: see {@link #tableLocations()}. */
  private Map<String, String> tableLocations;
  private List<TableInputs> inputs = List.of();
  private List<TablePlan> plans = List.of();
  private RuntimeException failure;
  /** By target table, the snapshot this run recorded on it. */
  private final Map<String, SourceSnapshot> recorded = new HashMap<>();

  /** @param dryRun plan only: nothing is created, stamped or locked on this target */
  TargetRun(TargetCluster target, Map<String, String> properties, SyncConfig config, String runId,
      RunReportBuilder report, boolean dryRun) {
    this.target = target;
    this.dryRun = dryRun;
    this.properties = properties;
    this.config = config;
    this.runId = runId;
    this.report = report;
    this.metastore = MetastoreClient.connect(target.cluster().role(), target.cluster().metastoreUris(), properties,
        config.metastore(), config.connectTimeout());
    this.fs = ClusterFileSystem.open("target " + target.name(), properties);
  }

  String name() {
    return target.name();
  }

  Map<String, String> properties() {
    return properties;
  }

  /** Whether this target is still in the run. */
  boolean active() {
    return failure == null;
  }

  RuntimeException failure() {
    return failure;
  }

  /** Takes this target out of the run, reporting why. */
  void fail(RuntimeException e) {
    LOG.error("target {} is not synced: {}", target.name(), Messages.oneLine(e.getMessage()));
    failure = e;
    report.failedTarget(target.name(), e.getMessage());
  }

  List<TableInputs> inputs() {
    return inputs;
  }

  List<TablePlan> plans() {
    return plans;
  }

  /**
   * Checks and locks this target's tables; nothing else is written yet, so a run that then stops (another
   * target failed under {@code on-target-failure: abort}) leaves this target as it was. A table that
   * cannot be synced is reported and left out; when no table is left, this target fails.
   */
  void check(List<TableMapping> selected, MetastoreClient sourceMetastore) {
    checked = resolve(selected, sourceMetastore);
  }

  /** The checked source tables: each one's mapping and definition, by source table name. */
  Map<String, SourceTable> checkedSources() {
    Map<String, SourceTable> sources = new java.util.LinkedHashMap<>();
    checked.forEach(t -> sources.putIfAbsent(t.source().qualifiedName(), new SourceTable(t.mapping(), t.source())));
    return sources;
  }

  /**
   * Checks this run's user may write each checked table's location (asked of the name node, nothing
   * written); a table it may not is refused and left out, before any lock or directory is made.
   */
  void checkWritable() {
    List<ResolvedTable> writable = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (ResolvedTable table : checked) {
      String location = table.target().location();
      try {
        Optional<String> why = fs.whyNotWritable(location);
        if (why.isEmpty()) {
          writable.add(table);
          continue;
        }
        String reason = "cannot write target table " + table.target().qualifiedName() + " at " + location + " on "
            + target.name() + ": " + why.get() + "; grant that user write access or run partsync as a user who has"
            + " it";
        tableFailed(table.mapping(), table.target().qualifiedName(), reason);
        refusals.add(reason);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot check access to " + location + " on " + target.name() + ": "
            + e.getMessage(), e);
      }
    }
    checked = writable;
    if (checked.isEmpty()) {
      throw new SyncRefusedException(String.join("; ", refusals));
    }
  }

  /**
   * Locks the checked tables; a table another run holds is reported and left out. {@code onLost} is told,
   * from the renewal thread, when a lock this run holds is found taken by another run.
   */
  void lockTables(LockHolder holder, Optional<String> breakLock, Consumer<LockHeldException> onLost) {
    lock(checked, holder, breakLock, onLost);
    renewal = renewal();
  }

  /** Whether a checked table's lock, or a record of a run in progress on it, names {@code runId}. */
  boolean leftBy(String runId) {
    for (ResolvedTable table : checked) {
      try {
        if (TableLock.names(fs, table.target().location(), runId)) {
          return true;
        }
      } catch (IOException e) {
        // Not "nothing to break": that would be a false answer to the operator.
        throw new java.io.UncheckedIOException("cannot read the lock of target table "
            + table.target().qualifiedName() + " on " + target.name() + " to check --break-lock " + runId + ": "
            + Messages.oneLine(e.getMessage()), e);
      }
    }
    return false;
  }

  /** The checked tables and who holds each one's lock now, for a message naming them. */
  List<String> lockHolders() {
    List<String> holders = new ArrayList<>();
    for (ResolvedTable table : checked) {
      try {
        TableLock.holder(fs, table.target().location(), LockHolder.current(SyncJob.hostName(), null, null))
            .ifPresent(h -> holders.add(table.target().qualifiedName() + " is locked by " + h));
      } catch (IOException e) {
        LOG.debug("reading the lock of {} on {}", table.target().qualifiedName(), target.name(), e);
      }
    }
    return holders;
  }

  /** Creates or adopts the checked tables and reads both sides' partitions. */
  void start(MetastoreClient sourceMetastore, Clock clock) {
    read(prepare(checked.stream().filter(t -> locks.containsKey(t.target().qualifiedName())).toList(),
        sourceMetastore.uris()), sourceMetastore, clock);
  }

  /** Reads both sides' partitions of every checked table as they are, creating and locking nothing. */
  void startDryRun(MetastoreClient sourceMetastore, Clock clock) {
    read(checked, sourceMetastore, clock);
  }

  private void read(List<ResolvedTable> prepared, MetastoreClient sourceMetastore, Clock clock) {
    TablePlanner planner = planner(sourceMetastore, clock);
    List<TableInputs> read = new ArrayList<>();
    for (ResolvedTable t : prepared) {
      try {
        read.add(planner.read(t.mapping(), t.source(), t.target(), t.targetExists()));
      } catch (MetastoreException e) {
        tableFailed(t.mapping(), t.target().qualifiedName(), "reading its partitions failed: " + e.getMessage());
      }
    }
    inputs = read;
  }

  /** Leaves a source table out of this target, reporting why. */
  void dropSource(String sourceTable, String reason) {
    checked.stream().filter(t -> t.source().qualifiedName().equals(sourceTable))
        .forEach(t -> tableFailed(t.mapping(), t.target().qualifiedName(), reason));
    checked = checked.stream().filter(t -> !t.source().qualifiedName().equals(sourceTable)).toList();
    if (checked.isEmpty()) {
      throw new SyncRefusedException(reason);
    }
  }

  /** Reads the tables that have a snapshot through it. */
  void readThrough(java.util.function.UnaryOperator<TableInputs> throughSnapshot) {
    inputs = inputs.stream().map(throughSnapshot).toList();
  }

  /** The snapshots of {@code sourceTable} this target's tables record after this run. */
  Set<String> recordedSnapshots(String sourceTable) {
    Set<String> names = new HashSet<>();
    for (TableInputs t : inputs) {
      if (!t.source().qualifiedName().equals(sourceTable)) {
        continue;
      }
      SourceSnapshot now = recorded.get(t.target().qualifiedName());
      String before = t.targetExists() ? t.target().parameters().get(SourceSnapshot.PARAMETER) : null;
      if (now != null) {
        names.add(now.name());
      } else if (before != null) {
        names.add(before);
      }
    }
    return names;
  }

  /** What a dry run shows of a planned table beyond its plan: what it would create, and who holds its lock. */
  record Preview(boolean createDatabase, boolean adopt, String lockedBy) {}

  Preview preview(TablePlan plan) {
    HiveTable table = plan.target();
    try {
      return new Preview(!plan.targetExists() && metastore.databaseLocation(table.database()).isEmpty(),
          plan.targetExists() && !TargetTables.isReplica(table),
          plan.targetExists() ? TableLock.holder(fs, table.location(), LockHolder.current(SyncJob.hostName(), null,
              null)).orElse(null) : null);
    } catch (IOException e) {
      return new Preview(false, false, "unknown: reading the lock failed: " + e.getMessage());
    }
  }

  /** The files of a target partition as they are now, for a dry run to say which ones a copy replaces. */
  List<io.partsync.fs.DataFile> files(String dir) throws IOException {
    return fs.listDataFiles(dir);
  }

  /** Decides what to copy to this target's tables, given the source listings by source table. */
  void plan(MetastoreClient sourceMetastore, Clock clock, Map<String, Map<String, PartitionListing>> listings) {
    TablePlanner planner = planner(sourceMetastore, clock);
    List<TablePlan> planned = new ArrayList<>();
    for (TableInputs t : inputs) {
      try {
        planned.add(planner.plan(t, listings.getOrDefault(t.source().qualifiedName(), Map.of()),
            t.mapping().modeOr(config.mode())));
      } catch (MetastoreException e) {
        tableFailed(t.mapping(), t.target().qualifiedName(), "planning failed: " + e.getMessage());
      }
    }
    plans = planned;
  }

  /** The copies a wave of source listings calls for on this target's tables. */
  List<io.partsync.plan.PartitionCopy> waveCopies(MetastoreClient sourceMetastore, Clock clock,
      Map<String, Map<String, PartitionListing>> wave) {
    TablePlanner planner = planner(sourceMetastore, clock);
    List<io.partsync.plan.PartitionCopy> copies = new ArrayList<>();
    for (TableInputs t : inputs) {
      Map<String, PartitionListing> listed = wave.get(t.source().qualifiedName());
      if (listed != null) {
        copies.addAll(planner.waveCopies(t, listed, t.mapping().modeOr(config.mode())));
      }
    }
    return copies;
  }

  private TablePlanner planner(MetastoreClient sourceMetastore, Clock clock) {
    return new TablePlanner(sourceMetastore, metastore, config.deletes(), runId, clock, target.name());
  }

  /**
   * A configured table with both definitions, checked; {@code target} is still to be created when new, in
   * a database at {@code databaseLocation} (created with it when missing).
   */
  private record ResolvedTable(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists,
      String databaseLocation) {
    ResolvedTable withTarget(HiveTable stamped) {
      return new ResolvedTable(mapping, source, stamped, targetExists, databaseLocation);
    }
  }

  private List<ResolvedTable> resolve(List<TableMapping> selected, MetastoreClient sourceMetastore) {
    tableLocations = null;
    List<ResolvedTable> checked = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    Set<String> tables = new HashSet<>();
    for (TableMapping configured : selected) {
      TableMapping mapping = target.apply(configured);
      try {
        if (!tables.add(mapping.targetName())) {
          throw new SyncRefusedException("source table " + mapping.sourceName() + " would write target table "
              + mapping.targetName() + ", which another selected table writes; give it its own 'target'");
        }
        checked.add(resolve(mapping, sourceMetastore));
      } catch (SyncRefusedException | MetastoreException e) {
        tableFailed(mapping, mapping.targetName(), e.getMessage());
        refusals.add(e.getMessage());
      }
    }
    if (checked.isEmpty()) {
      throw new SyncRefusedException(String.join("; ", refusals));
    }
    return checked;
  }

  /**
   * Checks one table and where it is or will be; writes nothing, on either side, so that a refusal leaves
   * both clusters as they were (a missing database is created only with its table, in {@link #prepare}).
   */
  private ResolvedTable resolve(TableMapping mapping, MetastoreClient sourceMetastore) {
    HiveTable source = SourceTables.load(sourceMetastore, mapping.sourceDatabase(), mapping.sourceTable());
    SourceTables.checkSelection(mapping, source);
    Optional<HiveTable> existing = metastore.findTable(mapping.targetDatabase(), mapping.targetTable());
    String defaultFs = properties.get("fs.defaultFS");
    if (existing.isEmpty()) {
      Optional<String> existingDatabase = metastore.databaseLocation(mapping.targetDatabase());
      String databaseLocation = TargetTables.databaseLocation(metastore, mapping.targetDatabase(), existingDatabase);
      String location;
      if (mapping.targetLocation() != null) {
        TargetLocations.checkConfigured(mapping.targetName(), mapping.targetLocation(), defaultFs);
        location = fs.qualify(mapping.targetLocation());
      } else {
        TargetLocations.checkDatabase(mapping.targetDatabase(), databaseLocation, existingDatabase.isPresent(),
            mapping.targetName(), defaultFs);
        location = databaseLocation + "/" + mapping.targetTable();
      }
      TargetLocations.checkNotSource(sides(source, sourceMetastore, mapping.targetName(), location, false));
      TargetLocations.checkApart(mapping.targetName(), location, defaultFs, tableLocations());
      TargetLocations.checkEmpty(fs, mapping.targetName(), location);
      // A second table this run creates must not go where this one will be either.
      tableLocations.put(mapping.targetName(), location);
      return new ResolvedTable(mapping, source, TargetTables.newDefinition(source, mapping, location,
          sourceMetastore.uris()), false, databaseLocation);
    }
    HiveTable found = existing.get();
    TargetLocations.checkExisting(found, defaultFs);
    TargetLocations.checkNotSource(sides(source, sourceMetastore, found.qualifiedName(), found.location(), true));
    TargetTables.checkCompatible(source, found);
    TargetTables.checkReplica(mapping, source, found, metastore);
    if (mapping.targetLocation() != null && !found.location().endsWith(mapping.targetLocation())) {
      LOG.warn("target table {} already exists at {}; its configured location {} is not used",
          found.qualifiedName(), found.location(), mapping.targetLocation());
    }
    return new ResolvedTable(mapping, source, found, true, null);
  }

  /**
   * The locations of the target metastore's tables, and of those this check already decided to create, by
   * table name: read once per check, and only when a table is to be created.
   */
  private Map<String, String> tableLocations() {
    if (tableLocations == null) {
      tableLocations = new java.util.TreeMap<>(metastore.tableLocations());
    }
    return tableLocations;
  }

  private TargetLocations.Sides sides(HiveTable source, MetastoreClient sourceMetastore, String targetTable,
      String targetLocation, boolean exists) {
    return new TargetLocations.Sides(source, config.source().defaultFs() != null ? config.source().defaultFs()
        : Location.fileSystem(source.location()), sourceMetastore.uris(), targetTable, targetLocation, exists,
        properties.get("fs.defaultFS"), metastore.uris());
  }

  /** Takes each table's lock; a table another run holds is reported and left out. */
  private void lock(List<ResolvedTable> tables, LockHolder holder, Optional<String> breakLock,
      Consumer<LockHeldException> onLost) {
    List<String> held = new ArrayList<>();
    for (ResolvedTable table : tables) {
      String name = table.target().qualifiedName();
      try {
        TableLock lock = TableLock.acquire(fs, name, table.target().location(), runId, holder,
            config.safety().lockTtl(), breakLock);
        lock.whenLost(onLost);
        locks.put(name, lock);
      } catch (LockHeldException e) {
        tableFailed(table.mapping(), name, e.getMessage());
        held.add(e.getMessage());
      }
    }
    if (locks.isEmpty()) {
      throw new LockHeldException(String.join("; ", held));
    }
  }

  private ScheduledExecutorService renewal() {
    ScheduledExecutorService renewing = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "partsync-lock-renewal-" + target.name());
      thread.setDaemon(true);
      return thread;
    });
    // Four chances to renew before the lock expires, so one slow name node call does not lose it; and at
    // least every 15 s, since each renewal is also how a run finds out, and stops, that it lost its lock.
    long period = Math.max(1, Math.min(config.safety().lockTtl().toMillis() / 4, 15_000));
    renewing.scheduleAtFixedRate(() -> {
      try {
        locks.values().forEach(TableLock::renew);
      } catch (RuntimeException e) {
        // An exception would silently end the schedule, and with it every later renewal.
        LOG.warn("renewing the locks on target {} failed: {}", target.name(), Messages.oneLine(e.getMessage()));
        LOG.debug("renewing the locks on target {} failed", target.name(), e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    return renewing;
  }

  /**
   * Creates (with its database, when missing) or adopts each target table, gives a replica without one its
   * id, and marks this run's directory of it as the table's before anything is copied there; one that
   * fails is reported and left out.
   */
  private List<ResolvedTable> prepare(List<ResolvedTable> tables, String sourceUris) {
    List<ResolvedTable> prepared = new ArrayList<>();
    for (ResolvedTable table : tables) {
      String name = table.target().qualifiedName();
      try {
        ResolvedTable ready = table;
        if (!table.targetExists()) {
          LOG.info("creating target table {} at {} on {}", name, table.target().location(), target.name());
          TargetTables.ensureDatabase(metastore, table.target(), table.source(), table.databaseLocation());
          metastore.createTable(table.target());
        } else if (!TargetTables.isReplica(table.target())) {
          LOG.info("adopting target table {} on {} as the replica of {}", name, target.name(),
              table.source().qualifiedName());
          ready = table.withTarget(TargetTables.stamp(table.target(), table.source(), metastore, sourceUris));
        } else {
          ready = table.withTarget(TargetTables.ensureId(table.target(), metastore));
        }
        owner(ready.target()).mark(fs, ready.target().location(), runId);
        prepared.add(ready);
      } catch (MetastoreException e) {
        tableFailed(table.mapping(), name, e.getMessage());
      } catch (IOException e) {
        tableFailed(table.mapping(), name, "cannot mark this run's directory of the table as its own: "
            + e.getMessage());
      }
    }
    return prepared;
  }

  private static RunOwner owner(HiveTable table) {
    return new RunOwner(table.qualifiedName(), TargetTables.id(table));
  }

  private void tableFailed(TableMapping mapping, String targetTable, String reason) {
    LOG.error("{} is not synced to {} on {}: {}", mapping.sourceName(), targetTable, target.name(), reason);
    report.failedTable(target.name(), mapping.sourceName(), targetTable, reason);
  }

  /**
   * Publishes this target's copied partitions table by table, then cleans up superseded versions. With
   * {@code publish} false (another target failed under {@code on-target-failure: abort}) nothing is
   * published and every copy is reported as not published; a later run's sweep removes them.
   */
  void commit(List<PartitionResult> results, boolean publish, String withheld, Map<String, SourceSnapshot> snapshots) {
    PartitionCommitter committer = new PartitionCommitter(metastore, runId);
    Housekeeper housekeeper = new Housekeeper(fs, config.safety().gracePeriod());
    long syncedAt = System.currentTimeMillis();
    for (TablePlan table : plans) {
      String name = table.target().qualifiedName();
      Set<String> planned = new HashSet<>();
      table.copies().forEach(c -> planned.add(c.name()));
      List<PartitionResult> copied = results.stream()
          .filter(p -> p.target().equals(target.name()) && p.table().equals(name) && planned.contains(p.name()))
          .toList();
      if (!publish) {
        report.table(target.name(), table, copied, null, withheld, null);
        continue;
      }
      List<PartitionResult> succeeded = copied.stream().filter(PartitionResult::succeeded).toList();
      TableLock lock = locks.get(name);
      CommitResult commit;
      try {
        lock.ensureHeld();
        commit = committer.commit(table, succeeded, syncedAt);
      } catch (RuntimeException e) {
        LOG.error("registering the partitions of {} on {} failed: {}", name, target.name(),
            Messages.oneLine(e.getMessage()));
        LOG.debug("registering the partitions of {} failed", name, e);
        report.table(target.name(), table, copied, null, e.getMessage(), null);
        continue;
      }
      RunReport.Housekeeping housekeeping = houseKeep(housekeeper, table, copied, commit, lock);
      record(table, snapshots.get(table.source().qualifiedName()), copied);
      report.table(target.name(), table, copied, commit, null, housekeeping);
      if (housekeeping != null) {
        cleanTables.add(name);
      }
    }
  }

  /**
   * Records on the target table the snapshot it is now in sync with, so the next run diffs from it; only
   * when every partition was listed and published, else a change not copied now would hide behind it.
   */
  private void record(TablePlan table, SourceSnapshot snapshot, List<PartitionResult> copied) {
    if (snapshot == null || !table.listingFailures().isEmpty() || copied.stream().anyMatch(p -> !p.succeeded())) {
      return;
    }
    try {
      metastore.setTableParameters(table.target().database(), table.target().name(),
          Map.of(SourceSnapshot.PARAMETER, snapshot.name()));
      recorded.put(table.target().qualifiedName(), snapshot);
    } catch (MetastoreException e) {
      LOG.warn("recording snapshot {} on {} failed; the next run compares every partition: {}", snapshot.name(),
          table.target().qualifiedName(), e.getMessage());
    }
  }

  private RunReport.Housekeeping houseKeep(Housekeeper housekeeper, TablePlan table, List<PartitionResult> copied,
      CommitResult commit, TableLock lock) {
    Set<String> referenced = new HashSet<>();
    table.targetPartitions().values().forEach(p -> referenced.add(Housekeeper.normalize(p.location())));
    commit.unreferenced().forEach(location -> referenced.remove(Housekeeper.normalize(location)));
    copied.stream().filter(PartitionResult::succeeded)
        .forEach(p -> referenced.add(Housekeeper.normalize(p.targetDir())));
    List<String> unpublished = copied.stream().filter(p -> !p.succeeded()).map(PartitionResult::targetDir).toList();
    try {
      Housekeeper.Outcome outcome = housekeeper.run(table.target().location(), runId, commit.unreferenced(),
          unpublished, referenced, lock.previousUncleanRun().isPresent(), table.target().partitionKeys().size(),
          owner(table.target()));
      return new RunReport.Housekeeping(outcome.recorded(), outcome.removed(), outcome.pending());
    } catch (IOException e) {
      LOG.warn("housekeeping of {} on {} failed; the next run retries it: {}", table.target().qualifiedName(),
          target.name(), e.getMessage());
      return null;
    }
  }

  /** Stops renewing and releases the locks: cleanly for tables published and cleaned up, else marked. */
  @Override
  public void close() {
    if (renewal != null) {
      // A renewal under way finishes first, so it cannot write the lock back after it is released.
      renewal.shutdown();
      try {
        if (!renewal.awaitTermination(30, TimeUnit.SECONDS)) {
          renewal.shutdownNow();
        }
      } catch (InterruptedException e) {
        renewal.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    locks.forEach((table, lock) -> lock.release(cleanTables.contains(table)));
    metastore.close();
    try {
      fs.close();
    } catch (IOException e) {
      LOG.debug("closing the file system of target {}", target.name(), e);
    }
  }
}
