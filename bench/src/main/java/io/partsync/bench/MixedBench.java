package io.partsync.bench;

import io.partsync.embedded.EmbeddedCluster;
import io.partsync.report.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.tools.DistCp;
import org.apache.hadoop.util.ToolRunner;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mixed case: the realistic mix that balancing by bytes gets wrong, three source tables synced
 * together by one run: one partition holding one big file, many partitions of one tiny file each, and
 * ordinary medium partitions. For each parallelism N it runs partsync with N virtual executors (one
 * config naming the three tables), one DistCp job with {@code -m N} over the three table directories
 * followed by one add_partitions per table, and a raw stream copy of all their files with N threads.
 *
 * <p>From partsync's run report it takes each virtual executor's busy time, predicted time, bytes,
 * partitions, files, tasks and partitions moved in, their spread (max busy / min busy), and the copy's
 * makespan against its lower bound: max(total busy time / N, the big file's partition's time).
 *
 * <p>The tables live in their own database, so the raw copy can take every file of the three at once from
 * one listing and no other case's tables get in the way.
 */
final class MixedBench {
  private static final Logger LOG = LoggerFactory.getLogger(MixedBench.class);
  static final String DATABASE = "mixed";
  static final String CASE = "mixed";

  private final BenchOptions options;
  private final MixedOptions mixed;
  private final EmbeddedCluster source;
  private final EmbeddedCluster target;
  private final TargetSide targetSide;
  private final JavaSparkContext spark;
  private final Path workDir;
  private final Results results;

  MixedBench(BenchOptions options, EmbeddedCluster source, EmbeddedCluster target, TargetSide targetSide,
      JavaSparkContext spark, Path workDir, Results results) {
    this.options = options;
    this.mixed = options.mixed();
    this.source = source;
    this.target = target;
    this.targetSide = targetSide;
    this.spark = spark;
    this.workDir = workDir;
    this.results = results;
  }

  void run() throws Exception {
    String targetLocation = targetSide.ensureDatabase(DATABASE);
    int threads = options.parallelism();
    List<BenchTable> tables = List.of(
        SourceData.create(CASE, source, targetLocation, DATABASE, "big", 1, 1, mixed.bigFileBytes(), 1),
        SourceData.create(CASE, source, targetLocation, DATABASE, "tiny", mixed.tinyPartitions(),
            mixed.tinyPartitions(), mixed.tinyFileBytes(), threads),
        SourceData.create(CASE, source, targetLocation, DATABASE, "medium", mixed.mediumPartitions(),
            mixed.mediumPartitions() * mixed.mediumFilesPerPartition(), mixed.mediumFileBytes(), threads));
    String label = String.format(Locale.ROOT, "1 file x %s in 1 partition; %,d partitions x 1 file x %d B;"
        + " %d partitions x %d files x %s", size(mixed.bigFileBytes()), mixed.tinyPartitions(),
        mixed.tinyFileBytes(), mixed.mediumPartitions(), mixed.mediumFilesPerPartition(),
        size(mixed.mediumFileBytes()));
    Figures figures = new Figures(label, tables);
    results.mixed = figures;
    try {
      for (int n : mixed.executors()) {
        figures.rounds.add(round(tables, n, targetLocation, label));
      }
    } finally {
      reset(tables);
    }
  }

  /** Every tool at parallelism {@code n}: warm-up rounds, then R counted rounds of partsync, DistCp, raw. */
  private Round round(List<BenchTable> tables, int n, String targetLocation, String label) throws Exception {
    StringBuilder yaml = new StringBuilder("tables:\n");
    tables.forEach(t -> yaml.append("  - ").append(t.qualifiedName()).append('\n'));
    PartsyncTool partsync = new PartsyncTool(source, target, spark, workDir, n, options.partsyncMemory(),
        options.partsyncStreams(), null, null, null).withTables(yaml.toString());
    DistCpTool distcp = new DistCpTool(targetSide, n, workDir);
    // The report file is named after this placeholder; the tables come from the 'tables' section above.
    BenchTable all = new BenchTable(CASE, DATABASE, CASE + "-n" + n, "", "", List.of(), 0, 0);
    Round round = new Round(n);
    Map<String, Object> partsyncDetails = new LinkedHashMap<>();
    Map<String, Object> distcpDetails = new LinkedHashMap<>();
    Map<String, Object> rawDetails = new LinkedHashMap<>();
    try (RawCopyTool raw = new RawCopyTool(source, target, n)) {
      for (int run = 1 - mixed.warmup(); run <= options.runs(); run++) {
        String which = run < 1 ? "warm-up" : "run " + run + "/" + options.runs();

        reset(tables);
        System.gc();
        PartsyncTool.RunOutcome outcome = partsync.runReport(all, run);
        verify(tables, partsync);
        PartsyncRun measured = PartsyncRun.of(outcome, tables, n);
        LOG.info("mixed N={} {}: partsync {} s, busy {} ms, spread {}, makespan/bound {}", n, which,
            fmt(outcome.seconds(), 2), measured.executors().stream().map(ExecutorRow::millis).toList(),
            fmt(measured.spread(), 2), fmt(measured.makespanOverBound(), 2));

        if (options.tools().contains("distcp")) {
          double[] d = distcpRun(tables, distcp, n, targetLocation);
          LOG.info("mixed N={} {}: DistCp + add_partitions {} s (copy {} s)", n, which, fmt(d[0], 2), fmt(d[1], 2));
          if (run >= 1) {
            round.distcp.add(d[0]);
            round.distcpCopy.add(d[1]);
            distcpDetails.put("run" + run, Map.of("seconds", d[0], "copy", d[1], "register", d[0] - d[1]));
          }
        }
        if (options.tools().contains("raw")) {
          double rawSeconds = rawRun(tables, raw, targetLocation);
          LOG.info("mixed N={} {}: raw stream copy {} s", n, which, fmt(rawSeconds, 2));
          if (run >= 1) {
            round.raw.add(rawSeconds);
            rawDetails.put("run" + run, Map.of("seconds", rawSeconds));
          }
        }
        if (run < 1) {
          continue;
        }
        round.partsync.add(measured);
        results.partsyncBuffers.add(new long[] {
            outcome.report().executors().stream().mapToLong(RunReport.ExecutorReport::peakBufferBytes).max()
                .orElse(0),
            outcome.report().executors().stream().mapToLong(RunReport.ExecutorReport::bufferBudgetBytes).max()
                .orElse(0)});
        partsyncDetails.put("run" + run, measured.details());
      }
    }
    String caseKey = CASE + "-n" + n;
    String caseLabel = "mixed, N = " + n + ": " + label;
    double megabytes = tables.stream().mapToLong(BenchTable::bytes).sum() / 1e6;
    results.syncs.add(new Results.SyncRow(caseKey, caseLabel, "partsync", partsync.label(), megabytes,
        round.partsync.stream().map(PartsyncRun::seconds).toList(), partsyncDetails));
    if (!round.distcp.isEmpty()) {
      results.syncs.add(new Results.SyncRow(caseKey, caseLabel, "distcp", distcp.label(), megabytes, round.distcp,
          distcpDetails));
      results.syncs.add(new Results.SyncRow(caseKey, caseLabel, "distcp-copy", "DistCp copy only", megabytes,
          round.distcpCopy, Map.of()));
    }
    if (!round.raw.isEmpty()) {
      results.syncs.add(new Results.SyncRow(caseKey, caseLabel, "raw", "raw stream copy", megabytes, round.raw,
          rawDetails));
    }
    return round;
  }

  /**
   * One DistCp job {@code -m n -pb} of the three table directories into the target database's directory
   * (each lands under its own name, where the target tables are), then one add_partitions per table;
   * returns the whole time and the copy's, in seconds.
   */
  private double[] distcpRun(List<BenchTable> tables, DistCpTool distcp, int n, String targetLocation)
      throws Exception {
    reset(tables);
    System.gc();
    Configuration conf = distcp.conf();
    List<String> args = new ArrayList<>(List.of("-m", Integer.toString(n), "-pb"));
    tables.forEach(t -> args.add(t.sourceDir()));
    args.add(targetLocation);
    long started = System.nanoTime();
    int code = ToolRunner.run(conf, new DistCp(conf, null), args.toArray(String[]::new));
    long copied = System.nanoTime();
    if (code != 0) {
      throw new IllegalStateException("DistCp exited with " + code);
    }
    for (BenchTable table : tables) {
      distcp.register(table);
    }
    long registered = System.nanoTime();
    verify(tables, distcp);
    return new double[] {(registered - started) / 1e9, (copied - started) / 1e9};
  }

  /** Every file of the three tables copied from one listing of their database's directory; seconds. */
  private double rawRun(List<BenchTable> tables, RawCopyTool raw, String targetLocation) throws Exception {
    reset(tables);
    System.gc();
    long started = System.nanoTime();
    raw.copyTree(source.defaultFs() + "/warehouse/" + DATABASE + ".db", targetLocation);
    double seconds = (System.nanoTime() - started) / 1e9;
    verify(tables, raw);
    return seconds;
  }

  private void reset(List<BenchTable> tables) throws Exception {
    for (BenchTable table : tables) {
      targetSide.reset(table);
    }
  }

  private void verify(List<BenchTable> tables, SyncTool tool) throws Exception {
    for (BenchTable table : tables) {
      targetSide.verify(table, tool);
    }
  }

  /** One virtual executor of a partsync run, from the run report. */
  record ExecutorRow(int executor, long millis, long predictedMillis, long bytesCopied, long plannedBytes,
      int partitions, long files, int tasks, int movedIn, Map<String, Integer> partitionsByTable) {}

  /**
   * One partsync run of the three tables.
   *
   * @param copyPhaseMillis the report's "copy" phase: from the last wave planned to the last copy done
   * @param makespanMillis from the first copy job's start to the last copy done (the copy phase plus the
   *     copying that overlapped planning)
   * @param largest the slowest single partition copy, by the report's partition timings
   * @param largestSharedWith how many other partitions the largest one's executor was planned (-1: not
   *     found); a partition's timing runs from the start of its work to its last file done, so on an
   *     executor copying others at the same time it includes waiting for them
   */
  record PartsyncRun(double seconds, int n, Map<String, Long> phasesMillis, long copyPhaseMillis,
      long makespanMillis, List<ExecutorRow> executors, RunReport.PartitionTiming largest,
      int largestSharedWith) {

    static PartsyncRun of(PartsyncTool.RunOutcome outcome, List<BenchTable> tables, int n) {
      RunReport report = outcome.report();
      List<ExecutorRow> rows = new ArrayList<>();
      for (RunReport.ExecutorReport e : report.executors()) {
        Map<String, Integer> byTable = new LinkedHashMap<>();
        tables.forEach(t -> byTable.put(t.name(), 0));
        long files = 0;
        for (String label : e.partitions()) {
          int at = label.indexOf(" partition ");
          String name = at < 0 ? label : label.substring(0, at);
          BenchTable table = tables.stream().filter(t -> t.qualifiedName().equals(name) || t.name().equals(name))
              .findFirst().orElse(null);
          if (table == null) {
            byTable.merge(name, 1, Integer::sum);
            continue;
          }
          byTable.merge(table.name(), 1, Integer::sum);
          files += table.files() / table.partitionValues().size();
        }
        rows.add(new ExecutorRow(e.executor(), e.millis(), e.predictedMillis(), e.bytesCopied(), e.plannedBytes(),
            e.partitions().size(), files, e.tasks(), e.movedIn(), byTable));
      }
      rows.sort(Comparator.comparingInt(ExecutorRow::executor));
      long copyPhase = report.phasesMillis().getOrDefault("copy", 0L);
      RunReport.Pipeline pipeline = report.pipeline();
      long makespan = pipeline != null && pipeline.firstCopyStartedMillis() != null
          ? pipeline.planningFinishedMillis() + copyPhase - pipeline.firstCopyStartedMillis() : copyPhase;
      // The largest single unit is the big file: a partition's timing runs from its first file's start to
      // its last file's end, so a many-file partition's includes waiting for its neighbours, while the
      // one big file streams from start to end.
      RunReport.PartitionTiming largest = report.slowestPartitions().stream()
          .filter(t -> t.table().endsWith(".big")).findFirst()
          .orElse(report.slowestPartitions().isEmpty() ? null : report.slowestPartitions().get(0));
      int sharedWith = -1;
      if (largest != null) {
        String label = largest.table() + " partition " + largest.partition();
        sharedWith = report.executors().stream().filter(e -> e.partitions().contains(label))
            .mapToInt(e -> e.partitions().size() - 1).findFirst().orElse(-1);
      }
      return new PartsyncRun(outcome.seconds(), n, report.phasesMillis(), copyPhase, makespan, rows, largest,
          sharedWith);
    }

    long totalBusyMillis() {
      return executors.stream().mapToLong(ExecutorRow::millis).sum();
    }

    /** max(total busy / N, the big file's partition). */
    double lowerBoundMillis() {
      return Math.max(totalBusyMillis() / (double) n, largest == null ? 0 : largest.millis());
    }

    double makespanOverBound() {
      return makespanMillis / Math.max(1.0, lowerBoundMillis());
    }

    /** Makespan over total busy / N alone: how far the copy is from perfectly shared work. */
    double makespanOverAverage() {
      return makespanMillis / Math.max(1.0, totalBusyMillis() / (double) n);
    }

    /** Max busy over min busy; infinite when an executor had nothing to do. */
    double spread() {
      return ratio(executors.stream().mapToLong(ExecutorRow::millis).max().orElse(0),
          executors.stream().mapToLong(ExecutorRow::millis).min().orElse(0));
    }

    /** The same of the predicted times; NaN while the planner predicts nothing (all 0). */
    double predictedSpread() {
      long max = executors.stream().mapToLong(ExecutorRow::predictedMillis).max().orElse(0);
      return max == 0 ? Double.NaN
          : ratio(max, executors.stream().mapToLong(ExecutorRow::predictedMillis).min().orElse(0));
    }

    private static double ratio(long max, long min) {
      return min <= 0 ? (max <= 0 ? 1 : Double.POSITIVE_INFINITY) : (double) max / min;
    }

    Map<String, Object> details() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("seconds", round3(seconds));
      map.put("phasesMillis", phasesMillis);
      map.put("copyPhaseMillis", copyPhaseMillis);
      map.put("makespanMillis", makespanMillis);
      map.put("totalBusyMillis", totalBusyMillis());
      map.put("lowerBoundMillis", Math.round(lowerBoundMillis()));
      map.put("makespanOverBound", round3(makespanOverBound()));
      map.put("makespanOverAverageBusy", round3(makespanOverAverage()));
      map.put("spread", finite(spread()));
      map.put("predictedSpread", finite(predictedSpread()));
      if (largest != null) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("table", largest.table());
        l.put("partition", largest.partition());
        l.put("files", largest.files());
        l.put("bytes", largest.bytes());
        l.put("millis", largest.millis());
        l.put("otherPartitionsOnItsExecutor", largestSharedWith);
        map.put("largestPartition", l);
      }
      List<Map<String, Object>> list = new ArrayList<>();
      for (ExecutorRow e : executors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("executor", e.executor());
        m.put("millis", e.millis());
        m.put("predictedMillis", e.predictedMillis());
        m.put("bytesCopied", e.bytesCopied());
        m.put("plannedBytes", e.plannedBytes());
        m.put("partitions", e.partitions());
        m.put("files", e.files());
        m.put("tasks", e.tasks());
        m.put("movedIn", e.movedIn());
        m.put("partitionsByTable", e.partitionsByTable());
        list.add(m);
      }
      map.put("executors", list);
      return map;
    }
  }

  /** Every run at one parallelism. */
  static final class Round {
    final int n;
    final List<PartsyncRun> partsync = new ArrayList<>();
    final List<Double> distcp = new ArrayList<>();
    final List<Double> distcpCopy = new ArrayList<>();
    final List<Double> raw = new ArrayList<>();

    Round(int n) {
      this.n = n;
    }

    /** The partsync run of median wall time (the lower one of the middle two), whose balance the goals judge. */
    PartsyncRun medianRun() {
      List<PartsyncRun> sorted = partsync.stream().sorted(Comparator.comparingDouble(PartsyncRun::seconds)).toList();
      return sorted.get((sorted.size() - 1) / 2);
    }

    double partsyncSeconds() {
      return Results.median(partsync.stream().map(PartsyncRun::seconds).toList());
    }

    /** DistCp + add_partitions time over partsync's: above 1, partsync is faster. */
    double distcpOverPartsync() {
      return med(distcp) / partsyncSeconds();
    }

    /** Raw copy time over partsync's: partsync's speed as a share of raw's. */
    double rawOverPartsync() {
      return med(raw) / partsyncSeconds();
    }
  }

  /** The case's figures, kept in {@link Results}: printed as Markdown, written as JSON, judged as goals. */
  static final class Figures {
    final String label;
    final List<BenchTable> tables;
    final List<Round> rounds = new ArrayList<>();

    Figures(String label, List<BenchTable> tables) {
      this.label = label;
      this.tables = List.copyOf(tables);
    }

    String markdown() {
      StringBuilder md = new StringBuilder("\nmixed: ").append(label).append(" (")
          .append(fmt(tables.stream().mapToLong(BenchTable::bytes).sum() / 1e6, 1))
          .append(" MB), three tables in one partsync run\n");
      for (Round round : rounds) {
        for (int i = 0; i < round.partsync.size(); i++) {
          executorTable(md, round, i);
        }
      }
      if (rounds.isEmpty() || rounds.get(0).partsync.isEmpty()) {
        return md.toString();
      }
      md.append("\n| N | partsync s | DistCp + add_partitions s | DistCp copy s | raw s | partsync vs DistCp"
          + " | partsync vs raw | spread | makespan / bound | makespan / (busy / N) |\n");
      md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (Round round : rounds) {
        PartsyncRun median = round.medianRun();
        md.append("| ").append(round.n).append(" | ").append(fmt(round.partsyncSeconds(), 2)).append(" | ")
            .append(fmt(med(round.distcp), 2)).append(" | ")
            .append(fmt(med(round.distcpCopy), 2)).append(" | ")
            .append(fmt(med(round.raw), 2)).append(" | ")
            .append(times(round.distcpOverPartsync())).append(" | ")
            .append(times(round.rawOverPartsync())).append(" | ")
            .append(times(median.spread())).append(" | ").append(fmt(median.makespanOverBound(), 2))
            .append(" | ").append(fmt(median.makespanOverAverage(), 2)).append(" |\n");
      }
      md.append("\nWall times are medians of ").append(rounds.get(0).partsync.size()).append(" run(s); each run of"
          + " each tool starts from an empty target. At N: partsync with N virtual executors, one DistCp job"
          + " -m N over the three table directories then one add_partitions per table, a raw stream copy with"
          + " N threads. partsync vs DistCp is DistCp + add_partitions time / partsync time, partsync vs raw is"
          + " raw time / partsync time (above 1, partsync is faster). Spread and makespan / bound are of the"
          + " median partsync run.\n");
      return md.toString();
    }

    private void executorTable(StringBuilder md, Round round, int i) {
      PartsyncRun run = round.partsync.get(i);
      List<String> phases = new ArrayList<>();
      run.phasesMillis().forEach((phase, millis) -> phases.add(phase + " " + fmt(millis / 1000.0, 2)));
      md.append(String.format(Locale.ROOT, "%npartsync, N = %d, run %d of %d: %.2f s whole sync (report phases, s:"
          + " %s)%n%n", round.n, i + 1, round.partsync.size(), run.seconds(), String.join("; ", phases)));
      md.append("| virtual executor | busy s | predicted s | MB copied | MB planned | partitions | files | tasks"
          + " | movedIn | partitions by table |\n");
      md.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
      for (ExecutorRow e : run.executors()) {
        List<String> byTable = new ArrayList<>();
        e.partitionsByTable().forEach((table, count) -> byTable.add(table + " " + String.format(Locale.ROOT, "%,d",
            count)));
        md.append("| ").append(e.executor()).append(" | ").append(fmt(e.millis() / 1000.0, 2)).append(" | ")
            .append(fmt(e.predictedMillis() / 1000.0, 2)).append(" | ").append(fmt(e.bytesCopied() / 1e6, 1))
            .append(" | ").append(fmt(e.plannedBytes() / 1e6, 1)).append(" | ")
            .append(String.format(Locale.ROOT, "%,d", e.partitions())).append(" | ")
            .append(String.format(Locale.ROOT, "%,d", e.files())).append(" | ").append(e.tasks()).append(" | ")
            .append(e.movedIn()).append(" | ").append(String.join(", ", byTable)).append(" |\n");
      }
      double predicted = run.predictedSpread();
      md.append("\n- spread (max busy / min busy): ").append(times(run.spread())).append("; predicted: ")
          .append(Double.isNaN(predicted) ? "- (every predictedMillis is 0)" : times(predicted)).append('\n');
      md.append(String.format(Locale.ROOT, "- makespan %.2f s (first copy start to last copy end; the report's copy"
          + " phase %.2f s) against its lower bound %.2f s = max(total busy %.2f s / %d = %.2f s, largest"
          + " partition %.2f s%s): %.2fx%n", run.makespanMillis() / 1000.0, run.copyPhaseMillis() / 1000.0,
          run.lowerBoundMillis() / 1000.0, run.totalBusyMillis() / 1000.0, round.n,
          run.totalBusyMillis() / 1000.0 / round.n, run.largest() == null ? 0 : run.largest().millis() / 1000.0,
          run.largest() == null ? "" : " " + run.largest().table() + " " + run.largest().partition() + ", "
              + run.largest().files() + " file(s), " + fmt(run.largest().bytes() / 1e6, 1) + " MB",
          run.makespanOverBound()));
      if (run.largestSharedWith() > 0) {
        md.append(String.format(Locale.ROOT, "- the largest partition's executor also copied %,d other partitions:"
            + " its timing (start of its work to its last file done) includes waiting for them, so the bound may"
            + " be too high; makespan / (total busy / N) alone: %.2fx%n", run.largestSharedWith(),
            run.makespanOverAverage()));
      }
    }

    List<Results.Goal> goals() {
      List<Results.Goal> goals = new ArrayList<>();
      for (Round round : rounds) {
        if (round.partsync.isEmpty()) {
          continue;
        }
        PartsyncRun run = round.medianRun();
        goals.add(new Results.Goal("mixed, N = " + round.n + ": executor busy times within 20% (max/min <= 1.2)",
            run.spread() <= 1.2, "max/min " + times(run.spread()) + ", busy s " + String.join(" / ",
                run.executors().stream().map(e -> fmt(e.millis() / 1000.0, 2)).toList())));
        goals.add(new Results.Goal("mixed, N = " + round.n + ": makespan <= 1.25x its lower bound",
            run.makespanOverBound() <= 1.25, String.format(Locale.ROOT, "%.2fx: %.2f vs %.2f s",
                run.makespanOverBound(), run.makespanMillis() / 1000.0, run.lowerBoundMillis() / 1000.0)));
        if (!round.distcp.isEmpty()) {
          goals.add(new Results.Goal("mixed, N = " + round.n + ": partsync >= 2x faster than DistCp +"
              + " add_partitions", round.distcpOverPartsync() >= 2, String.format(Locale.ROOT, "%.2fx: %.2f vs %.2f s",
              round.distcpOverPartsync(), round.partsyncSeconds(), med(round.distcp))));
        }
      }
      return goals;
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("label", label);
      List<Map<String, Object>> tableList = new ArrayList<>();
      for (BenchTable t : tables) {
        tableList.add(Map.of("table", t.qualifiedName(), "partitions", t.partitionValues().size(), "files",
            t.files(), "bytes", t.bytes()));
      }
      map.put("tables", tableList);
      List<Map<String, Object>> roundList = new ArrayList<>();
      for (Round round : rounds) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("n", round.n);
        if (!round.partsync.isEmpty()) {
          r.put("partsyncSeconds", round3(round.partsyncSeconds()));
          r.put("distcpSeconds", finite(med(round.distcp)));
          r.put("distcpCopySeconds", finite(med(round.distcpCopy)));
          r.put("rawSeconds", finite(med(round.raw)));
          r.put("ratioDistCpToPartsync", finite(round.distcpOverPartsync()));
          r.put("ratioRawToPartsync", finite(round.rawOverPartsync()));
        }
        r.put("partsyncRuns", round.partsync.stream().map(PartsyncRun::details).toList());
        r.put("distcpRunsSeconds", round.distcp.stream().map(MixedBench::round3).toList());
        r.put("rawRunsSeconds", round.raw.stream().map(MixedBench::round3).toList());
        roundList.add(r);
      }
      map.put("rounds", roundList);
      return map;
    }
  }

  private static String times(double ratio) {
    return Double.isNaN(ratio) ? "-" : Double.isInfinite(ratio) ? "inf (an executor had nothing to do)"
        : fmt(ratio, 2) + "x";
  }

  /** JSON has no infinity: null stands for it. */
  private static Double finite(double value) {
    return Double.isFinite(value) ? round3(value) : null;
  }

  private static double round3(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** A median; NaN for a tool left out with --tools. */
  private static double med(List<Double> values) {
    return values.isEmpty() ? Double.NaN : Results.median(values);
  }

  /** "-" for a figure not measured. */
  private static String fmt(double value, int decimals) {
    return Double.isNaN(value) ? "-" : Results.fmt(value, decimals);
  }

  private static String size(long bytes) {
    return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes / 1024 + " KiB";
  }
}
