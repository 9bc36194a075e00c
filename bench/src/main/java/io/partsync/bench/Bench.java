package io.partsync.bench;

import io.partsync.embedded.EmbeddedCluster;
import io.partsync.report.RunReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partsync benchmark: two embedded clusters in this JVM, then full syncs of a medium-file and a
 * small-file table by partsync, DistCp (+ add_partitions), a Spark SQL copy and raw stream copies, all
 * with the same parallelism N; then partsync's metastore registration and its copy-buffer memory; then
 * incremental runs (nothing changed, a few percent changed) of partsync against DistCp -update.
 * Prints Markdown tables to stdout and writes the same figures as JSON.
 *
 * <p>Run it with {@code mvn -B -Pbench -pl bench -am verify -DskipTests -Dbench.args="..."}; see
 * {@link BenchOptions#USAGE} for the flags.
 */
public final class Bench {
  private static final Logger LOG = LoggerFactory.getLogger(Bench.class);
  static final String DATABASE = "bench";
  private static final String WORK_DIR_MARKER = ".partsync-bench-work";

  private final BenchOptions options;
  private final Results results = new Results();
  private EmbeddedCluster source;
  private EmbeddedCluster target;
  private SparkSession spark;
  private TargetSide targetSide;
  private String targetDatabaseLocation;
  private Path workDir;
  private SparkJobTimer timer;
  /** The s3 case's figures, printed and written beside the others (kept here as that case fills them). */
  private final S3Bench.Figures s3Figures = new S3Bench.Figures();

  private Bench(BenchOptions options) {
    this.options = options;
  }

  public static void main(String[] args) {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, System.getProperty("bench.args"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(e.getMessage().equals(BenchOptions.USAGE) ? 0 : 2);
      return;
    }
    int code = 0;
    try {
      new Bench(options).run();
    } catch (Throwable e) {
      LOG.error("benchmark failed", e);
      code = 1;
    }
    // The embedded metastores have no stop call; their threads would keep the JVM alive.
    System.exit(code);
  }

  private void run() throws Exception {
    long started = System.nanoTime();
    // Read before this run's JSON is written, so --compare may name the same file as --out.
    String earlier = null;
    if (options.compare() != null) {
      Path compare = Path.of(options.compare());
      if (!Files.isRegularFile(compare)) {
        throw new IllegalArgumentException("--compare " + options.compare() + ": no such results file");
      }
      earlier = Files.readString(compare);
    }
    workDir = Path.of(options.workDir()).toAbsolutePath();
    emptyWorkDir(workDir);
    header();
    results.runsNote = String.format(Locale.ROOT, " (after %d uncounted warm-up round(s) on medium, %d on small)",
        options.mediumWarmup(), options.smallWarmup());
    LOG.info("starting the source and target clusters");
    source = EmbeddedCluster.start("source", workDir);
    target = EmbeddedCluster.start("target", workDir);
    spark = SparkSession.builder().appName("partsync-bench").master("local[" + options.parallelism() + "]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.hadoop.hive.metastore.uris", target.metastoreUri())
        .config("spark.sql.warehouse.dir", target.defaultFs() + "/user/hive/warehouse")
        .config("spark.hadoop." + EmbeddedCluster.FAST_CLOSE_KEY, "10")
        .config("spark.sql.shuffle.partitions", Integer.toString(options.parallelism()))
        .getOrCreate();
    timer = new SparkJobTimer(spark.sparkContext());
    targetSide = new TargetSide(target);
    targetDatabaseLocation = targetSide.ensureDatabase(DATABASE);
    LOG.info("clusters and Spark ready in {} s", Math.round(seconds(started)));
    try {
      if (options.cases().contains("medium")) {
        BenchTable table = SourceData.create("medium", source, targetDatabaseLocation, DATABASE, "medium",
            options.mediumPartitions(), options.mediumPartitions() * options.mediumFilesPerPartition(),
            options.mediumFileBytes(), options.parallelism());
        syncCase(table, String.format(Locale.ROOT, "medium: %d files x %s in %d partitions", table.files(),
            size(options.mediumFileBytes()), options.mediumPartitions()), options.mediumWarmup());
      }
      if (options.cases().contains("small")) {
        BenchTable table = SourceData.create("small", source, targetDatabaseLocation, DATABASE, "small",
            options.smallPartitions(), options.smallFiles(), options.smallFileBytes(), options.parallelism());
        syncCase(table, String.format(Locale.ROOT, "small: %,d files x %s in %d partitions", table.files(),
            size(options.smallFileBytes()), options.smallPartitions()), options.smallWarmup());
      }
      if (options.cases().contains("metastore")) {
        LOG.info("metastore: registering {} partitions, batch {}", options.metastorePartitions(),
            options.metastoreBatch());
        results.metastore = new Results.MetastoreFigure(options.metastorePartitions(), options.metastoreBatch(),
            MetastoreBench.run(targetSide, targetDatabaseLocation, options.metastorePartitions(),
                options.metastoreBatch(), options.runs()));
      }
      if (options.cases().contains("memory")) {
        memoryCase();
      }
      if (options.cases().contains("fanout")) {
        new FanOutBench(options, source, target, targetSide, JavaSparkContext.fromSparkContext(spark.sparkContext()),
            workDir, results).run(targetDatabaseLocation);
      }
      if (options.cases().contains("mixed")) {
        new MixedBench(options, source, target, targetSide, JavaSparkContext.fromSparkContext(spark.sparkContext()),
            workDir, results).run();
      }
      if (options.cases().contains("onefile")) {
        new OneFileBench(options, source, target, targetSide, JavaSparkContext.fromSparkContext(spark.sparkContext()),
            workDir, timer, results).run(targetDatabaseLocation);
      }
      if (options.cases().contains("incremental")) {
        new IncrementalBench(options, source, targetSide, new PartsyncTool(source, target,
            JavaSparkContext.fromSparkContext(spark.sparkContext()), workDir, options.parallelism(),
            options.partsyncMemory(), options.partsyncStreams(), null, null, null),
            new DistCpTool(targetSide, options.parallelism(), workDir), results).run(targetDatabaseLocation);
      }
      if (options.cases().contains("bandwidth")) {
        new BandwidthBench(options, source, target, targetSide, JavaSparkContext.fromSparkContext(
            spark.sparkContext()), workDir, results).run(targetDatabaseLocation);
      }
      if (options.cases().contains("scale")) {
        new ScaleBench(options, source, target, targetSide, workDir, results).run(targetDatabaseLocation);
      }
      if (options.cases().contains("s3")) {
        new S3Bench(options, source, JavaSparkContext.fromSparkContext(spark.sparkContext()), workDir, s3Figures)
            .run();
      }
    } finally {
      results.note("totalSeconds", Math.round(seconds(started)));
      if (!s3Figures.rows.isEmpty()) {
        results.note("s3", s3Figures.asList());
      }
      String markdown = results.markdown() + s3Figures.markdown();
      System.out.println();
      System.out.println(markdown);
      Path out = Path.of(options.out());
      results.write(out);
      System.out.println("results JSON: " + options.out());
      if (options.compare() != null) {
        System.out.println();
        System.out.println("Against " + options.compare() + ":");
        System.out.println(results.compare(earlier));
      }
      LOG.info("benchmark finished in {} s", Math.round(seconds(started)));
      spark.stop();
      targetSide.close();
      source.close();
      target.close();
    }
  }

  private void header() {
    results.header.put("date", LocalDate.now().toString());
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    machine.put("java", System.getProperty("java.version"));
    machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    results.header.put("machine", machine);
    results.header.put("options", options.asMap());
    results.header.put("command", "mvn -B -Pbench -pl bench -am verify -DskipTests"
        + (System.getProperty("bench.args", "").isBlank() ? "" : " -Dbench.args=\"" + System.getProperty("bench.args").trim() + "\""));
    results.header.put("clientSettings", Map.of(EmbeddedCluster.FAST_CLOSE_KEY, "10 for every tool's HDFS client"
        + " (embedded clusters, partsync's target properties, DistCp's and the raw copy's conf, Spark's"
        + " spark.hadoop.*)"));
  }

  private List<SyncTool> tools() throws Exception {
    List<SyncTool> tools = new ArrayList<>();
    for (String key : options.tools()) {
      switch (key) {
        case "partsync" -> tools.add(new PartsyncTool(source, target, JavaSparkContext.fromSparkContext(
            spark.sparkContext()), workDir, options.parallelism(), options.partsyncMemory(),
            options.partsyncStreams(), null, null, timer));
        case "partsync-size" -> tools.add(new PartsyncTool(source, target, JavaSparkContext.fromSparkContext(
            spark.sparkContext()), workDir, options.parallelism(), options.partsyncMemory(),
            options.partsyncStreams(), null, "size", timer));
        case "distcp" -> tools.add(new DistCpTool(targetSide, options.parallelism(), workDir));
        case "spark" -> tools.add(new SparkSqlTool(spark));
        case "raw" -> tools.add(new RawCopyTool(source, target, options.parallelism()));
        default -> throw new IllegalArgumentException(key);
      }
    }
    return tools;
  }

  /**
   * {@code warmup} uncounted rounds, then R rounds; each round runs every tool once, in order, each from
   * an empty target.
   */
  private void syncCase(BenchTable table, String label, int warmup) throws Exception {
    List<SyncTool> tools = tools();
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<Double>> copyOnly = new LinkedHashMap<>();
    Map<String, Map<String, Object>> details = new LinkedHashMap<>();
    try {
      for (int run = 1 - warmup; run <= options.runs(); run++) {
        for (SyncTool tool : tools) {
          targetSide.reset(table);
          spark.catalog().clearCache();
          System.gc();
          SyncTool.Measurement m = tool.run(table, run);
          Map<String, Object> found = targetSide.verify(table, tool);
          LOG.info("{} {}: {} {} s {} {}", table.caseName(), run < 1 ? "warm-up" : "run " + run + "/" + options.runs(),
              tool.label(), String.format(Locale.ROOT, "%.2f", m.seconds()), m.phases(), found);
          if (run < 1) {
            continue;
          }
          seconds.computeIfAbsent(tool.key(), k -> new ArrayList<>()).add(m.seconds());
          if (m.phases().containsKey("copy") && tool.key().equals("distcp")) {
            copyOnly.computeIfAbsent(tool.key(), k -> new ArrayList<>()).add(m.phases().get("copy"));
          }
          Map<String, Object> kept = details.computeIfAbsent(tool.key(), k -> new LinkedHashMap<>());
          kept.put("run" + run, merge(m, found));
          if (tool.key().startsWith("partsync")) {
            results.partsyncBuffers.add(new long[] {((Number) m.details().get("peakBufferBytes")).longValue(),
                ((Number) m.details().get("bufferBudgetBytes")).longValue()});
          }
          if (tool.key().equals("distcp") && run == 1) {
            results.note("fastCloseDelayMsSeenByDistCpTargetClient", fastCloseDelay(((DistCpTool) tool).conf()));
            results.note("fastCloseDelayMsSeenBySparkTargetClient",
                fastCloseDelay(spark.sparkContext().hadoopConfiguration()));
          }
        }
      }
    } finally {
      for (SyncTool tool : tools) {
        tool.close();
      }
      targetSide.reset(table);
    }
    for (SyncTool tool : tools) {
      results.syncs.add(new Results.SyncRow(table.caseName(), label, tool.key(), tool.label(), table.megabytes(),
          seconds.get(tool.key()), details.get(tool.key())));
      if (copyOnly.containsKey(tool.key())) {
        results.syncs.add(new Results.SyncRow(table.caseName(), label, "distcp-copy", "DistCp copy only",
            table.megabytes(), copyOnly.get(tool.key()), Map.of()));
      }
    }
  }

  private static Map<String, Object> merge(SyncTool.Measurement m, Map<String, Object> found) {
    Map<String, Object> merged = new LinkedHashMap<>();
    merged.put("seconds", m.seconds());
    merged.putAll(m.phases());
    merged.putAll(m.details());
    merged.putAll(found);
    return merged;
  }

  /**
   * The completeFile retry delay of the cached HDFS client for the target that a tool using {@code conf}
   * gets from FileSystem.get (DistCp's map tasks and Spark's writers use the shared cache).
   */
  private long fastCloseDelay(Configuration conf) throws IOException {
    FileSystem fs = FileSystem.get(URI.create(target.defaultFs()), conf);
    if (fs instanceof DistributedFileSystem dfs) {
      return dfs.getClient().getConf().getBlockWriteLocateFollowingInitialDelayMs();
    }
    return -1;
  }

  /**
   * partsync copying one file larger than its executor's copy budget: the report's peakBufferBytes
   * against the budget, and the JVM's peak heap growth during the run; then the same measurement around
   * a raw stream copy of the same file, as the baseline of what the HDFS clients themselves allocate.
   */
  private void memoryCase() throws Exception {
    BenchTable table = SourceData.create("memory", source, targetDatabaseLocation, DATABASE, "large_file", 1, 1,
        options.memoryFileBytes(), 1);
    PartsyncTool partsync = new PartsyncTool(source, target, JavaSparkContext.fromSparkContext(
        spark.sparkContext()), workDir, options.parallelism(), options.memoryExecutorMemory(), null,
        Double.toString(options.memoryBufferFraction()), null, null);
    List<Long> peaks = new ArrayList<>();
    List<Long> heap = new ArrayList<>();
    List<Long> old = new ArrayList<>();
    long budget = 0;
    for (int run = 1; run <= options.runs(); run++) {
      targetSide.reset(table);
      System.gc();
      HeapPeak peak = HeapPeak.start();
      PartsyncTool.RunOutcome outcome = partsync.runReport(table, run);
      Map<String, Long> growth = peak.growth();
      targetSide.verify(table, partsync);
      RunReport.ExecutorReport executor = outcome.report().executors().get(0);
      budget = executor.bufferBudgetBytes();
      peaks.add(executor.peakBufferBytes());
      heap.add(growth.get("total"));
      old.add(HeapPeak.oldGeneration(growth));
      results.partsyncBuffers.add(new long[] {executor.peakBufferBytes(), executor.bufferBudgetBytes()});
      LOG.info("memory run {}: peakBufferBytes {} of budget {}, heap growth {}", run, executor.peakBufferBytes(),
          executor.bufferBudgetBytes(), growth);
    }
    results.memory.add(new Results.MemoryFigure("partsync", options.memoryFileBytes(),
        "executors.memory " + options.memoryExecutorMemory() + ", buffer-fraction "
            + options.memoryBufferFraction(), budget, peaks, heap, old));
    List<Long> rawHeap = new ArrayList<>();
    List<Long> rawOld = new ArrayList<>();
    try (RawCopyTool raw = new RawCopyTool(source, target, 1)) {
      for (int run = 1; run <= options.runs(); run++) {
        targetSide.reset(table);
        System.gc();
        HeapPeak peak = HeapPeak.start();
        raw.copyTree(table.sourceDir(), table.targetDir());
        Map<String, Long> growth = peak.growth();
        targetSide.verify(table, raw);
        rawHeap.add(growth.get("total"));
        rawOld.add(HeapPeak.oldGeneration(growth));
        LOG.info("memory baseline run {}: raw copy heap growth {}", run, growth);
      }
    }
    targetSide.reset(table);
    results.memory.add(new Results.MemoryFigure("raw stream copy (baseline)", options.memoryFileBytes(),
        "1 thread, 1 MiB buffer", null, List.of(), rawHeap, rawOld));
  }

  private static String size(long bytes) {
    return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes / 1024 + " KiB";
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /**
   * Empties the work directory of an earlier run. A directory this benchmark did not create (no marker
   * file) is refused rather than deleted, so a mistyped --work-dir cannot remove anything else.
   */
  private static void emptyWorkDir(Path dir) throws IOException {
    Path marker = dir.resolve(WORK_DIR_MARKER);
    if (Files.isDirectory(dir)) {
      try (Stream<Path> entries = Files.list(dir)) {
        if (entries.findAny().isPresent() && !Files.exists(marker)) {
          throw new IllegalArgumentException("--work-dir " + dir + " is not empty and was not created by this"
              + " benchmark (no " + WORK_DIR_MARKER + " in it); choose another directory");
        }
      }
      deleteRecursively(dir);
    }
    Files.createDirectories(dir);
    Files.createFile(marker);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
