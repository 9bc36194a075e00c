package io.partsync.run;

import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import io.partsync.config.TargetCluster;
import io.partsync.copy.CopyCounters;
import io.partsync.copy.CopySettings;
import io.partsync.copy.CopyTask;
import io.partsync.copy.ExecutorResult;
import io.partsync.failure.Faults;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.lock.LockHolder;
import io.partsync.metastore.Column;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.InMemoryMetastore;
import io.partsync.metastore.Storage;
import io.partsync.plan.CopyCost;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.ExecutorPlanner;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TablePlanner.TableInputs;
import io.partsync.publish.TablePublished;
import io.partsync.report.RunReport;
import io.partsync.source.SourceSnapshots;
import io.partsync.source.TableSelector;
import io.partsync.targets.CheckedTable;
import io.partsync.targets.TargetConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A run's stages over in-memory metastores and the local file system, without Spark or a cluster: the
 * source table {@code sales.orders} (two text partitions) and the targets {@code east} and {@code west}.
 * The copy runs the executors' copy task in this thread, as an executor would.
 */
final class StageFixture implements AutoCloseable {
  static final Storage TEXT = new Storage("org.apache.hadoop.mapred.TextInputFormat",
      "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of("field.delim", ","), false, -1, List.of(),
      List.of(), false, Map.of());
  static final List<Column> COLUMNS = List.of(new Column("id", "int", null), new Column("item", "string", null));
  private static final Map<String, String> LOCAL = Map.of("fs.defaultFS", "file:///");

  final Path root;
  final InMemoryMetastore source;
  final Map<String, InMemoryMetastore> targets = new LinkedHashMap<>();
  final SyncConfig config;
  private final ClusterFileSystem sourceFs;
  private final List<TargetConnection> connections = new ArrayList<>();
  private int runs;

  /** @param more config lines after the targets and tables, e.g. {@code on-target-failure: abort} */
  StageFixture(Path root, String more) throws IOException {
    this(root, more, "");
  }

  /** @param executorLines more keys of the executors section, indented, e.g. {@code "  tasks: 2"} */
  StageFixture(Path root, String more, String executorLines) throws IOException {
    this.root = root;
    this.source = new InMemoryMetastore("memory://source", uri("source/warehouse"));
    source.withTable(new HiveTable("sales", "orders", "etl", "EXTERNAL_TABLE", uri("source/sales.db/orders"),
        COLUMNS, List.of(new Column("dt", "string", null)), TEXT, Map.of("EXTERNAL", "TRUE"), null, null),
        partition("1", "1,pen\n2,ink\n"), partition("2", "3,paper\n"));
    this.config = ConfigLoader.parse(String.join("\n",
        "source:",
        "  default-fs: file:///",
        "  metastore-uris: thrift://source-metastore:9083",
        "targets:",
        "  - name: east",
        "    default-fs: file:///",
        "    metastore-uris: thrift://east-metastore:9083",
        "  - name: west",
        "    default-fs: file:///",
        "    metastore-uris: thrift://west-metastore:9083",
        "tables:",
        "  - sales.orders",
        "executors:",
        "  count: 2",
        "  memory: 64m",
        executorLines,
        "housekeeping:",
        "  grace-period: 0s",
        more,
        ""), "stages.yaml");
    this.sourceFs = ClusterFileSystem.open("source", LOCAL);
    for (TargetCluster target : config.targets()) {
      InMemoryMetastore metastore = new InMemoryMetastore("memory://" + target.name(),
          uri(target.name() + "/warehouse"));
      targets.put(target.name(), metastore);
      connections.add(new TargetConnection(target, LOCAL, metastore, ClusterFileSystem.open("target", LOCAL)));
    }
  }

  String uri(String path) {
    return root.resolve(path).toUri().toString().replaceFirst("/$", "");
  }

  private HivePartition partition(String dt, String rows) throws IOException {
    Path dir = root.resolve("source/sales.db/orders/dt=" + dt);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("000000_0"), rows);
    return new HivePartition(List.of(dt), uri("source/sales.db/orders/dt=" + dt), COLUMNS, TEXT, Map.of());
  }

  /** The stages of a new run over the fixture's clusters, each run with an id of its own. */
  Stages stages() {
    Map<String, Map<String, String>> targetProperties = new LinkedHashMap<>();
    connections.forEach(t -> targetProperties.put(t.name(), LOCAL));
    RunSession session = new RunSession(LOCAL, targetProperties, source, sourceFs,
        TableSelector.select(config.tables(), source), connections, Map.of(), List.of());
    return new Stages(config, RunOptions.DEFAULT, Clock.systemUTC(), Faults.NONE, session,
        new RunId("stage-run-" + ++runs), LockHolder.self(), lost -> {
          throw new AssertionError("a lock was lost", lost);
        });
  }

  /** What a whole run's stages return, for a test to look at each. */
  record Run(TargetSet<TableInputs> read, CopyPipeline.Copied copied, TargetSet<TablePlan> planned,
      TargetSet<TablePublished> published, TargetSet<TableDone> done, RunReport report) {}

  Run run() {
    return run(results -> results);
  }

  /** A whole run, with the copy's results changed by {@code copies} before they are published. */
  Run run(UnaryOperator<List<ExecutorResult>> copies) {
    Stages stages = stages();
    SourceSnapshots snapshots = new SourceSnapshots(sourceFs, new RunId("unused"), 1);
    try (HeldLocks locks = new HeldLocks()) {
      TargetSet<CheckedTable> checked = stages.check(true);
      TargetSet<TableInputs> read = stages.lockAndRead(stages.snapshot(checked, snapshots), locks, snapshots);
      CopyPipeline.Copied copied = copy(stages, read, copies);
      TargetSet<TablePlan> planned = stages.plan(read, copied.listings());
      TargetSet<TablePublished> published = stages.publish(planned, copied, snapshots, locks);
      TargetSet<TableDone> done = stages.housekeep(published, locks);
      RunReport report = RunReports.of(new RunReports.Start(new RunId("stage-run-" + runs), Instant.now(), 1 << 20,
          Map.of()), done, copied, Instant.now(), Map.of(), List.of());
      return new Run(read, copied, planned, published, done, report);
    }
  }

  private CopyPipeline.Copied copy(Stages stages, TargetSet<TableInputs> read,
      UnaryOperator<List<ExecutorResult>> change) {
    Fingerprints fingerprints = stages.fingerprints(null);
    Map<String, Map<String, PartitionListing>> listings = fingerprints.onDriver(fingerprints.requests(read.active()));
    List<PartitionCopy> copies = CopyPipeline.merged(read.active().stream()
        .flatMap(t -> stages.planning.waveCopies(t, listings).stream()).toList());
    List<ExecutorPlan> executors = ExecutorPlanner.assign(copies, config.executors().count(), CopyCost.DEFAULTS,
        config.executors().streams());
    Map<String, Map<String, String>> targetProperties = new LinkedHashMap<>();
    connections.forEach(t -> targetProperties.put(t.name(), LOCAL));
    CopyTask task = new CopyTask(LOCAL, targetProperties, CopySettings.of(config.executors(), config.verify(), null,
        Faults.NONE), CopyCounters.NONE, false);
    List<ExecutorResult> results = new ArrayList<>();
    for (ExecutorPlan executor : executors) {
      try {
        results.add(task.copy(executor));
      } catch (Exception e) {
        throw new AssertionError("copying " + executor + " failed", e);
      }
    }
    return new CopyPipeline.Copied(executors, change.apply(results), listings, new RunReport.Pipeline(
        executors.isEmpty() ? 0 : 1, null, 0), null, null);
  }

  @Override
  public void close() throws IOException {
    for (TargetConnection connection : connections) {
      connection.close();
    }
    sourceFs.close();
  }
}
