package io.partsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The figures of one benchmark run: printed as Markdown, written as JSON, and compared with an earlier run. */
final class Results {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One tool on one sync case; its figure is the median of its runs. */
  record SyncRow(String caseKey, String caseLabel, String toolKey, String tool, double megabytes,
      List<Double> runs, Map<String, Object> details) {
    double seconds() {
      return median(runs);
    }

    double megabytesPerSecond() {
      return megabytes / seconds();
    }
  }

  record MetastoreFigure(int partitions, int batchSize, List<Double> runs) {
    double seconds() {
      return median(runs);
    }
  }

  /** One memory measurement (partsync or the raw baseline), medians over its runs. */
  record MemoryFigure(String tool, long fileBytes, String settings, Long bufferBudgetBytes,
      List<Long> peakBufferBytes, List<Long> heapGrowthBytes, List<Long> oldGenGrowthBytes) {}

  /**
   * One tool and run kind of the incremental case.
   *
   * @param kind full, no-change or change
   * @param copied what each run copied: partsync's partitionsCopied, DistCp's copied files (COPY counter)
   * @param expected what each run should have copied: every partition, none, or the rewritten ones
   * @param details per run, for the JSON
   */
  record IncrementalRow(String toolKey, String tool, String kind, String kindLabel, List<Double> runs,
      List<Long> copied, List<Long> expected, List<Map<String, Object>> details) {
    double seconds() {
      return median(runs);
    }
  }

  /** The incremental case's source table and how many runs each of its figures has. */
  /** One run to two targets against two single-target runs: wall times and bytes read from the source. */
  record FanOutFigure(String label, long sourceBytes, List<Double> fanOutSeconds, List<Long> fanOutBytesRead,
      List<Double> separateSeconds, List<Long> separateBytesRead) {}

  record IncrementalSetup(String label, int partitions, int changedPercent, int partsyncRuns, int distcpRuns) {}

  /** {@code info}: printed and kept, but a figure to watch rather than a promise. */
  record Goal(String goal, boolean met, String figures, boolean info) {
    Goal(String goal, boolean met, String figures) {
      this(goal, met, figures, false);
    }
  }

  final Map<String, Object> header = new LinkedHashMap<>();
  final List<SyncRow> syncs = new ArrayList<>();
  MetastoreFigure metastore;
  final List<MemoryFigure> memory = new ArrayList<>();
  IncrementalSetup incrementalSetup;
  FanOutFigure fanOut;
  MixedBench.Figures mixed;
  BandwidthBench.Figures bandwidth;
  /** Filled row by row as the incremental case goes, so a failure part-way still reports what ran. */
  final List<IncrementalRow> incremental = new ArrayList<>();
  /** Every partsync run's peak copy buffer against its budget: [peak, budget]. */
  final List<long[]> partsyncBuffers = new ArrayList<>();
  private final Map<String, Object> notes = new LinkedHashMap<>();
  /** Appended to "medians of R runs", e.g. the warm-up rounds. */
  String runsNote = "";

  void note(String key, Object value) {
    notes.put(key, value);
  }

  static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static long medianLong(List<Long> values) {
    return Math.round(median(values.stream().map(Long::doubleValue).toList()));
  }

  private Optional<SyncRow> row(String caseKey, String toolKey) {
    return syncs.stream().filter(r -> r.caseKey().equals(caseKey) && r.toolKey().equals(toolKey)).findFirst();
  }

  private Optional<IncrementalRow> incrementalRow(String toolKey, String kind) {
    return incremental.stream().filter(r -> r.toolKey().equals(toolKey) && r.kind().equals(kind)).findFirst();
  }

  /** DistCp -update's wall time over partsync's for a partsync row of the incremental case. */
  private Optional<Double> distcpUpdateRatio(IncrementalRow row) {
    if (!row.toolKey().startsWith("partsync")) {
      return Optional.empty();
    }
    return incrementalRow("distcp-update", row.kind()).map(d -> d.seconds() / row.seconds());
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    if (!syncs.isEmpty()) {
      md.append("| tool | case | wall time s | MB | MB/s | ratio to DistCp | ratio to raw | all runs s |\n");
      md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (SyncRow row : syncs) {
        md.append("| ").append(row.tool()).append(" | ").append(row.caseLabel()).append(" | ")
            .append(fmt(row.seconds(), 2)).append(" | ").append(fmt(row.megabytes(), 1)).append(" | ")
            .append(fmt(row.megabytesPerSecond(), 1)).append(" | ")
            .append(ratio(row, row(row.caseKey(), "distcp"))).append(" | ")
            .append(ratio(row, row(row.caseKey(), "raw"))).append(" | ")
            .append(String.join(" / ", row.runs().stream().map(v -> fmt(v, 2)).toList())).append(" |\n");
      }
      md.append("\nWall times are medians of ").append(syncs.get(0).runs().size())
          .append(" runs").append(runsNote).append("; MB = 10^6 bytes of source data; ratios compare MB/s (above 1 is faster). The DistCp"
              + " reference is DistCp + add_partitions (the whole sync a DistCp user runs).\n");
    }
    if (metastore != null) {
      md.append("\n| tool | case | wall time s | partitions | partitions/s |\n");
      md.append("| --- | --- | ---: | ---: | ---: |\n");
      md.append("| partsync MetastoreClient.addPartitions | ").append(String.format(Locale.ROOT, "%,d", metastore.partitions()))
          .append(" new partitions, batch ").append(metastore.batchSize()).append(" | ")
          .append(fmt(metastore.seconds(), 2)).append(" | ").append(metastore.partitions()).append(" | ")
          .append(fmt(metastore.partitions() / metastore.seconds(), 0)).append(" |\n");
    }
    if (!memory.isEmpty()) {
      md.append("\n| run | file MiB | settings | copy buffer budget MiB | peakBufferBytes MiB | peak heap growth MiB"
          + " (all heap pools) | of which old gen MiB |\n");
      md.append("| --- | ---: | --- | ---: | ---: | ---: | ---: |\n");
      for (MemoryFigure m : memory) {
        md.append("| ").append(m.tool()).append(" | ").append(fmt(m.fileBytes() / 1048576.0, 0)).append(" | ")
            .append(m.settings()).append(" | ")
            .append(m.bufferBudgetBytes() == null ? "-" : fmt(m.bufferBudgetBytes() / 1048576.0, 1)).append(" | ")
            .append(m.peakBufferBytes().isEmpty() ? "-"
                : fmt(m.peakBufferBytes().stream().mapToLong(Long::longValue).max().orElse(0) / 1048576.0, 1))
            .append(" | ").append(fmt(medianLong(m.heapGrowthBytes()) / 1048576.0, 1)).append(" | ")
            .append(fmt(medianLong(m.oldGenGrowthBytes()) / 1048576.0, 1)).append(" |\n");
      }
      md.append("\npeakBufferBytes is the largest over all runs; heap growth is the median over runs.\n");
    }
    if (!incremental.isEmpty()) {
      incrementalMarkdown(md);
    }
    if (fanOut != null) {
      fanOutMarkdown(md);
    }
    if (mixed != null) {
      md.append(mixed.markdown());
    }
    if (bandwidth != null) {
      md.append(bandwidth.markdown());
    }
    List<Goal> goals = goals();
    if (!goals.isEmpty()) {
      md.append("\nGoals:\n\n");
      for (Goal goal : goals) {
        md.append("- ").append(goal.met() ? "MET" : "NOT MET").append(goal.info() ? " (info)" : "").append(": ").append(goal.goal()).append(" (")
            .append(goal.figures()).append(")\n");
      }
    }
    return md.toString();
  }

  private void fanOutMarkdown(StringBuilder md) {
    md.append("\nfan-out: ").append(fanOut.label()).append(" (").append(fmt(fanOut.sourceBytes() / 1e6, 1))
        .append(" MB) to two target clusters\n\n");
    md.append("| how | wall time s | MB read from the source | all runs s |\n| --- | ---: | ---: | ---: |\n");
    md.append("| one partsync run, two targets | ").append(fmt(median(fanOut.fanOutSeconds()), 2)).append(" | ")
        .append(fmt(medianLong(fanOut.fanOutBytesRead()) / 1e6, 1)).append(" | ")
        .append(String.join(" / ", fanOut.fanOutSeconds().stream().map(v -> fmt(v, 2)).toList())).append(" |\n");
    md.append("| two partsync runs, one target each | ").append(fmt(median(fanOut.separateSeconds()), 2)).append(" | ")
        .append(fmt(medianLong(fanOut.separateBytesRead()) / 1e6, 1)).append(" | ")
        .append(String.join(" / ", fanOut.separateSeconds().stream().map(v -> fmt(v, 2)).toList())).append(" |\n");
    md.append("\nMedians of ").append(fanOut.fanOutSeconds().size()).append(" runs after one uncounted warm-up"
        + " round; both targets emptied before each; bytes read are the source HDFS client's read statistics (data only; checksum calls read none).\n");
  }

  private void incrementalMarkdown(StringBuilder md) {
    md.append("\nincremental: ").append(incrementalSetup.label()).append("\n\n");
    md.append("| tool | run | wall time s | planning s | partitions copied | DistCp-update time / partsync time"
        + " | all runs s |\n");
    md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (IncrementalRow row : incremental) {
      List<Double> planning = row.details().stream().filter(d -> d.get("planningSeconds") instanceof Double)
          .map(d -> (Double) d.get("planningSeconds")).toList();
      md.append("| ").append(row.tool()).append(" | ").append(row.kindLabel()).append(" | ")
          .append(fmt(row.seconds(), 2)).append(" | ").append(planning.isEmpty() ? "-" : fmt(median(planning), 2))
          .append(" | ").append(copied(row.copied())).append(" | ")
          .append(distcpUpdateRatio(row).map(r -> fmt(r, 1) + "x").orElse("-")).append(" | ")
          .append(String.join(" / ", row.runs().stream().map(v -> fmt(v, 2)).toList())).append(" |\n");
    }
    md.append(String.format(Locale.ROOT, "%nFull copies are timed once per tool, each into an empty target. partsync"
        + " runs in incremental mode (housekeeping grace-period 0s); its no-change and changed figures are"
        + " medians of %d runs and its partitions copied is the run report's partitionsCopied. DistCp -update"
        + " figures are medians of %d run(s) (default 1: each DistCp -update compares every file's length and"
        + " checksum on both clusters, which takes long over 10,000 files). DistCp -update is a copy only: it"
        + " registers nothing in the metastore, and its partitions copied is the files it copied (one per"
        + " partition). Before each changed run, %d%% of the partitions are rewritten on the source.%n",
        incrementalSetup.partsyncRuns(), incrementalSetup.distcpRuns(), incrementalSetup.changedPercent()));
  }

  /** One count when every run copied the same, else each run's. */
  private static String copied(List<Long> copied) {
    return copied.stream().distinct().count() == 1 ? String.format(Locale.ROOT, "%,d", copied.get(0))
        : String.join(" / ", copied.stream().map(c -> String.format(Locale.ROOT, "%,d", c)).toList());
  }

  private static String ratio(SyncRow row, Optional<SyncRow> reference) {
    return reference.map(r -> fmt(row.megabytesPerSecond() / r.megabytesPerSecond(), 2) + "x").orElse("-");
  }

  List<Goal> goals() {
    List<Goal> goals = new ArrayList<>();
    Optional<SyncRow> mediumPartsync = row("medium", "partsync");
    Optional<SyncRow> mediumDistCp = row("medium", "distcp");
    Optional<SyncRow> mediumRaw = row("medium", "raw");
    Optional<SyncRow> smallPartsync = row("small", "partsync");
    Optional<SyncRow> smallDistCp = row("small", "distcp");
    if (mediumPartsync.isPresent() && mediumDistCp.isPresent()) {
      double r = mediumPartsync.get().megabytesPerSecond() / mediumDistCp.get().megabytesPerSecond();
      goals.add(new Goal("partsync >= 1.0x DistCp throughput on medium files", r >= 1.0,
          String.format(Locale.ROOT, "%.2fx: %.1f vs %.1f MB/s", r, mediumPartsync.get().megabytesPerSecond(),
              mediumDistCp.get().megabytesPerSecond())));
    }
    if (smallPartsync.isPresent() && smallDistCp.isPresent()) {
      double r = smallPartsync.get().megabytesPerSecond() / smallDistCp.get().megabytesPerSecond();
      goals.add(new Goal("partsync >= 3x DistCp throughput on small files", r >= 3.0,
          String.format(Locale.ROOT, "%.2fx: %.2f vs %.2f MB/s", r, smallPartsync.get().megabytesPerSecond(),
              smallDistCp.get().megabytesPerSecond())));
    }
    if (mediumPartsync.isPresent() && mediumRaw.isPresent()) {
      double r = mediumPartsync.get().megabytesPerSecond() / mediumRaw.get().megabytesPerSecond();
      goals.add(new Goal("partsync >= 70% of raw bandwidth on medium files", r >= 0.7,
          String.format(Locale.ROOT, "%.0f%%: %.1f vs %.1f MB/s", r * 100,
              mediumPartsync.get().megabytesPerSecond(), mediumRaw.get().megabytesPerSecond())));
    }
    if (metastore != null) {
      double limit = 30.0 * metastore.partitions() / 10_000;
      goals.add(new Goal(String.format(Locale.ROOT, "%,d partitions registered in <= %.1f s", metastore.partitions(),
          limit), metastore.seconds() <= limit, String.format(Locale.ROOT, "%.2f s", metastore.seconds())));
    }
    incrementalGoals(goals);
    if (mixed != null) {
      goals.addAll(mixed.goals());
    }
    if (bandwidth != null) {
      goals.addAll(bandwidth.goals());
    }
    if (!partsyncBuffers.isEmpty()) {
      boolean within = partsyncBuffers.stream().allMatch(b -> b[0] <= b[1]);
      long[] worst = partsyncBuffers.stream().max((a, b) -> Double.compare((double) a[0] / a[1],
          (double) b[0] / b[1])).orElseThrow();
      goals.add(new Goal("executor copy buffer never above its budget", within,
          String.format(Locale.ROOT, "%d partsync runs; highest peak %d of %d bytes budget", partsyncBuffers.size(),
              worst[0], worst[1])));
    }
    return goals;
  }

  private void incrementalGoals(List<Goal> goals) {
    Optional<IncrementalRow> noChange = incrementalRow("partsync", "no-change");
    if (noChange.isPresent()) {
      goals.add(new Goal(String.format(Locale.ROOT, "partsync no-change run under 10 s end to end on %,d partitions",
          incrementalSetup.partitions()), noChange.get().seconds() < 10,
          String.format(Locale.ROOT, "%.2f s", noChange.get().seconds())));
    }
    tenTimes(goals, "no-change", "no-change", false);
    tenTimes(goals, "change", incrementalSetup == null ? "" : incrementalSetup.changedPercent() + "%-change", true);
    if (!incremental.isEmpty()) {
      List<String> wrong = new ArrayList<>();
      int runs = 0;
      for (IncrementalRow row : incremental) {
        for (int i = 0; i < row.copied().size(); i++) {
          runs++;
          if (!row.copied().get(i).equals(row.expected().get(i))) {
            wrong.add(String.format(Locale.ROOT, "%s %s run %d copied %,d, expected %,d", row.tool(), row.kindLabel(),
                i + 1, row.copied().get(i), row.expected().get(i)));
          }
        }
      }
      goals.add(new Goal("every incremental-case run copies exactly what changed", wrong.isEmpty(),
          wrong.isEmpty() ? runs + " runs of partsync and DistCp -update" : String.join("; ", wrong)));
    }
  }

  private void tenTimes(List<Goal> goals, String kind, String label, boolean info) {
    Optional<IncrementalRow> partsync = incrementalRow("partsync", kind);
    if (partsync.isEmpty()) {
      return;
    }
    distcpUpdateRatio(partsync.get()).ifPresent(r -> goals.add(new Goal("partsync " + label
        + " run at least 10x faster than distcp -update", r >= 10, String.format(Locale.ROOT, "%.1fx: %.2f vs %.2f s",
        r, partsync.get().seconds(), partsync.get().seconds() * r), info)));
  }

  Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>(header);
    map.put("notes", notes);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (SyncRow row : syncs) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("case", row.caseKey());
      r.put("caseLabel", row.caseLabel());
      r.put("toolKey", row.toolKey());
      r.put("tool", row.tool());
      r.put("seconds", round(row.seconds()));
      r.put("megabytes", round(row.megabytes()));
      r.put("megabytesPerSecond", round(row.megabytesPerSecond()));
      row(row.caseKey(), "distcp").ifPresent(d -> r.put("ratioToDistCp",
          round(row.megabytesPerSecond() / d.megabytesPerSecond())));
      row(row.caseKey(), "raw").ifPresent(d -> r.put("ratioToRaw",
          round(row.megabytesPerSecond() / d.megabytesPerSecond())));
      r.put("runsSeconds", row.runs().stream().map(Results::round).toList());
      r.put("details", row.details());
      rows.add(r);
    }
    map.put("syncs", rows);
    if (metastore != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("partitions", metastore.partitions());
      m.put("batchSize", metastore.batchSize());
      m.put("seconds", round(metastore.seconds()));
      m.put("partitionsPerSecond", round(metastore.partitions() / metastore.seconds()));
      m.put("runsSeconds", metastore.runs().stream().map(Results::round).toList());
      map.put("metastore", m);
    }
    List<Map<String, Object>> mem = new ArrayList<>();
    for (MemoryFigure m : memory) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("tool", m.tool());
      entry.put("fileBytes", m.fileBytes());
      entry.put("settings", m.settings());
      entry.put("bufferBudgetBytes", m.bufferBudgetBytes());
      entry.put("peakBufferBytes", m.peakBufferBytes());
      entry.put("heapGrowthBytes", m.heapGrowthBytes());
      entry.put("oldGenGrowthBytes", m.oldGenGrowthBytes());
      mem.add(entry);
    }
    map.put("memory", mem);
    if (incrementalSetup != null) {
      map.put("incremental", incrementalMap());
    }
    if (fanOut != null) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("label", fanOut.label());
      f.put("sourceBytes", fanOut.sourceBytes());
      f.put("oneRunSeconds", round(median(fanOut.fanOutSeconds())));
      f.put("oneRunBytesRead", medianLong(fanOut.fanOutBytesRead()));
      f.put("twoRunsSeconds", round(median(fanOut.separateSeconds())));
      f.put("twoRunsBytesRead", medianLong(fanOut.separateBytesRead()));
      f.put("oneRunRunsSeconds", fanOut.fanOutSeconds().stream().map(Results::round).toList());
      f.put("twoRunsRunsSeconds", fanOut.separateSeconds().stream().map(Results::round).toList());
      map.put("fanOut", f);
    }
    if (mixed != null) {
      map.put("mixed", mixed.asMap());
    }
    if (bandwidth != null) {
      map.put("bandwidth", bandwidth.asMap());
    }
    List<Map<String, Object>> goalList = new ArrayList<>();
    for (Goal goal : goals()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("goal", goal.goal());
      entry.put("met", goal.met());
      entry.put("figures", goal.figures());
      if (goal.info()) {
        entry.put("info", true);
      }
      goalList.add(entry);
    }
    map.put("goals", goalList);
    return map;
  }

  private Map<String, Object> incrementalMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("label", incrementalSetup.label());
    map.put("partitions", incrementalSetup.partitions());
    map.put("changedPercent", incrementalSetup.changedPercent());
    map.put("partsyncRuns", incrementalSetup.partsyncRuns());
    map.put("distcpUpdateRuns", incrementalSetup.distcpRuns());
    map.put("distcpUpdateNote", "copy only: DistCp -update registers nothing in the metastore");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (IncrementalRow row : incremental) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("toolKey", row.toolKey());
      r.put("tool", row.tool());
      r.put("kind", row.kind());
      r.put("seconds", round(row.seconds()));
      distcpUpdateRatio(row).ifPresent(ratio -> r.put("ratioDistCpUpdateToPartsync", round(ratio)));
      r.put("runsSeconds", row.runs().stream().map(Results::round).toList());
      r.put("copied", row.copied());
      r.put("expectedCopied", row.expected());
      r.put("details", row.details());
      rows.add(r);
    }
    map.put("rows", rows);
    return map;
  }

  void write(Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Files.writeString(absolute, JSON.writeValueAsString(asMap()) + "\n");
  }

  /** MB/s of this run against an earlier results file, per case and tool. */
  String compare(String earlierJson) throws IOException {
    JsonNode old = JSON.readTree(earlierJson);
    Map<String, Double> before = new HashMap<>();
    for (JsonNode row : old.path("syncs")) {
      before.put(row.path("case").asText() + "/" + row.path("tool").asText(),
          row.path("megabytesPerSecond").asDouble());
    }
    StringBuilder md = new StringBuilder("| tool | case | earlier MB/s | now MB/s | change |\n"
        + "| --- | --- | ---: | ---: | ---: |\n");
    for (SyncRow row : syncs) {
      Double then = before.get(row.caseKey() + "/" + row.tool());
      md.append("| ").append(row.tool()).append(" | ").append(row.caseLabel()).append(" | ")
          .append(then == null ? "-" : fmt(then, 1)).append(" | ").append(fmt(row.megabytesPerSecond(), 1))
          .append(" | ").append(then == null ? "-" : String.format(Locale.ROOT, "%+.0f%%",
              (row.megabytesPerSecond() / then - 1) * 100)).append(" |\n");
    }
    JsonNode oldMetastore = old.path("metastore");
    if (metastore != null && oldMetastore.has("seconds")) {
      md.append("\nmetastore: ").append(fmt(oldMetastore.path("seconds").asDouble(), 2)).append(" s earlier, ")
          .append(fmt(metastore.seconds(), 2)).append(" s now\n");
    }
    return md.toString();
  }

  static String fmt(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
