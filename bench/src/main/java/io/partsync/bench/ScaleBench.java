package io.partsync.bench;

import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scale case: one table of P one-file partitions, synced by partsync in a driver JVM of its own with a
 * small heap (the goal is 100,000 partitions in 1 GB): a full sync through snapshots, then a no-change run
 * through snapshots and one without. Prints each run's heap peak (from the child's GC log), the copy
 * task's serialized size (from Spark's task launch lines) and the report's phases.
 *
 * <p>The child is {@code java -Xmx<heap> -cp <this JVM's class path> io.partsync.PartSync <config>} in Spark
 * local mode against this JVM's embedded clusters, as spark-submit would run the job's main class; so its
 * virtual executors share the 1 GB with the driver, and their copy memory is set small to leave the
 * driver what it would have on a cluster.
 */
final class ScaleBench {
  private static final Logger LOG = LoggerFactory.getLogger(ScaleBench.class);
  static final String TABLE = "scale";
  /** Small enough that the virtual executors' copy buffers, in the same heap, leave the driver its share. */
  private static final String EXECUTOR_MEMORY = "64m";
  /** G1's unified GC log: "GC(7) Pause Young (Normal) (G1 Evacuation Pause) 412M->180M(1024M) 12.3ms". */
  private static final Pattern GC_LINE = Pattern.compile("GC\\(\\d+\\) (Pause .*?) (\\d+)M->(\\d+)M\\(\\d+M\\)");
  /** TaskSetManager at INFO: "Starting task 0.0 in stage 3.0 (TID 7) (localhost, ..., 12345 bytes)". */
  private static final Pattern TASK_LINE = Pattern.compile("Starting task \\S+ in stage (\\d+)\\.\\d+ .*?(\\d+) bytes\\)");
  private static final Pattern LARGE_TASK = Pattern.compile("task of very large size \\((\\d+) KiB\\)");

  private final BenchOptions options;
  private final EmbeddedCluster source;
  private final EmbeddedCluster target;
  private final TargetSide targetSide;
  private final Path workDir;
  private final Results results;

  ScaleBench(BenchOptions options, EmbeddedCluster source, EmbeddedCluster target, TargetSide targetSide,
      Path workDir, Results results) {
    this.options = options;
    this.source = source;
    this.target = target;
    this.targetSide = targetSide;
    this.workDir = workDir;
    this.results = results;
  }

  void run(String targetDatabaseLocation) throws Exception {
    int partitions = options.scalePartitions();
    BenchTable table = createSource(targetDatabaseLocation, partitions);
    targetSide.reset(table);
    try (FileSystem sourceFs = FileSystem.newInstance(source.conf())) {
      ((DistributedFileSystem) sourceFs).allowSnapshot(new org.apache.hadoop.fs.Path(table.sourceDir()));
    }
    List<Map<String, Object>> runs = new ArrayList<>();
    try {
      runs.add(child(table, "full", "required", partitions));
      // Each kind twice: the first read of partitions just registered is slow in the metastore itself
      // (its caches), which a scheduled job meets only after a large change.
      runs.add(child(table, "no-change-snapshots", "required", 0));
      runs.add(child(table, "no-change-snapshots-2", "required", 0));
      runs.add(child(table, "no-change", "off", 0));
      runs.add(child(table, "no-change-2", "off", 0));
    } finally {
      results.note("scale", Map.of("partitions", partitions, "fileBytes", options.scaleFileBytes(),
          "driverHeap", options.scaleDriverHeap(), "executorMemory", EXECUTOR_MEMORY, "runs", runs));
      System.out.println();
      System.out.println(markdown(partitions, runs));
      targetSide.reset(table);
    }
  }

  /**
   * The source table as {@link SourceData#create} makes it, faster and sturdier at this size: eight writer
   * threads (the name node, not the client, bounds how fast 100,000 files are created), closes that wait
   * longer for a busy name node, and partitions added 1,000 to a call.
   */
  private BenchTable createSource(String targetDatabaseLocation, int partitions) throws Exception {
    String tableDir = source.defaultFs() + "/warehouse/" + Bench.DATABASE + ".db/" + TABLE;
    int width = Math.max(4, Integer.toString(partitions - 1).length());
    List<String> values = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      values.add("p" + String.format(Locale.ROOT, "%0" + width + "d", p));
    }
    LOG.info("scale: creating source table {}.{} of {} one-file partitions", Bench.DATABASE, TABLE, partitions);
    long started = System.nanoTime();
    Configuration conf = source.conf();
    // The fast close's 10 ms first retry delay doubles over 5 retries by default: too few under load.
    conf.setInt("dfs.client.block.write.locateFollowingBlock.retries", 12);
    try (FileSystem fs = FileSystem.newInstance(conf)) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> written = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
          int file = p;
          org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(tableDir + "/" + BenchTable.PARTITION_KEY
              + "=" + values.get(p), String.format(Locale.ROOT, "data-%06d.txt", p));
          written.add(pool.submit(() -> {
            SourceData.writeRandomText(fs, path, options.scaleFileBytes(), 1_000_003L * file);
            return null;
          }));
        }
        for (Future<?> future : written) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    LOG.info("scale: wrote {} files in {} s", partitions, Math.round((System.nanoTime() - started) / 1e9));
    try (SourceTableWriter writer = new SourceTableWriter(source.metastoreUri())) {
      Table table = writer.createTable(Bench.DATABASE, TABLE, List.of(BenchTable.COLUMN + " string"),
          List.of(BenchTable.PARTITION_KEY + " string"), SourceTableWriter.Format.TEXT, tableDir, Map.of());
      for (int from = 0; from < partitions; from += 1000) {
        List<Partition> batch = new ArrayList<>();
        for (String value : values.subList(from, Math.min(partitions, from + 1000))) {
          batch.add(SourceData.partition(table, value, tableDir + "/" + BenchTable.PARTITION_KEY + "=" + value));
        }
        writer.client().add_partitions(batch);
      }
    }
    LOG.info("scale: created the source table in {} s", Math.round((System.nanoTime() - started) / 1e9));
    return new BenchTable(TABLE, Bench.DATABASE, TABLE, tableDir, targetDatabaseLocation + "/" + TABLE, values,
        partitions, partitions * options.scaleFileBytes());
  }

  /** One partsync run in a JVM of its own; fails unless it exits 0 and the target holds every partition. */
  private Map<String, Object> child(BenchTable table, String name, String snapshots, int expectedCopies)
      throws Exception {
    Path dir = Files.createDirectories(workDir.resolve("scale-runs").resolve(name));
    Path report = dir.resolve("report.json");
    Path config = dir.resolve("sync.yaml");
    Path gcLog = dir.resolve("gc.log");
    Path log = dir.resolve("driver.log");
    Files.writeString(config, yaml(table, snapshots, report));
    Path log4j = dir.resolve("log4j2.properties");
    Files.writeString(log4j, LOG4J);
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + options.scaleDriverHeap());
    command.add("-Xlog:gc:file=" + gcLog);
    // Out of heap, the dump says what filled it.
    command.add("-XX:+HeapDumpOnOutOfMemoryError");
    command.add("-XX:HeapDumpPath=" + dir);
    command.add("-Dspark.master=local[" + options.parallelism() + "]");
    command.add("-Dspark.ui.enabled=false");
    command.add("-Dspark.hadoop." + EmbeddedCluster.FAST_CLOSE_KEY + "=10");
    command.add("-Dlog4j2.configurationFile=" + log4j.toUri());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.partsync.PartSync");
    command.add(config.toString());
    LOG.info("scale: {} run of {} partitions, partsync in a child JVM with -Xmx{}", name,
        table.partitionValues().size(), options.scaleDriverHeap());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    long started = System.nanoTime();
    Process process = builder.start();
    if (!process.waitFor(2, TimeUnit.HOURS)) {
      process.destroyForcibly();
      throw new IllegalStateException("scale: the " + name + " run did not end within 2 hours; see " + log);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("scale: the " + name + " run exited with " + process.exitValue() + ":\n"
          + tail(output));
    }
    RunReport parsed = ReportWriter.fromJson(Files.readString(report));
    long copied = parsed.tables().stream().mapToLong(RunReport.TableReport::partitionsCopied).sum();
    int registered = targetSide.client().listPartitionNames(table.database(), table.name(), (short) -1).size();
    if (copied != expectedCopies || registered != table.partitionValues().size()) {
      throw new IllegalStateException(String.format(Locale.ROOT, "scale: the %s run copied %d partitions"
          + " (expected %d) and left %d registered (expected %d)", name, copied, expectedCopies, registered,
          table.partitionValues().size()));
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("run", name);
    figures.put("snapshots", snapshots);
    figures.put("processSeconds", seconds);
    figures.put("jobMillis", parsed.durationMillis());
    figures.put("phasesMillis", parsed.phasesMillis());
    figures.put("partitionsCopied", copied);
    figures.put("partitionsUnchanged", parsed.tables().stream()
        .mapToLong(RunReport.TableReport::partitionsUnchanged).sum());
    figures.putAll(gcFigures(Files.readAllLines(gcLog)));
    figures.putAll(taskFigures(output));
    LOG.info("scale: {} {}", name, figures);
    return figures;
  }

  private String yaml(BenchTable table, String snapshots, Path report) {
    // Incremental (the default) said here so the figures do not depend on it; grace 0s so the target keeps
    // one copy; metastore batches as in the metastore case.
    return source.configSection("source") + target.configSection("target")
        + "tables:\n  - source: " + table.qualifiedName() + "\n    snapshots: " + snapshots + "\n"
        + "executors:\n  count: " + options.parallelism() + "\n  memory: " + EXECUTOR_MEMORY + "\n"
        + "mode: incremental\nhousekeeping:\n  grace-period: 0s\n"
        + "report:\n  json: " + report + "\n";
  }

  /**
   * The heap figures of a G1 log: the largest heap before a collection (live data and garbage, what the
   * heap had to hold), and the largest after one (what was live, with the old garbage a young pause
   * leaves), overall and after full collections.
   */
  static Map<String, Object> gcFigures(List<String> lines) {
    long beforeMax = 0;
    long afterMax = 0;
    long fullAfterMax = 0;
    int collections = 0;
    int full = 0;
    for (String line : lines) {
      Matcher m = GC_LINE.matcher(line);
      // Remark and Cleanup pauses collect nothing: their "after" is the heap as it was, garbage included.
      if (!m.find() || !m.group(1).startsWith("Pause Young") && !m.group(1).startsWith("Pause Full")) {
        continue;
      }
      collections++;
      long before = Long.parseLong(m.group(2));
      long after = Long.parseLong(m.group(3));
      beforeMax = Math.max(beforeMax, before);
      afterMax = Math.max(afterMax, after);
      if (m.group(1).startsWith("Pause Full")) {
        full++;
        fullAfterMax = Math.max(fullAfterMax, after);
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("gcCollections", collections);
    figures.put("gcFullCollections", full);
    figures.put("heapBeforeGcMaxMiB", beforeMax);
    figures.put("heapAfterGcMaxMiB", afterMax);
    figures.put("heapAfterFullGcMaxMiB", fullAfterMax);
    return figures;
  }

  /** The largest serialized task of any stage, and Spark's warning of a large task if it gave one. */
  static Map<String, Object> taskFigures(String output) {
    long largest = 0;
    int largestStage = -1;
    Matcher tasks = TASK_LINE.matcher(output);
    while (tasks.find()) {
      long bytes = Long.parseLong(tasks.group(2));
      if (bytes > largest) {
        largest = bytes;
        largestStage = Integer.parseInt(tasks.group(1));
      }
    }
    long warnedKiB = 0;
    Matcher large = LARGE_TASK.matcher(output);
    while (large.find()) {
      warnedKiB = Math.max(warnedKiB, Long.parseLong(large.group(1)));
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("largestTaskBytes", largest);
    figures.put("largestTaskStage", largestStage);
    figures.put("largeTaskWarningKiB", warnedKiB);
    return figures;
  }

  private String markdown(int partitions, List<Map<String, Object>> runs) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "scale: %,d partitions of 1 file x %d bytes, partsync driver -Xmx%s, %d virtual executors of %s%n%n",
        partitions, options.scaleFileBytes(), options.scaleDriverHeap(), options.parallelism(), EXECUTOR_MEMORY));
    out.append("| run | snapshots | job s | heap before GC max MiB | live after GC max MiB | largest task bytes"
        + " | phases ms |\n| --- | --- | ---: | ---: | ---: | ---: | --- |\n");
    for (Map<String, Object> run : runs) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %s | %s | %s | %s |%n", run.get("run"),
          run.get("snapshots"), ((Number) run.get("jobMillis")).longValue() / 1000.0, run.get("heapBeforeGcMaxMiB"),
          run.get("heapAfterGcMaxMiB"), run.get("largestTaskBytes"), run.get("phasesMillis")));
    }
    return out.toString();
  }

  private static String tail(String output) {
    return output.length() <= 20_000 ? output : output.substring(output.length() - 20_000);
  }

  /** The child's logging: partsync's phases, Spark's task launches (with their sizes) and its warnings. */
  private static final String LOG4J = String.join("\n",
      "rootLogger.level = warn",
      "rootLogger.appenderRef.stderr.ref = console",
      "appender.console.type = Console",
      "appender.console.name = console",
      "appender.console.target = SYSTEM_ERR",
      "appender.console.layout.type = PatternLayout",
      "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
      "logger.partsync.name = io.partsync",
      "logger.partsync.level = info",
      "logger.tasks.name = org.apache.spark.scheduler.TaskSetManager",
      "logger.tasks.level = info",
      "logger.hadoop.name = org.apache.hadoop",
      "logger.hadoop.level = error",
      "logger.hive.name = org.apache.hadoop.hive",
      "logger.hive.level = error",
      "");
}
