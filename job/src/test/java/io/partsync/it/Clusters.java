package io.partsync.it;

import io.partsync.ExitCode;
import io.partsync.PartSync;
import io.partsync.config.ConfigLoader;
import io.partsync.demo.Demo;
import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import io.partsync.failure.FaultInjection;
import io.partsync.report.JsonFiles;
import io.partsync.report.PlanReport;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import io.partsync.run.RunOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hive.common.FileUtils;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The shared fixture of the integration tests: a source and a target cluster (each a MiniDFSCluster and a
 * real Hive Metastore Thrift server on loopback), started once for the whole test JVM, and a Spark
 * session whose Hive catalog is the target metastore, the way a user of the target reads.
 */
final class Clusters {
  private static Clusters instance;

  final Path baseDir;
  /** Where the driver's CSV metrics sink writes, one file per metric. */
  final Path metricsDir;
  final EmbeddedCluster source;
  final EmbeddedCluster target;
  final SparkSession spark;
  private final AtomicInteger runs = new AtomicInteger();

  private Clusters(Path baseDir, EmbeddedCluster source, EmbeddedCluster target, SparkSession spark) {
    this.baseDir = baseDir;
    this.metricsDir = baseDir.resolve("metrics");
    this.source = source;
    this.target = target;
    this.spark = spark;
  }

  static synchronized Clusters get() throws IOException {
    if (instance == null) {
      Path base = Files.createTempDirectory("partsync-it");
      EmbeddedCluster source = EmbeddedCluster.start("source", base);
      EmbeddedCluster target = EmbeddedCluster.start("target", base);
      // A real metrics sink, as a user would configure one; tests flush it on demand rather than waiting.
      Path metrics = Files.createDirectories(base.resolve("metrics"));
      System.setProperty("spark.metrics.conf.driver.sink.csv.class", "org.apache.spark.metrics.sink.CsvSink");
      System.setProperty("spark.metrics.conf.driver.sink.csv.period", "1");
      System.setProperty("spark.metrics.conf.driver.sink.csv.unit", "hours");
      System.setProperty("spark.metrics.conf.driver.sink.csv.directory", metrics.toString());
      SparkSession spark = Demo.sparkFor(target);
      spark.conf().set("spark.sql.shuffle.partitions", "2");
      instance = new Clusters(base, source, target, spark);
    }
    return instance;
  }

  SourceTableWriter sourceTables() throws Exception {
    return new SourceTableWriter(source.metastoreUri());
  }

  SourceTableWriter targetTables() throws Exception {
    return new SourceTableWriter(target.metastoreUri());
  }

  FileSystem sourceFs() throws IOException {
    return source.fileSystem();
  }

  FileSystem targetFs() throws IOException {
    return target.fileSystem();
  }

  /** The target metastore's partitions of a table by name, as a plain Thrift client reads them. */
  Map<String, Partition> targetPartitions(String database, String table) throws Exception {
    Map<String, Partition> byName = new TreeMap<>();
    try (SourceTableWriter writer = targetTables()) {
      List<String> keys = writer.client().getTable(database, table).getPartitionKeys().stream()
          .map(FieldSchema::getName).toList();
      for (Partition partition : writer.client().listPartitions(database, table, (short) -1)) {
        byName.put(FileUtils.makePartName(keys, partition.getValues()), partition);
      }
    }
    return byName;
  }

  /** A source text table of {@code partitions} partitions dt=1.., two small files each; returns its directory. */
  String sourceTextTable(String database, String table, int partitions) throws Exception {
    String dir = source.defaultFs() + "/data/" + database + "_" + table;
    try (SourceTableWriter writer = sourceTables()) {
      writer.createTable(database, table, List.of("id int", "kind string"), List.of("dt string"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      for (int p = 1; p <= partitions; p++) {
        HdfsFiles.write(sourceFs(), dir + "/dt=" + p + "/000000_0", p + "0,click\n" + p + "1,view\n");
        HdfsFiles.write(sourceFs(), dir + "/dt=" + p + "/000001_0", p + "2,buy\n");
        writer.addPartition(database, table, List.of(Integer.toString(p)), dir + "/dt=" + p, Map.of());
      }
    }
    return dir;
  }

  /** Rows of a table {@link #sourceTextTable} made, as "dt|line", read from its files on the source. */
  List<String> sourceTextRows(String dir, int partitions) throws Exception {
    List<String> rows = new ArrayList<>();
    for (int p = 1; p <= partitions; p++) {
      for (FileStatus file : sourceFs().listStatus(new org.apache.hadoop.fs.Path(dir + "/dt=" + p))) {
        for (String line : new String(HdfsFiles.read(sourceFs(), file.getPath().toString())).split("\n")) {
          rows.add(p + "|" + line);
        }
      }
    }
    rows.sort(null);
    return rows;
  }

  /** The same rows of a synced copy, read back through Spark SQL via the target metastore. */
  List<String> targetTextRows(String table) {
    spark.sql("REFRESH TABLE " + table);
    List<String> rows = new ArrayList<>();
    for (Row row : spark.sql("SELECT dt, id, kind FROM " + table).collectAsList()) {
      rows.add(row.getString(0) + "|" + row.getInt(1) + "," + row.getString(2));
    }
    rows.sort(null);
    return rows;
  }

  /** The partition names of a target table, through Spark SQL, sorted. */
  List<String> showPartitions(String table) {
    return spark.sql("SHOW PARTITIONS " + table).collectAsList().stream().map(r -> r.getString(0)).sorted().toList();
  }

  /** The rows of {@code query} through Spark SQL, as {@link Row#toString}, after {@code table} is refreshed. */
  List<String> queryAfterRefresh(String table, String query) {
    spark.sql("REFRESH TABLE " + table);
    return spark.sql(query).collectAsList().stream().map(Row::toString).toList();
  }

  /** A config for these clusters; {@code tablesAndMore} is YAML for 'tables' and optional sections. */
  String config(String tablesAndMore, String executors) {
    return source.configSection("source") + target.configSection("target") + String.join("\n",
        "executors:",
        executors,
        tablesAndMore,
        "");
  }

  /**
   * {@code yaml}, a config {@link #config} made, with one more property of the target cluster, such as an
   * {@code fs.hdfs.impl} that injects a fault: the target's properties are the last lines before 'executors'.
   */
  static String withTargetProperty(String yaml, String key, String value) {
    return yaml.replaceFirst("\nexecutors:", Matcher.quoteReplacement("\n    " + key + ": " + value + "\nexecutors:"));
  }

  /** {@code yaml}, a config {@link #config} made, with the target's 'default-fs' set to {@code defaultFs}. */
  String withTargetDefaultFs(String yaml, String defaultFs) {
    return yaml.replace("  default-fs: " + target.defaultFs(), "  default-fs: " + defaultFs);
  }

  /** Runs partsync in this JVM's Spark context, as spark-submit would run its main class. */
  Run run(String yaml) throws IOException {
    return run(yaml, Clock.systemUTC());
  }

  /** As {@link #run(String)}, with the run's "now" (for relative partition windows) given. */
  Run run(String yaml, Clock clock) throws IOException {
    return run(yaml, clock, RunOptions.DEFAULT);
  }

  /** Runs partsync with the given command-line options. */
  Run run(String yaml, RunOptions options) throws IOException {
    return run(yaml, Clock.systemUTC(), options);
  }

  /** Runs partsync with {@link FaultInjection} armed at {@code point} (as its property names it). */
  Run runKilledAt(String point, String yaml) throws IOException {
    return runKilledAt(point, yaml, RunOptions.DEFAULT);
  }

  /** As {@link #runKilledAt(String, String)}, with the given command-line options. */
  Run runKilledAt(String point, String yaml, RunOptions options) throws IOException {
    System.setProperty(FaultInjection.PROPERTY, point);
    try {
      return run(yaml, options);
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
    }
  }

  /** Starts a run on another thread, for a test that holds it (see {@link BlockingHdfs}) and acts meanwhile. */
  CompletableFuture<Run> runInBackground(String yaml, RunOptions options) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return run(yaml, options);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Runs a config as given, with the report (if any) where it says. */
  Run runAsWritten(String yaml) throws IOException {
    return run(yaml, Clock.systemUTC(), RunOptions.DEFAULT, false);
  }

  private Run run(String yaml, Clock clock, RunOptions options) throws IOException {
    return run(yaml, clock, options, true);
  }

  private Run run(String yaml, Clock clock, RunOptions options, boolean withReport) throws IOException {
    Path dir = baseDir.resolve("run-" + runs.incrementAndGet());
    Files.createDirectories(dir);
    Path report = dir.resolve("report.json");
    Path config = dir.resolve("sync.yaml");
    Files.writeString(config, withReport ? yaml + "report:\n  json: " + report + "\n" : yaml);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitCode code;
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = PartSync.run(ConfigLoader.load(config), options,
          JavaSparkContext.fromSparkContext(spark.sparkContext()), outStream, errStream, clock);
    }
    RunReport parsed = Files.exists(report) ? ReportWriter.fromJson(Files.readString(report)) : null;
    Path planFile = dir.resolve("report.plan.json");
    PlanReport plan = Files.exists(planFile) ? JsonFiles.fromJson(Files.readString(planFile), PlanReport.class) : null;
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), parsed, plan,
        report);
  }

  /** Both clusters' whole namespaces and both metastores' tables and partitions, as one comparable text. */
  String state() throws Exception {
    StringBuilder out = new StringBuilder();
    walk(sourceFs(), new org.apache.hadoop.fs.Path("/"), out);
    walk(targetFs(), new org.apache.hadoop.fs.Path("/"), out);
    try (SourceTableWriter source = sourceTables(); SourceTableWriter target = targetTables()) {
      metastore(source.client(), out);
      metastore(target.client(), out);
    }
    return out.toString();
  }

  private static void walk(FileSystem fs, org.apache.hadoop.fs.Path dir, StringBuilder out) throws Exception {
    for (FileStatus status : fs.listStatus(dir)) {
      out.append(status.getPath()).append(' ').append(status.getLen()).append(' ')
          .append(status.getModificationTime()).append(' ').append(status.getPermission()).append('\n');
      if (status.isDirectory()) {
        walk(fs, status.getPath(), out);
        if (fs instanceof DistributedFileSystem && status.isSnapshotEnabled()) {
          org.apache.hadoop.fs.Path snapshots = new org.apache.hadoop.fs.Path(status.getPath(), ".snapshot");
          out.append(fs.listStatus(snapshots).length).append(" snapshots\n");
        }
      }
    }
  }

  private static void metastore(IMetaStoreClient client, StringBuilder out) throws Exception {
    for (String database : client.getAllDatabases()) {
      out.append("database ").append(database).append('\n');
      for (String name : client.getAllTables(database)) {
        Table table = client.getTable(database, name);
        out.append(table.getTableName()).append(' ').append(new TreeMap<>(table.getParameters())).append('\n');
        for (Partition p : client.listPartitions(database, name, (short) -1)) {
          out.append("  ").append(p.getValues()).append(' ').append(p.getSd().getLocation()).append(' ')
              .append(new TreeMap<>(p.getParameters())).append('\n');
        }
      }
    }
  }

  /**
   * What a run printed and wrote: its report, or for a dry run its plan.
   *
   * @param reportPath where the run was told to write its JSON report
   */
  record Run(ExitCode code, String out, String err, RunReport report, PlanReport plan, Path reportPath) {
    @Override
    public String toString() {
      return code + "\n" + out + err;
    }
  }
}
