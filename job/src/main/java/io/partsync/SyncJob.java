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
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.HadoopConfs;
import io.partsync.housekeeping.Housekeeper;
import io.partsync.lock.TableLock;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreClient;
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
import java.io.IOException;
import java.net.InetAddress;
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

  public SyncJob(SyncConfig config, JavaSparkContext spark) {
    this.config = config;
    this.spark = spark;
  }

  /** A run id sorts by start time and is unique: it names the run's version directories. */
  static String newRunId(Instant started) {
    return RUN_ID_TIME.format(started) + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
  }

  public RunReport run() throws IOException {
    Instant started = Instant.now();
    String runId = newRunId(started);
    Map<String, String> sourceProperties = HadoopConfs.resolve(config.source());
    Map<String, String> targetProperties = HadoopConfs.resolve(config.target());
    try (MetastoreClient sourceMetastore = connect(config.source().role(), config.source().metastoreUris(),
            sourceProperties);
        MetastoreClient targetMetastore = connect(config.target().role(), config.target().metastoreUris(),
            targetProperties);
        ClusterFileSystem targetFs = ClusterFileSystem.open("target", targetProperties)) {
      List<ResolvedTable> resolved = resolveTables(sourceMetastore, targetMetastore, targetFs);
      Map<String, TableLock> locks = lock(resolved, targetFs, runId);
      ScheduledExecutorService renewal = renewal(locks);
      Set<String> cleanTables = new HashSet<>();
      try {
        timed("create or adopt target tables", () -> {
          prepareTargets(resolved, targetMetastore, sourceMetastore.uris());
          return null;
        });
        TablePlanner planner = new TablePlanner(sourceMetastore, targetMetastore, config.mode(), config.deletes(),
            runId);
        List<TableInputs> inputs = timed("read partitions from both metastores", () -> resolved.stream()
            .map(t -> planner.read(t.mapping(), t.source(), t.target(), t.targetExists())).toList());
        Map<String, Map<String, PartitionListing>> listings = timed("fingerprint",
            () -> fingerprint(inputs, sourceProperties, targetProperties));
        List<TablePlan> tables = inputs.stream()
            .map(t -> planner.plan(t, listings.getOrDefault(t.target().qualifiedName(), Map.of()))).toList();
        List<ExecutorPlan> executors = ExecutorPlanner.assign(
            tables.stream().flatMap(t -> t.copies().stream()).toList(), config.executors().count());
        logPlan(executors);
        List<ExecutorResult> results = timed("copy", () -> copy(executors, sourceProperties, targetProperties));
        FaultInjection.check(FaultInjection.Point.AFTER_COPY);
        RunReportBuilder report = new RunReportBuilder(runId, started, config.executors().bufferBudgetBytes());
        timed("publish and housekeeping", () -> {
          commit(targetMetastore, targetFs, runId, tables, results, locks, report, cleanTables);
          return null;
        });
        return report.build(executors, results, Instant.now());
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
   * Reads and checks every table's definition before anything is written, so a bad table stops the run
   * untouched. The partitions are read later, under the lock.
   */
  private List<ResolvedTable> resolveTables(MetastoreClient sourceMetastore, MetastoreClient targetMetastore,
      ClusterFileSystem targetFs) {
    List<ResolvedTable> checked = new ArrayList<>();
    for (TableMapping mapping : config.tables()) {
      HiveTable source = SourceTables.load(sourceMetastore, mapping.sourceDatabase(), mapping.sourceTable());
      Optional<HiveTable> existing = targetMetastore.findTable(mapping.targetDatabase(), mapping.targetTable());
      existing.ifPresent(t -> {
        TargetTables.checkCompatible(source, t);
        TargetTables.checkReplica(mapping, source, t, targetMetastore);
        if (mapping.targetLocation() != null && !t.location().endsWith(mapping.targetLocation())) {
          LOG.warn("target table {} already exists at {}; its configured location {} is not used",
              t.qualifiedName(), t.location(), mapping.targetLocation());
        }
      });
      checked.add(new ResolvedTable(mapping, source, existing.orElse(null), existing.isPresent()));
    }
    return checked.stream().map(t -> t.targetExists() ? t : new ResolvedTable(t.mapping(), t.source(),
        TargetTables.newDefinition(t.source(), t.mapping(), targetMetastore, targetFs, sourceMetastore.uris()), false))
        .toList();
  }

  private Map<String, TableLock> lock(List<ResolvedTable> tables, ClusterFileSystem targetFs, String runId) {
    String host = hostName();
    Map<String, TableLock> locks = new HashMap<>();
    try {
      for (ResolvedTable table : tables) {
        String name = table.target().qualifiedName();
        locks.put(name, TableLock.acquire(targetFs, name, table.target().location(), runId, host,
            config.safety().lockTtl()));
      }
      return locks;
    } catch (RuntimeException e) {
      locks.values().forEach(lock -> lock.release(true));
      throw e;
    }
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

  private static void prepareTargets(List<ResolvedTable> tables, MetastoreClient targetMetastore,
      String sourceUris) {
    for (ResolvedTable table : tables) {
      if (!table.targetExists()) {
        LOG.info("creating target table {} at {}", table.target().qualifiedName(), table.target().location());
        targetMetastore.createTable(table.target());
      } else if (!TargetTables.isReplica(table.target())) {
        LOG.info("adopting target table {} as the replica of {}", table.target().qualifiedName(),
            table.source().qualifiedName());
        TargetTables.stamp(table.target(), table.source(), targetMetastore, sourceUris);
      }
    }
  }

  /** Lists and fingerprints every source partition on the executors, several directories per task. */
  private Map<String, Map<String, PartitionListing>> fingerprint(List<TableInputs> tables,
      Map<String, String> sourceProperties, Map<String, String> targetProperties) {
    List<ListingRequest> requests = tables.stream()
        .flatMap(t -> t.listingRequests(config.verify() == VerifyMode.CHECKSUM, config.mode(), config.compare()).stream()).toList();
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
        CopySettings.of(config.executors(), config.verify()));
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
