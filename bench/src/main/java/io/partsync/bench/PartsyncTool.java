package io.partsync.bench;

import io.partsync.ExitCode;
import io.partsync.PartSync;
import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import io.partsync.embedded.EmbeddedCluster;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * partsync itself: {@link PartSync#run} in this JVM's Spark context, as spark-submit would run its main
 * class, with a config built from YAML the way the integration tests build theirs.
 */
final class PartsyncTool implements SyncTool {
  private final EmbeddedCluster source;
  private final EmbeddedCluster target;
  private final JavaSparkContext spark;
  private final Path workDir;
  private final int executors;
  private final String memory;
  private final Integer streams;
  private final String bufferFraction;
  private final String verify;
  private final SparkJobTimer timer;
  /** Further top-level config lines appended as they are (e.g. mode and housekeeping), or "". */
  private final String extraYaml;
  /** The whole 'tables' section to use instead of the benchmark table under its own name, or null. */
  private String tablesYaml;

  PartsyncTool(EmbeddedCluster source, EmbeddedCluster target, JavaSparkContext spark, Path workDir,
      int executors, String memory, Integer streams, String bufferFraction, String verify, SparkJobTimer timer) {
    this(source, target, spark, workDir, executors, memory, streams, bufferFraction, verify, timer, "");
  }

  private PartsyncTool(EmbeddedCluster source, EmbeddedCluster target, JavaSparkContext spark, Path workDir,
      int executors, String memory, Integer streams, String bufferFraction, String verify, SparkJobTimer timer,
      String extraYaml) {
    this.source = source;
    this.target = target;
    this.spark = spark;
    this.workDir = workDir;
    this.executors = executors;
    this.memory = memory;
    this.streams = streams;
    this.bufferFraction = bufferFraction;
    this.verify = verify;
    this.timer = timer;
    this.extraYaml = extraYaml;
  }

  /** This tool with {@code yaml} (whole top-level sections, each line ending in a newline) added to its config. */
  PartsyncTool withExtraYaml(String yaml) {
    return new PartsyncTool(source, target, spark, workDir, executors, memory, streams, bufferFraction, verify,
        timer, extraYaml + yaml);
  }

  /** This tool syncing with {@code yaml} as its whole 'tables' section (e.g. into another target table). */
  PartsyncTool withTables(String yaml) {
    PartsyncTool tool = new PartsyncTool(source, target, spark, workDir, executors, memory, streams, bufferFraction,
        verify, timer, extraYaml);
    tool.tablesYaml = yaml;
    return tool;
  }

  @Override
  public String key() {
    return verify == null ? "partsync" : "partsync-" + verify;
  }

  @Override
  public String label() {
    return verify == null ? "partsync" : "partsync (verify: " + verify + ")";
  }

  @Override
  public boolean registers() {
    return true;
  }

  @Override
  public boolean copiesFiles() {
    return true;
  }

  String yaml(BenchTable table, Path report) {
    StringBuilder executorsSection = new StringBuilder()
        .append("executors:\n")
        .append("  count: ").append(executors).append('\n')
        .append("  memory: ").append(memory).append('\n');
    if (streams != null) {
      executorsSection.append("  streams: ").append(streams).append('\n');
    }
    if (bufferFraction != null) {
      executorsSection.append("  buffer-fraction: ").append(bufferFraction).append('\n');
    }
    return source.configSection("source") + target.configSection("target")
        + (tablesYaml != null ? tablesYaml : "tables:\n  - " + table.qualifiedName() + "\n")
        + executorsSection
        + (verify == null ? "" : "verify: " + verify + "\n")
        + extraYaml
        + "report:\n  json: " + report + "\n";
  }

  @Override
  public Measurement run(BenchTable table, int run) throws Exception {
    RunOutcome outcome = runReport(table, run);
    RunReport report = outcome.report();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reportDurationMillis", report.durationMillis());
    long slowestExecutor = report.executors().stream().mapToLong(RunReport.ExecutorReport::millis).max()
        .orElse(0);
    details.put("slowestExecutorMillis", slowestExecutor);
    details.put("virtualExecutors", report.executors().size());
    details.put("peakBufferBytes", report.executors().stream()
        .mapToLong(RunReport.ExecutorReport::peakBufferBytes).max().orElse(0));
    details.put("bufferBudgetBytes", report.executors().stream()
        .mapToLong(RunReport.ExecutorReport::bufferBudgetBytes).max().orElse(0));
    Map<String, Double> phases = new LinkedHashMap<>();
    phases.put("slowestExecutorCopy", slowestExecutor / 1000.0);
    if (timer != null && timer.jobs() > 0) {
      // The run's wall time split at the copy job's start and end (Spark's own event times).
      phases.put("beforeCopyJob", (timer.firstJobStart() - outcome.startedMillis()) / 1000.0);
      phases.put("copyJob", (timer.lastJobEnd() - timer.firstJobStart()) / 1000.0);
      phases.put("afterCopyJob", (outcome.finishedMillis() - timer.lastJobEnd()) / 1000.0);
      details.put("sparkJobs", timer.jobs());
      details.put("firstTaskLaunchDelayMillis", timer.firstTaskLaunchDelay());
      details.put("longestTaskRunMillis", timer.longestTaskRun());
      details.put("longestTaskDeserializeMillis", timer.longestTaskDeserialize());
    }
    return new Measurement(outcome.seconds(), phases, details);
  }

  /** One timed run; fails unless partsync reports success. */
  RunOutcome runReport(BenchTable table, int run) throws Exception {
    Path dir = workDir.resolve("partsync-runs");
    Files.createDirectories(dir);
    Path report = dir.resolve(table.name() + "-" + run + ".json");
    Files.deleteIfExists(report);
    SyncConfig config = ConfigLoader.parse(yaml(table, report), "bench-sync.yaml");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExitCode code;
    long started;
    long finished;
    long startedMillis;
    long finishedMillis;
    if (timer != null) {
      timer.drain();
      timer.reset();
    }
    try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      startedMillis = System.currentTimeMillis();
      started = System.nanoTime();
      code = PartSync.run(config, spark, outStream, errStream);
      finished = System.nanoTime();
      finishedMillis = System.currentTimeMillis();
    }
    if (timer != null) {
      timer.drain();
    }
    if (code != ExitCode.SUCCESS) {
      throw new IllegalStateException("partsync exited with " + code + ":\n" + out.toString(StandardCharsets.UTF_8)
          + err.toString(StandardCharsets.UTF_8));
    }
    return new RunOutcome((finished - started) / 1e9, startedMillis, finishedMillis,
        ReportWriter.fromJson(Files.readString(report)));
  }

  record RunOutcome(double seconds, long startedMillis, long finishedMillis, RunReport report) {}
}
