package io.partsync.bench;

import io.partsync.embedded.EmbeddedCluster;
import io.partsync.report.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-file case: a table of many partitions holding one small file each (hourly partitions with one
 * file are everywhere), synced in full by partsync, DistCp + add_partitions and the raw stream copy at
 * each parallelism N asked for. A partition then costs what its directory, its file's create and close,
 * its checksums and its registration cost, not what its bytes do, so this is where per-partition
 * overheads show. partsync's copy and publish phases are printed beside the totals.
 */
final class OneFileBench {
  private static final Logger LOG = LoggerFactory.getLogger(OneFileBench.class);
  static final String TABLE = "onefile";
  /** The tools this case compares; the others of --tools are not run here. */
  private static final List<String> TOOLS = List.of("partsync", "distcp", "raw");

  /**
   * The case's flags.
   *
   * @param parallelism each N to run at, in order
   */
  record Options(int partitions, long fileBytes, List<Integer> parallelism) {
    Options {
      parallelism = List.copyOf(parallelism);
    }

    static Options of(int partitions, long fileBytes, String parallelism) {
      List<Integer> values = new ArrayList<>();
      for (String n : parallelism.split(",")) {
        try {
          values.add(Integer.parseInt(n.trim()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("--onefile-n must list whole numbers, got '" + parallelism + "'");
        }
      }
      if (values.stream().anyMatch(n -> n < 1)) {
        throw new IllegalArgumentException("--onefile-n must list numbers of at least 1, got '" + parallelism + "'");
      }
      return new Options(partitions, fileBytes, values);
    }

    Map<String, Object> asMap() {
      return Map.of("partitions", partitions, "fileBytes", fileBytes, "n", parallelism);
    }
  }

  /** partsync's own phases of one run, in seconds. */
  private record PartsyncPhases(int n, int run, double seconds, double copy, double publish, double slowestExecutor) {}

  private final BenchOptions options;
  private final EmbeddedCluster source;
  private final EmbeddedCluster target;
  private final TargetSide targetSide;
  private final JavaSparkContext spark;
  private final Path workDir;
  private final SparkJobTimer timer;
  private final Results results;
  private final List<PartsyncPhases> phases = new ArrayList<>();

  OneFileBench(BenchOptions options, EmbeddedCluster source, EmbeddedCluster target, TargetSide targetSide,
      JavaSparkContext spark, Path workDir, SparkJobTimer timer, Results results) {
    this.options = options;
    this.source = source;
    this.target = target;
    this.targetSide = targetSide;
    this.spark = spark;
    this.workDir = workDir;
    this.timer = timer;
    this.results = results;
  }

  void run(String targetDatabaseLocation) throws Exception {
    Options one = options.onefile();
    BenchTable table = SourceData.create(TABLE, source, targetDatabaseLocation, Bench.DATABASE, TABLE,
        one.partitions(), one.partitions(), one.fileBytes(), options.parallelism());
    try {
      for (int n : one.parallelism()) {
        runAt(table, n);
      }
    } finally {
      targetSide.reset(table);
      results.note("onefilePartsyncPhases", phases);
    }
    System.out.println();
    System.out.println(phasesMarkdown());
  }

  /** Every tool R times at parallelism {@code n}, each from an empty target. */
  private void runAt(BenchTable table, int n) throws Exception {
    String caseKey = "onefile-n" + n;
    String label = String.format(Locale.ROOT, "onefile: %,d partitions x 1 file x %d B, N = %d",
        table.partitionValues().size(), options.onefile().fileBytes(), n);
    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, Map<String, Object>> details = new LinkedHashMap<>();
    List<SyncTool> tools = tools(n);
    try {
      for (int run = 1; run <= options.runs(); run++) {
        for (SyncTool tool : tools) {
          targetSide.reset(table);
          System.gc();
          SyncTool.Measurement m = tool instanceof PartsyncTool partsync ? partsync(partsync, table, n, run)
              : tool.run(table, run);
          Map<String, Object> found = targetSide.verify(table, tool);
          LOG.info("{} run {}/{}: {} {} s {} {}", caseKey, run, options.runs(), tool.label(),
              String.format(Locale.ROOT, "%.2f", m.seconds()), m.phases(), found);
          seconds.computeIfAbsent(tool.key(), k -> new ArrayList<>()).add(m.seconds());
          Map<String, Object> kept = new LinkedHashMap<>(m.phases());
          kept.put("seconds", m.seconds());
          kept.putAll(found);
          details.computeIfAbsent(tool.key(), k -> new LinkedHashMap<>()).put("run" + run, kept);
        }
      }
    } finally {
      for (SyncTool tool : tools) {
        tool.close();
      }
    }
    for (SyncTool tool : tools) {
      results.syncs.add(new Results.SyncRow(caseKey, label, tool.key(), tool.label(), table.megabytes(),
          seconds.get(tool.key()), details.get(tool.key())));
    }
  }

  private List<SyncTool> tools(int n) throws Exception {
    List<SyncTool> tools = new ArrayList<>();
    for (String key : options.tools()) {
      if (!TOOLS.contains(key)) {
        continue;
      }
      switch (key) {
        case "partsync" -> tools.add(new PartsyncTool(source, target, spark, workDir, n, options.partsyncMemory(),
            options.partsyncStreams(), null, null, timer));
        case "distcp" -> tools.add(new DistCpTool(targetSide, n, workDir));
        default -> tools.add(new RawCopyTool(source, target, n));
      }
    }
    return tools;
  }

  /** One partsync run, with the copy and publish phases its report gives. */
  private SyncTool.Measurement partsync(PartsyncTool tool, BenchTable table, int n, int run) throws Exception {
    PartsyncTool.RunOutcome outcome = tool.runReport(table, run);
    RunReport report = outcome.report();
    double copy = report.phasesMillis().getOrDefault("copy", 0L) / 1000.0;
    double publish = report.phasesMillis().getOrDefault("publish and housekeeping", 0L) / 1000.0;
    double slowest = report.executors().stream().mapToLong(RunReport.ExecutorReport::millis).max().orElse(0) / 1000.0;
    phases.add(new PartsyncPhases(n, run, outcome.seconds(), copy, publish, slowest));
    Map<String, Double> named = new LinkedHashMap<>();
    named.put("copy", copy);
    named.put("publish", publish);
    named.put("slowestExecutorCopy", slowest);
    return new SyncTool.Measurement(outcome.seconds(), named, Map.of("phasesMillis", report.phasesMillis()));
  }

  private String phasesMarkdown() {
    StringBuilder md = new StringBuilder("onefile: partsync's phases (from its run report)\n\n");
    md.append("| N | run | wall time s | copy s | publish and housekeeping s | slowest executor s |"
        + " ms per partition per executor |\n");
    md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    int partitions = options.onefile().partitions();
    for (PartsyncPhases p : phases) {
      md.append("| ").append(p.n()).append(" | ").append(p.run()).append(" | ").append(Results.fmt(p.seconds(), 2))
          .append(" | ").append(Results.fmt(p.copy(), 2)).append(" | ").append(Results.fmt(p.publish(), 2))
          .append(" | ").append(Results.fmt(p.slowestExecutor(), 2)).append(" | ")
          .append(Results.fmt(p.slowestExecutor() * 1000 * p.n() / partitions, 1)).append(" |\n");
    }
    return md.toString();
  }
}
