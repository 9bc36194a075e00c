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
 * The bandwidth case: partsync HDFS to HDFS of a medium table at N executors, uncapped and then under
 * each bandwidth cap asked for (per executor, and per run), every copy verified by checksum. For each run
 * it gives the rate achieved against the cap: each executor's bytes read over its busy time, and the
 * run's bytes over its copy phase and over its whole time, the cap then being the executors' together.
 * MB here are the cap's, 1,048,576 bytes.
 */
final class BandwidthBench {
  private static final Logger LOG = LoggerFactory.getLogger(BandwidthBench.class);
  static final String TABLE = "bandwidth";
  private static final double MB = 1 << 20;
  /** How close to its cap a capped run's executors must come, either side. */
  private static final double WITHIN = 0.10;

  /**
   * The case's flags.
   *
   * @param perExecutor each per-executor cap to run with, MB/s
   * @param perRun the per-run cap to run with, MB/s, or null for none
   */
  record Options(int partitions, int files, long fileBytes, int n, List<Double> perExecutor, Double perRun) {
    Options {
      perExecutor = List.copyOf(perExecutor);
    }

    static Options read(BenchOptions.Reader r) {
      int partitions = r.positive("bandwidth-partitions", 4);
      int files = r.positive("bandwidth-files", 16);
      if (partitions > files) {
        throw new IllegalArgumentException("--bandwidth-partitions must not exceed --bandwidth-files");
      }
      List<Double> caps = new ArrayList<>();
      String list = r.text("bandwidth-caps", "20,50");
      for (String item : list.split(",")) {
        caps.add(megabytes("bandwidth-caps", item.trim()));
      }
      String perRun = r.text("bandwidth-per-run", "60");
      return new Options(partitions, files, r.positive("bandwidth-file-mb", 16) * (1L << 20),
          r.positive("bandwidth-n", 2), caps, perRun.equals("none") ? null : megabytes("bandwidth-per-run", perRun));
    }

    private static double megabytes(String flag, String text) {
      try {
        double value = Double.parseDouble(text);
        if (value > 0) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException("--" + flag + " takes MB/s above 0, got '" + text + "'");
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("partitions", partitions);
      map.put("files", files);
      map.put("fileBytes", fileBytes);
      map.put("n", n);
      map.put("perExecutorMegabytesPerSecond", perExecutor);
      map.put("perRunMegabytesPerSecond", perRun == null ? "none" : perRun);
      return map;
    }
  }

  /** One setting the table is synced with: its config lines and the label the tables print. */
  private record Setting(String label, String yaml) {}

  /**
   * One run's figures, rates in MB/s.
   *
   * @param cap what each executor may read, 0 for no cap
   * @param executorRates each executor's bytes read over its busy time
   */
  record Figure(String setting, int run, double cap, long bytes, double wallSeconds, double copySeconds,
      List<Double> executorRates, double meanExecutorRate, double copyRate, double wallRate, long throttledMillis,
      int executors) {
    /** The mean executor's rate over its cap; 0 without one. */
    double ratio() {
      return cap == 0 ? 0 : meanExecutorRate / cap;
    }

    /** The run's rate over its copy phase against what the executors together may read. */
    double copyRatio() {
      return cap == 0 ? 0 : copyRate / (cap * executors);
    }

    double wallRatio() {
      return cap == 0 ? 0 : wallRate / (cap * executors);
    }
  }

  /** Every run of the case, for the results' tables, goals and JSON. */
  static final class Figures {
    final String label;
    final List<Figure> runs = new ArrayList<>();

    Figures(String label) {
      this.label = label;
    }

    String markdown() {
      StringBuilder md = new StringBuilder("\nbandwidth: ").append(label).append('\n');
      md.append("\n| setting | run | cap per executor MB/s | executor rates MB/s (bytes / busy time) | ratio to cap"
          + " | copy phase s | run's rate over the copy phase MB/s | ratio | wall time s | run's rate over the"
          + " wall time MB/s | ratio | streams waited s |\n");
      md.append("| --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (Figure f : runs) {
        boolean capped = f.cap() > 0;
        md.append("| ").append(f.setting()).append(" | ").append(f.run()).append(" | ")
            .append(capped ? Results.fmt(f.cap(), 1) : "-").append(" | ")
            .append(String.join(" / ", f.executorRates().stream().map(r -> Results.fmt(r, 1)).toList()))
            .append(" | ").append(capped ? Results.fmt(f.ratio(), 3) : "-")
            .append(" | ").append(Results.fmt(f.copySeconds(), 2))
            .append(" | ").append(Results.fmt(f.copyRate(), 1))
            .append(" | ").append(capped ? Results.fmt(f.copyRatio(), 3) : "-")
            .append(" | ").append(Results.fmt(f.wallSeconds(), 2))
            .append(" | ").append(Results.fmt(f.wallRate(), 1))
            .append(" | ").append(capped ? Results.fmt(f.wallRatio(), 3) : "-")
            .append(" | ").append(Results.fmt(f.throttledMillis() / 1000.0, 1)).append(" |\n");
      }
      md.append("\nMB = 1,048,576 bytes, as the cap counts them. Every copy verified by checksum. Streams waited:"
          + " the time the copy streams waited for the cap, summed over every stream of every executor.\n");
      return md.toString();
    }

    List<Results.Goal> goals() {
      List<Results.Goal> goals = new ArrayList<>();
      for (Figure f : runs) {
        if (f.cap() > 0) {
          goals.add(new Results.Goal("bandwidth " + f.setting() + ", run " + f.run()
              + ": executors' rate within 10% of the cap", Math.abs(f.ratio() - 1) <= WITHIN,
              String.format(Locale.ROOT, "%.1f MB/s per executor against %.1f (%.3f)", f.meanExecutorRate(),
                  f.cap(), f.ratio())));
        }
      }
      return goals;
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("label", label);
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Figure f : runs) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("setting", f.setting());
        row.put("run", f.run());
        row.put("capPerExecutorMegabytesPerSecond", f.cap());
        row.put("bytes", f.bytes());
        row.put("executors", f.executors());
        row.put("executorMegabytesPerSecond", f.executorRates());
        row.put("meanExecutorMegabytesPerSecond", f.meanExecutorRate());
        row.put("ratioToCap", f.ratio());
        row.put("copySeconds", f.copySeconds());
        row.put("copyMegabytesPerSecond", f.copyRate());
        row.put("copyRatioToCap", f.copyRatio());
        row.put("wallSeconds", f.wallSeconds());
        row.put("wallMegabytesPerSecond", f.wallRate());
        row.put("wallRatioToCap", f.wallRatio());
        row.put("throttledMillis", f.throttledMillis());
        rows.add(row);
      }
      map.put("runs", rows);
      return map;
    }
  }

  private final BenchOptions options;
  private final EmbeddedCluster source;
  private final EmbeddedCluster target;
  private final TargetSide targetSide;
  private final JavaSparkContext spark;
  private final Path workDir;
  private final Results results;

  BandwidthBench(BenchOptions options, EmbeddedCluster source, EmbeddedCluster target, TargetSide targetSide,
      JavaSparkContext spark, Path workDir, Results results) {
    this.options = options;
    this.source = source;
    this.target = target;
    this.targetSide = targetSide;
    this.spark = spark;
    this.workDir = workDir;
    this.results = results;
  }

  void run(String targetDatabaseLocation) throws Exception {
    Options o = options.bandwidth();
    BenchTable table = SourceData.create(TABLE, source, targetDatabaseLocation, Bench.DATABASE, TABLE,
        o.partitions(), o.files(), o.fileBytes(), options.parallelism());
    Figures figures = new Figures(String.format(Locale.ROOT, "%d files x %d MiB in %d partitions, N = %d",
        o.files(), o.fileBytes() >> 20, o.partitions(), o.n()));
    results.bandwidth = figures;
    PartsyncTool partsync = new PartsyncTool(source, target, spark, workDir, o.n(), options.partsyncMemory(),
        options.partsyncStreams(), null, null, null);
    try {
      for (Setting setting : settings(o)) {
        for (int run = 1; run <= options.runs(); run++) {
          targetSide.reset(table);
          System.gc();
          PartsyncTool.RunOutcome outcome = partsync.withExtraYaml(setting.yaml()).runReport(table, run);
          Map<String, Object> found = targetSide.verify(table, partsync);
          Figure figure = figure(setting.label(), run, outcome);
          figures.runs.add(figure);
          LOG.info("bandwidth {} run {}/{}: {} MB/s per executor of {} ({}), copy {} s, wall {} s, {}",
              setting.label(), run, options.runs(), figure.executorRates(), figure.cap(),
              String.format(Locale.ROOT, "%.3f", figure.ratio()), figure.copySeconds(), figure.wallSeconds(), found);
        }
      }
    } finally {
      targetSide.reset(table);
    }
  }

  /** Uncapped first, as the reference the caps must be below, then each cap. */
  private static List<Setting> settings(Options o) {
    List<Setting> settings = new ArrayList<>();
    settings.add(new Setting("none", ""));
    for (double cap : o.perExecutor()) {
      settings.add(new Setting("per-executor " + number(cap), "bandwidth:\n  per-executor: " + number(cap) + "\n"));
    }
    if (o.perRun() != null) {
      settings.add(new Setting("per-run " + number(o.perRun()), "bandwidth:\n  per-run: " + number(o.perRun())
          + "\n"));
    }
    return settings;
  }

  private static Figure figure(String setting, int run, PartsyncTool.RunOutcome outcome) {
    RunReport report = outcome.report();
    List<Double> rates = new ArrayList<>();
    long bytes = 0;
    long throttled = 0;
    for (RunReport.ExecutorReport executor : report.executors()) {
      rates.add(round(executor.bytesCopied() / MB / Math.max(executor.millis(), 1) * 1000));
      bytes += executor.bytesCopied();
      throttled += executor.throttledMillis();
    }
    double mean = rates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    double copySeconds = report.phasesMillis().getOrDefault("copy", 0L) / 1000.0;
    double cap = report.bandwidth() == null ? 0 : report.bandwidth().effectivePerExecutorBytesPerSecond() / MB;
    return new Figure(setting, run, round(cap), bytes, round(outcome.seconds()), round(copySeconds), rates,
        round(mean), round(bytes / MB / Math.max(copySeconds, 0.001)), round(bytes / MB / outcome.seconds()),
        throttled, report.executors().size());
  }

  /** A cap as the config writes it: 20, not 20.0. */
  private static String number(double megabytes) {
    return megabytes == Math.rint(megabytes) ? Long.toString((long) megabytes) : Double.toString(megabytes);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
