package io.partsync;

import io.partsync.commit.PartitionCommitter;
import io.partsync.commit.TargetTables;
import io.partsync.config.SyncConfig;
import io.partsync.config.TableMapping;
import io.partsync.copy.CopySettings;
import io.partsync.copy.CopyTask;
import io.partsync.copy.ExecutorResult;
import io.partsync.copy.PartitionResult;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.HadoopConfs;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreClient;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.ExecutorPlanner;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.SourceTables;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TablePlanner;
import io.partsync.report.RunReport;
import io.partsync.report.RunReportBuilder;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partsync run: plan every table on the driver, copy all their partitions with one Spark task per
 * virtual executor, register what was copied in the target metastore, and report.
 */
public final class SyncJob {
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);

  private final SyncConfig config;
  private final JavaSparkContext spark;

  public SyncJob(SyncConfig config, JavaSparkContext spark) {
    this.config = config;
    this.spark = spark;
  }

  public RunReport run() throws IOException {
    String runId = UUID.randomUUID().toString();
    Instant started = Instant.now();
    Map<String, String> sourceProperties = HadoopConfs.resolve(config.source());
    Map<String, String> targetProperties = HadoopConfs.resolve(config.target());
    try (MetastoreClient sourceMetastore = connect(config.source().role(), config.source().metastoreUris(),
            sourceProperties);
        MetastoreClient targetMetastore = connect(config.target().role(), config.target().metastoreUris(),
            targetProperties);
        ClusterFileSystem sourceFs = ClusterFileSystem.open("source", sourceProperties);
        ClusterFileSystem targetFs = ClusterFileSystem.open("target", targetProperties)) {
      List<TablePlan> tables = planTables(sourceMetastore, targetMetastore, sourceFs, targetFs);
      createMissingTables(targetMetastore, tables);
      List<ExecutorPlan> executors = ExecutorPlanner.assign(
          tables.stream().flatMap(t -> t.copies().stream()).toList(), config.executors().count());
      logPlan(executors);
      List<ExecutorResult> results = copy(executors, sourceProperties, targetProperties);
      RunReportBuilder report = new RunReportBuilder(runId, started, config.executors().bufferBudgetBytes());
      commit(targetMetastore, tables, results, report);
      return report.build(executors, results, Instant.now());
    }
  }

  private MetastoreClient connect(String role, List<String> uris, Map<String, String> properties) {
    return MetastoreClient.connect(role, uris, properties, config.metastore());
  }

  /** Reads and checks every table before anything is written, so a bad table stops the run untouched. */
  private List<TablePlan> planTables(MetastoreClient sourceMetastore, MetastoreClient targetMetastore,
      ClusterFileSystem sourceFs, ClusterFileSystem targetFs) {
    List<HiveTable> sources = new ArrayList<>();
    List<Optional<HiveTable>> existingTargets = new ArrayList<>();
    for (TableMapping mapping : config.tables()) {
      HiveTable source = SourceTables.load(sourceMetastore, mapping.sourceDatabase(), mapping.sourceTable());
      Optional<HiveTable> target = targetMetastore.findTable(mapping.targetDatabase(), mapping.targetTable());
      target.ifPresent(t -> {
        TargetTables.checkCompatible(source, t);
        if (mapping.targetLocation() != null && !t.location().endsWith(mapping.targetLocation())) {
          LOG.warn("target table {} already exists at {}; its configured location {} is not used",
              t.qualifiedName(), t.location(), mapping.targetLocation());
        }
      });
      sources.add(source);
      existingTargets.add(target);
    }
    TablePlanner planner = new TablePlanner(sourceMetastore, sourceFs);
    List<TablePlan> plans = new ArrayList<>();
    for (int i = 0; i < config.tables().size(); i++) {
      TableMapping mapping = config.tables().get(i);
      HiveTable source = sources.get(i);
      Optional<HiveTable> existing = existingTargets.get(i);
      HiveTable target = existing.orElseGet(() -> TargetTables.newDefinition(source, mapping, targetMetastore,
          targetFs, sourceMetastore.uris()));
      plans.add(planner.plan(mapping, source, target, existing.isPresent()));
    }
    return plans;
  }

  private static void createMissingTables(MetastoreClient targetMetastore, List<TablePlan> tables) {
    for (TablePlan table : tables) {
      if (!table.targetExists()) {
        LOG.info("creating target table {} at {}", table.target().qualifiedName(), table.target().location());
        targetMetastore.createTable(table.target());
      }
    }
  }

  private static void logPlan(List<ExecutorPlan> executors) {
    for (ExecutorPlan executor : executors) {
      LOG.info("virtual executor {}: {} partitions, {} files, {} bytes: {}", executor.executor(),
          executor.partitions().size(), executor.files(), executor.bytes(),
          executor.partitions().stream().map(PartitionCopy::label).toList());
    }
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

  private static void commit(MetastoreClient targetMetastore, List<TablePlan> tables,
      List<ExecutorResult> results, RunReportBuilder report) {
    PartitionCommitter committer = new PartitionCommitter(targetMetastore);
    long syncedAt = System.currentTimeMillis();
    for (TablePlan table : tables) {
      String name = table.target().qualifiedName();
      List<PartitionResult> copied = results.stream().flatMap(r -> r.partitions().stream())
          .filter(p -> p.table().equals(name)).toList();
      List<PartitionResult> succeeded = copied.stream().filter(PartitionResult::succeeded).toList();
      try {
        report.table(table, copied, committer.commit(table, succeeded, syncedAt), null);
      } catch (RuntimeException e) {
        LOG.error("registering the partitions of {} failed", name, e);
        report.table(table, copied, null, e.getMessage());
      }
    }
  }
}
