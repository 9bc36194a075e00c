package io.partsync;

import io.partsync.commit.PartitionCommitter;
import io.partsync.commit.PartitionCommitter.CommitResult;
import io.partsync.commit.TargetTables;
import io.partsync.config.SyncConfig;
import io.partsync.config.TableMapping;
import io.partsync.config.VerifyMode;
import io.partsync.copy.CopySettings;
import io.partsync.copy.CopyTask;
import io.partsync.copy.ExecutorResult;
import io.partsync.copy.PartitionResult;
import io.partsync.copy.ReplicaRead;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.HadoopConfs;
import io.partsync.housekeeping.Housekeeper;
import io.partsync.lock.LockHeldException;
import io.partsync.lock.TableLock;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreClient;
import io.partsync.metastore.MetastoreException;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.ExecutorPlanner;
import io.partsync.plan.FingerprintTask;
import io.partsync.plan.ListingRequest;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.SourceTables;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TablePlanner;
import io.partsync.plan.TablePlanner.TableInputs;
import io.partsync.report.RunReport;
import io.partsync.report.RunReportBuilder;
import io.partsync.select.TableSelector;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partsync run: lock the target tables, fingerprint the source partitions on the executors, copy the
 * new and changed ones into new version directories with one Spark task per virtual executor, publish
 * them in the target metastore, clean up superseded versions past their grace period, and report.
 */
public final class SyncJob {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  private final SyncConfig config;
  private final JavaSparkContext spark;
  private final Clock clock;

  /** @param clock the run's "now": relative partition windows are evaluated against it */
  public SyncJob(SyncConfig config, JavaSparkContext spark, Clock clock) {
    this.config = config;
    this.spark = spark;
    this.clock = clock;
  }

  /** A run id sorts by start time and is unique: it names the run's version directories. */
  static String newRunId(Instant started) {
    return RUN_ID_TIME.format(started) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  public RunReport run() throws IOException {
    Instant started = clock.instant();
    String runId = newRunId(started);
    Map<String, String> sourceProperties = HadoopConfs.resolve(config.source());
    Map<String, String> targetProperties = HadoopConfs.resolve(config.target());
    try (MetastoreClient sourceMetastore = connect(config.source().role(), config.source().metastoreUris(),
            sourceProperties);
        MetastoreClient targetMetastore = connect(config.target().role(), config.target().metastoreUris(),
            targetProperties);
        ClusterFileSystem targetFs = ClusterFileSystem.open("target", targetProperties)) {
      RunReportBuilder report = new RunReportBuilder(runId, started, config.executors().bufferBudgetBytes());
      List<ResolvedTable> checked = resolveTables(sourceMetastore, targetMetastore, targetFs, report);
      Map<String, TableLock> locks = lock(checked, targetFs, runId, report);
      List<ResolvedTable> resolved = checked.stream().filter(t -> locks.containsKey(t.target().qualifiedName()))
          .toList();
      ScheduledExecutorService renewal = renewal(locks);
      Set<String> cleanTables = new HashSet<>();
      try {
        List<ResolvedTable> prepared = timed("create or adopt target tables",
            () -> prepareTargets(resolved, targetMetastore, sourceMetastore.uris(), report));
        TablePlanner planner = new TablePlanner(sourceMetastore, targetMetastore, config.deletes(), runId, clock);
        List<TableInputs> inputs = timed("read partitions from both metastores",
            () -> read(planner, prepared, report));
        Map<String, Map<String, PartitionListing>> listings = timed("fingerprint",
            () -> fingerprint(inputs, sourceProperties, targetProperties));
        List<TablePlan> tables = plan(planner, inputs, listings, report);
        List<ExecutorPlan> executors = ExecutorPlanner.assign(
            tables.stream().flatMap(t -> t.copies().stream()).toList(), config.executors().count());
        logPlan(executors);
        List<ExecutorResult> results = timed("copy", () -> copy(executors, sourceProperties, targetProperties));
        FaultInjection.check(FaultInjection.Point.AFTER_COPY);
        timed("publish and housekeeping", () -> {
          commit(targetMetastore, targetFs, runId, tables, results, locks, report, cleanTables);
          return null;
        });
        return report.build(executors, results, clock.instant());
      } finally {
        renewal.shutdownNow();
        locks.forEach((table, lock) -> lock.release(cleanTables.contains(table)));
      }
    }
  }

  /** Runs one phase of the run and logs how long it took, so an operator can see where a run's time goes. */
  private static <T> T timed(String phase, Supplier<T> step) {
    long started = System.nanoTime();
    T result = step.get();
    LOG.info("{}: {} ms", phase, (System.nanoTime() - started) / 1_000_000);
    return result;
  }

  private MetastoreClient connect(String role, List<String> uris, Map<String, String> properties) {
    return MetastoreClient.connect(role, uris, properties, config.metastore());
  }

  /** A configured table with both definitions, checked; {@code target} is still to be created when new. */
  private record ResolvedTable(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists) {}

  /**
   * Reads and checks every selected table's definition before anything is written. A table that cannot
   * be synced as asked is reported and left out; the others go on. When no table is left, the run stops
   * untouched with the reasons.
   */
  private List<ResolvedTable> resolveTables(MetastoreClient sourceMetastore, MetastoreClient targetMetastore,
      ClusterFileSystem targetFs, RunReportBuilder report) {
    List<TableMapping> selected = TableSelector.select(config.tables(), sourceMetastore);
    if (selected.isEmpty()) {
      throw new SyncRefusedException("the 'tables' patterns select no table in the source metastore "
          + sourceMetastore.uris());
    }
    List<ResolvedTable> checked = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    Set<String> targets = new HashSet<>();
    for (TableMapping mapping : selected) {
      try {
        if (!targets.add(mapping.targetName())) {
          throw new SyncRefusedException("source table " + mapping.sourceName() + " would write target table "
              + mapping.targetName() + ", which another selected table writes; give it its own 'target'");
        }
        checked.add(resolve(mapping, sourceMetastore, targetMetastore, targetFs));
      } catch (SyncRefusedException | MetastoreException e) {
        LOG.error("{} is not synced: {}", mapping.sourceName(), e.getMessage());
        report.failedTable(mapping.sourceName(), mapping.targetName(), e.getMessage());
        refusals.add(e.getMessage());
      }
    }
    if (checked.isEmpty()) {
      throw new SyncRefusedException(String.join("; ", refusals));
    }
    return checked;
  }

  private ResolvedTable resolve(TableMapping mapping, MetastoreClient sourceMetastore,
      MetastoreClient targetMetastore, ClusterFileSystem targetFs) {
    HiveTable source = SourceTables.load(sourceMetastore, mapping.sourceDatabase(), mapping.sourceTable());
    SourceTables.checkSelection(mapping, source);
    Optional<HiveTable> existing = targetMetastore.findTable(mapping.targetDatabase(), mapping.targetTable());
    if (existing.isEmpty()) {
      return new ResolvedTable(mapping, source, TargetTables.newDefinition(source, mapping, targetMetastore,
          targetFs, sourceMetastore.uris()), false);
    }
    HiveTable target = existing.get();
    TargetTables.checkCompatible(source, target);
    TargetTables.checkReplica(mapping, source, target, targetMetastore);
    if (mapping.targetLocation() != null && !target.location().endsWith(mapping.targetLocation())) {
      LOG.warn("target table {} already exists at {}; its configured location {} is not used",
          target.qualifiedName(), target.location(), mapping.targetLocation());
    }
    return new ResolvedTable(mapping, source, target, true);
  }

  /**
   * Takes each table's lock. A table another run holds is reported and left out; when every table is
   * held, the run stops with the holders.
   */
  private Map<String, TableLock> lock(List<ResolvedTable> tables, ClusterFileSystem targetFs, String runId,
      RunReportBuilder report) {
    String host = hostName();
    Map<String, TableLock> locks = new HashMap<>();
    List<String> held = new ArrayList<>();
    try {
      for (ResolvedTable table : tables) {
        String name = table.target().qualifiedName();
        try {
          locks.put(name, TableLock.acquire(targetFs, name, table.target().location(), runId, host,
              config.safety().lockTtl()));
        } catch (LockHeldException e) {
          LOG.error("{} is not synced: {}", table.mapping().sourceName(), e.getMessage());
          report.failedTable(table.mapping().sourceName(), name, e.getMessage());
          held.add(e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      locks.values().forEach(lock -> lock.release(true));
      throw e;
    }
    if (locks.isEmpty()) {
      throw new LockHeldException(String.join("; ", held));
    }
    return locks;
  }

  private ScheduledExecutorService renewal(Map<String, TableLock> locks) {
    ScheduledExecutorService renewal = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "partsync-lock-renewal");
      thread.setDaemon(true);
      return thread;
    });
    long period = Math.max(1, config.safety().lockTtl().toMillis() / 3);
    renewal.scheduleAtFixedRate(() -> locks.values().forEach(TableLock::renew), period, period,
        TimeUnit.MILLISECONDS);
    return renewal;
  }

  /** Creates or adopts each target table; one that fails is reported and left out. */
  private static List<ResolvedTable> prepareTargets(List<ResolvedTable> tables, MetastoreClient targetMetastore,
      String sourceUris, RunReportBuilder report) {
    List<ResolvedTable> prepared = new ArrayList<>();
    for (ResolvedTable table : tables) {
      try {
        if (!table.targetExists()) {
          LOG.info("creating target table {} at {}", table.target().qualifiedName(), table.target().location());
          targetMetastore.createTable(table.target());
        } else if (!TargetTables.isReplica(table.target())) {
          LOG.info("adopting target table {} as the replica of {}", table.target().qualifiedName(),
              table.source().qualifiedName());
          TargetTables.stamp(table.target(), table.source(), targetMetastore, sourceUris);
        }
        prepared.add(table);
      } catch (MetastoreException e) {
        LOG.error("preparing target table {} failed", table.target().qualifiedName(), e);
        report.failedTable(table.mapping().sourceName(), table.target().qualifiedName(), e.getMessage());
      }
    }
    return prepared;
  }

  private static List<TableInputs> read(TablePlanner planner, List<ResolvedTable> tables,
      RunReportBuilder report) {
    List<TableInputs> inputs = new ArrayList<>();
    for (ResolvedTable t : tables) {
      try {
        inputs.add(planner.read(t.mapping(), t.source(), t.target(), t.targetExists()));
      } catch (MetastoreException e) {
        LOG.error("reading the partitions of {} failed", t.mapping().sourceName(), e);
        report.failedTable(t.mapping().sourceName(), t.target().qualifiedName(), e.getMessage());
      }
    }
    return inputs;
  }

  private List<TablePlan> plan(TablePlanner planner, List<TableInputs> inputs,
      Map<String, Map<String, PartitionListing>> listings, RunReportBuilder report) {
    List<TablePlan> plans = new ArrayList<>();
    for (TableInputs t : inputs) {
      try {
        plans.add(planner.plan(t, listings.getOrDefault(t.target().qualifiedName(), Map.of()),
            t.mapping().modeOr(config.mode())));
      } catch (MetastoreException e) {
        LOG.error("planning {} failed", t.mapping().sourceName(), e);
        report.failedTable(t.mapping().sourceName(), t.target().qualifiedName(), e.getMessage());
      }
    }
    return plans;
  }

  /** Lists and fingerprints every source partition on the executors, several directories per task. */
  private Map<String, Map<String, PartitionListing>> fingerprint(List<TableInputs> tables,
      Map<String, String> sourceProperties, Map<String, String> targetProperties) {
    List<ListingRequest> requests = tables.stream()
        .flatMap(t -> t.listingRequests(config.verify() == VerifyMode.CHECKSUM,
            t.mapping().modeOr(config.mode()), config.compare()).stream()).toList();
    Map<String, Map<String, PartitionListing>> byTable = new HashMap<>();
    if (requests.isEmpty()) {
      return byTable;
    }
    spark.setJobGroup("partsync", "partsync: fingerprint " + requests.size() + " source partitions", false);
    int slices = Math.min(requests.size(), config.executors().count());
    FingerprintTask task = new FingerprintTask(sourceProperties, targetProperties);
    for (PartitionListing listing : spark.parallelize(requests, slices).mapPartitions(task).collect()) {
      byTable.computeIfAbsent(listing.table(), t -> new HashMap<>()).put(listing.name(), listing);
    }
    LOG.info("fingerprinted {} source partitions with {} tasks", requests.size(), slices);
    return byTable;
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

  private List<ExecutorResult> copy(List<ExecutorPlan> executors, Map<String, String> sourceProperties,
      Map<String, String> targetProperties) {
    if (executors.isEmpty()) {
      return List.of();
    }
    spark.setJobGroup("partsync", "partsync: copy " + executors.stream().mapToInt(e -> e.partitions().size())
        .sum() + " partitions with " + executors.size() + " virtual executors", false);
    CopyTask task = new CopyTask(sourceProperties, targetProperties,
        CopySettings.of(config.executors(), config.verify(), config.readReplica() == null ? null
            : ReplicaRead.of(config.readReplica(), sourceProperties.get("fs.defaultFS"))));
    return spark.parallelize(executors, executors.size()).map(task).collect();
  }

  private void commit(MetastoreClient targetMetastore, ClusterFileSystem targetFs, String runId,
      List<TablePlan> tables, List<ExecutorResult> results, Map<String, TableLock> locks,
      RunReportBuilder report, Set<String> cleanTables) {
    PartitionCommitter committer = new PartitionCommitter(targetMetastore, runId);
    Housekeeper housekeeper = new Housekeeper(targetFs, config.safety().gracePeriod());
    long syncedAt = System.currentTimeMillis();
    for (TablePlan table : tables) {
      String name = table.target().qualifiedName();
      List<PartitionResult> copied = results.stream().flatMap(r -> r.partitions().stream())
          .filter(p -> p.table().equals(name)).toList();
      List<PartitionResult> succeeded = copied.stream().filter(PartitionResult::succeeded).toList();
      TableLock lock = locks.get(name);
      CommitResult commit;
      try {
        lock.ensureHeld();
        commit = committer.commit(table, succeeded, syncedAt);
      } catch (RuntimeException e) {
        LOG.error("registering the partitions of {} failed", name, e);
        report.table(table, copied, null, e.getMessage(), null);
        continue;
      }
      RunReport.Housekeeping housekeeping = houseKeep(housekeeper, table, runId, copied, commit, lock);
      report.table(table, copied, commit, null, housekeeping);
      if (housekeeping != null) {
        cleanTables.add(name);
      }
    }
  }

  private static RunReport.Housekeeping houseKeep(Housekeeper housekeeper, TablePlan table, String runId,
      List<PartitionResult> copied, CommitResult commit, TableLock lock) {
    Set<String> referenced = new HashSet<>();
    table.targetPartitions().values().forEach(p -> referenced.add(Housekeeper.normalize(p.location())));
    commit.unreferenced().forEach(location -> referenced.remove(Housekeeper.normalize(location)));
    copied.stream().filter(PartitionResult::succeeded)
        .forEach(p -> referenced.add(Housekeeper.normalize(p.targetDir())));
    List<String> unpublished = copied.stream().filter(p -> !p.succeeded()).map(PartitionResult::targetDir).toList();
    try {
      Housekeeper.Outcome outcome = housekeeper.run(table.target().location(), runId, commit.unreferenced(),
          unpublished, referenced, lock.previousUncleanRun().isPresent(), table.target().partitionKeys().size());
      return new RunReport.Housekeeping(outcome.recorded(), outcome.removed(), outcome.pending());
    } catch (IOException e) {
      LOG.warn("housekeeping of {} failed; the next run retries it: {}", table.target().qualifiedName(),
          e.getMessage());
      return null;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
