package io.partsync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's command-line flags, {@code --name value} or {@code --name=value}. They come from the
 * program arguments and from the system property {@code bench.args} (what {@code -Dbench.args="..."}
 * on the Maven command line sets), split on white space.
 */
record BenchOptions(
    int parallelism,
    int runs,
    Set<String> cases,
    Set<String> tools,
    int mediumWarmup,
    int smallWarmup,
    int mediumPartitions,
    int mediumFilesPerPartition,
    long mediumFileBytes,
    int smallFiles,
    int smallPartitions,
    long smallFileBytes,
    int metastorePartitions,
    int metastoreBatch,
    long memoryFileBytes,
    String memoryExecutorMemory,
    double memoryBufferFraction,
    int incrementalPartitions,
    long incrementalFileBytes,
    int incrementalChangePercent,
    int incrementalDistcpRuns,
    MixedOptions mixed,
    String partsyncMemory,
    Integer partsyncStreams,
    int scalePartitions,
    long scaleFileBytes,
    String scaleDriverHeap,
    String out,
    String workDir,
    String compare,
    OneFileBench.Options onefile,
    BandwidthBench.Options bandwidth,
    S3Bench.Options s3) {

  static final List<String> ALL_CASES = List.of("medium", "small", "metastore", "memory", "incremental",
      "fanout", "mixed", "onefile", "scale", "bandwidth", "s3");
  /**
   * Every case but scale, whose 100,000 partitions take most of an hour on their own, bandwidth, which
   * measures a cap, not a speed, and s3, which starts an S3 server and a third cluster of its own.
   */
  static final List<String> DEFAULT_CASES = ALL_CASES.stream()
      .filter(c -> !c.equals("scale") && !c.equals("bandwidth") && !c.equals("s3")).toList();
  static final List<String> DEFAULT_TOOLS = List.of("partsync", "distcp", "spark", "raw");
  /** Diagnostic variants, run only when listed: partsync with {@code verify: size}. */
  static final List<String> ALL_TOOLS = List.of("partsync", "partsync-size", "distcp", "spark", "raw");

  static final String USAGE = String.join("\n",
      "usage: Bench [flags]   (through Maven: -Dbench.args=\"flags\")",
      "  --n N                        parallelism: partsync virtual executors, DistCp maps, Spark local[N],",
      "                               raw copy threads (default 4)",
      "  --runs R                     runs per figure; each figure is the median (default 3)",
      "  --cases a,b                  of medium, small, metastore, memory, incremental, fanout, mixed,",
      "                               onefile, scale, bandwidth, s3 (default all but scale, bandwidth",
      "                               and s3)",
      "  --tools a,b                  of partsync, distcp, spark, raw (default all four), and the",
      "                               diagnostic partsync-size (partsync with verify: size)",
      "  --medium-warmup W            uncounted rounds of all tools before the medium runs (default 1)",
      "  --small-warmup W             the same for the small-file runs (default 0)",
      "  --medium-partitions P        (default 16)",
      "  --medium-files F             files per partition (default 4)",
      "  --medium-file-mb M           MiB per file (default 16)",
      "  --small-files F              (default 5000)",
      "  --small-partitions P         (default 500)",
      "  --small-file-kb K            KiB per file (default 16)",
      "  --metastore-partitions P     partitions registered at once (default 10000)",
      "  --metastore-batch B          partsync metastore.batch-size (default 500)",
      "  --memory-file-mb M           file copied with a small executor budget (default 64)",
      "  --memory-executor-memory S   executors.memory for that run (default 16m)",
      "  --memory-buffer-fraction F   executors.buffer-fraction for that run (default 0.5)",
      "  --incremental-partitions P   incremental case: partitions of one file each (default 10000)",
      "  --incremental-file-kb K      KiB per file (default 4)",
      "  --incremental-change-percent C",
      "                               percent of the partitions rewritten before each changed run (default 1)",
      "  --incremental-distcp-runs R  runs behind each distcp -update figure (default 1: one distcp -update",
      "                               over 10,000 files takes minutes)",
      "  --mixed-n N1,N2              mixed case: the parallelisms to run it at (default 2,4), each <= --n",
      "  --mixed-warmup W             uncounted rounds of all tools at each N first (default 0)",
      "  --mixed-big-mb M             the big table's one file in one partition, MiB (default 1024)",
      "  --mixed-tiny-partitions P    the tiny table's one-file partitions (default 5000)",
      "  --mixed-tiny-bytes B         bytes per tiny file (default 48)",
      "  --mixed-medium-partitions P  the medium table's partitions (default 16)",
      "  --mixed-medium-files F       files per medium partition (default 4)",
      "  --mixed-medium-file-mb M     MiB per medium file (default 12, so the medium table is not the big",
      "                               file's size: a tie would let a bytes-only balance look fair)",
      "  --partsync-memory S          executors.memory for the sync runs (default 512m)",
      "  --partsync-streams S         executors.streams for the sync runs (default: partsync's default)",
      "  --scale-partitions P         scale case: partitions of one file each (default 100000)",
      "  --scale-file-bytes B         bytes per file (default 1024)",
      "  --scale-driver-heap S        -Xmx of the partsync driver JVM (default 1g)",
      "  --out FILE                   JSON results (default target/bench-results.json)",
      "  --work-dir DIR               clusters' data, emptied first (default target/bench-work)",
      "  --compare FILE               also print MB/s against an earlier results JSON",
      "  --onefile-partitions P       onefile case: partitions of one file each (default 5000)",
      "  --onefile-bytes B            bytes per file (default 64)",
      "  --onefile-n N,M              the N to run it at (default 2,4; Spark has --n slots, so an N above",
      "                               --n runs partsync's executors in turns)",
      "  --bandwidth-partitions P     bandwidth case: partitions (default 4)",
      "  --bandwidth-files F          files (default 16)",
      "  --bandwidth-file-mb M        MiB per file (default 16)",
      "  --bandwidth-n N              virtual executors (default 2)",
      "  --bandwidth-caps C1,C2       bandwidth.per-executor caps to run with, MB/s (default 20,50)",
      "  --bandwidth-per-run C        a bandwidth.per-run cap to run with, MB/s, or none (default 60)",
      "  --s3-medium-partitions P     s3 case (an S3 target; runs partsync, partsync-size and distcp of",
      "                               --tools): medium table's partitions (default 16)",
      "  --s3-medium-files F          files per medium partition (default 4)",
      "  --s3-medium-file-mb M        MiB per medium file (default 16)",
      "  --s3-small-files F           (default 2000)",
      "  --s3-small-partitions P      (default 200)",
      "  --s3-small-file-kb K         KiB per small file (default 16)",
      "  --s3-warmup W                uncounted rounds of each tool on a tiny table first (default 1)");

  static BenchOptions parse(String[] args, String propertyArgs) {
    List<String> all = new ArrayList<>(List.of(args));
    if (propertyArgs != null && !propertyArgs.isBlank()) {
      all.addAll(List.of(propertyArgs.trim().split("\\s+")));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < all.size(); i++) {
      String arg = all.get(i);
      if (arg.equals("--help") || arg.equals("-h")) {
        throw new IllegalArgumentException(USAGE);
      }
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + arg + "'\n" + USAGE);
      }
      String name = arg.substring(2);
      String value;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      } else if (i + 1 < all.size()) {
        value = all.get(++i);
      } else {
        throw new IllegalArgumentException("flag --" + name + " needs a value\n" + USAGE);
      }
      values.put(name, value);
    }
    Reader r = new Reader(values);
    BenchOptions options = new BenchOptions(
        r.positive("n", 4),
        r.positive("runs", 3),
        r.names("cases", ALL_CASES, DEFAULT_CASES),
        r.names("tools", ALL_TOOLS, DEFAULT_TOOLS),
        r.count("medium-warmup", 1),
        r.count("small-warmup", 0),
        r.positive("medium-partitions", 16),
        r.positive("medium-files", 4),
        r.positive("medium-file-mb", 16) * (1L << 20),
        r.positive("small-files", 5000),
        r.positive("small-partitions", 500),
        r.positive("small-file-kb", 16) * 1024L,
        r.positive("metastore-partitions", 10_000),
        r.positive("metastore-batch", 500),
        r.positive("memory-file-mb", 64) * (1L << 20),
        r.text("memory-executor-memory", "16m"),
        Double.parseDouble(r.text("memory-buffer-fraction", "0.5")),
        r.positive("incremental-partitions", 10_000),
        r.positive("incremental-file-kb", 4) * 1024L,
        r.positive("incremental-change-percent", 1),
        r.positive("incremental-distcp-runs", 1),
        MixedOptions.read(r),
        r.text("partsync-memory", "512m"),
        values.containsKey("partsync-streams") ? r.positive("partsync-streams", 4) : null,
        r.positive("scale-partitions", 100_000),
        r.positive("scale-file-bytes", 1024),
        r.text("scale-driver-heap", "1g"),
        r.text("out", "target/bench-results.json"),
        r.text("work-dir", "target/bench-work"),
        r.text("compare", null),
        OneFileBench.Options.of(r.positive("onefile-partitions", 5000), r.positive("onefile-bytes", 64),
            r.text("onefile-n", "2,4")),
        BandwidthBench.Options.read(r),
        S3Bench.Options.read(r));
    if (!r.unused().isEmpty()) {
      throw new IllegalArgumentException("unknown flag(s) " + r.unused() + "\n" + USAGE);
    }
    if (options.smallPartitions() > options.smallFiles()) {
      throw new IllegalArgumentException("--small-partitions must not exceed --small-files");
    }
    options.mixed().check(options.parallelism(), options.cases());
    if (options.incrementalChangePercent() > 100) {
      throw new IllegalArgumentException("--incremental-change-percent must not exceed 100");
    }
    return options;
  }

  /** The options as plain values, for the JSON results. */
  Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("n", parallelism);
    map.put("runs", runs);
    map.put("cases", List.copyOf(cases));
    map.put("tools", List.copyOf(tools));
    map.put("mediumWarmup", mediumWarmup);
    map.put("smallWarmup", smallWarmup);
    map.put("mediumPartitions", mediumPartitions);
    map.put("mediumFilesPerPartition", mediumFilesPerPartition);
    map.put("mediumFileBytes", mediumFileBytes);
    map.put("smallFiles", smallFiles);
    map.put("smallPartitions", smallPartitions);
    map.put("smallFileBytes", smallFileBytes);
    map.put("metastorePartitions", metastorePartitions);
    map.put("metastoreBatch", metastoreBatch);
    map.put("memoryFileBytes", memoryFileBytes);
    map.put("memoryExecutorMemory", memoryExecutorMemory);
    map.put("memoryBufferFraction", memoryBufferFraction);
    map.put("incrementalPartitions", incrementalPartitions);
    map.put("incrementalFileBytes", incrementalFileBytes);
    map.put("incrementalChangePercent", incrementalChangePercent);
    map.put("incrementalDistcpRuns", incrementalDistcpRuns);
    map.put("mixed", mixed.asMap());
    map.put("partsyncMemory", partsyncMemory);
    map.put("partsyncStreams", partsyncStreams == null ? "default" : partsyncStreams);
    map.put("onefile", onefile.asMap());
    map.put("bandwidth", bandwidth.asMap());
    map.put("scalePartitions", scalePartitions);
    map.put("scaleFileBytes", scaleFileBytes);
    map.put("scaleDriverHeap", scaleDriverHeap);
    map.put("s3", s3.asMap());
    return map;
  }

  static final class Reader {
    private final Map<String, String> values;
    private final Set<String> used = new java.util.HashSet<>();

    Reader(Map<String, String> values) {
      this.values = values;
    }

    String text(String name, String fallback) {
      used.add(name);
      return values.getOrDefault(name, fallback);
    }

    int positive(String name, int fallback) {
      String text = text(name, null);
      if (text == null) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(text.replace("_", "").replace(",", ""));
        if (value >= 1) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException("--" + name + " must be a whole number of at least 1, got '" + text
          + "'");
    }

    int count(String name, int fallback) {
      String text = text(name, null);
      if (text == null) {
        return fallback;
      }
      try {
        int value = Integer.parseInt(text);
        if (value >= 0) {
          return value;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException("--" + name + " must be a whole number of at least 0, got '" + text + "'");
    }

    Set<String> names(String name, List<String> allowed, List<String> defaults) {
      String text = text(name, null);
      if (text == null) {
        return new java.util.LinkedHashSet<>(defaults);
      }
      Set<String> chosen = new java.util.LinkedHashSet<>();
      for (String item : text.toLowerCase(Locale.ROOT).split(",")) {
        if (!allowed.contains(item.trim())) {
          throw new IllegalArgumentException("--" + name + ": '" + item + "' is not one of " + allowed);
        }
        chosen.add(item.trim());
      }
      // Keep the canonical order, so DistCp and raw are measured whichever order the flag lists them in.
      Set<String> ordered = new java.util.LinkedHashSet<>();
      allowed.stream().filter(chosen::contains).forEach(ordered::add);
      return ordered;
    }

    List<String> unused() {
      return values.keySet().stream().filter(k -> !used.contains(k)).toList();
    }
  }
}
