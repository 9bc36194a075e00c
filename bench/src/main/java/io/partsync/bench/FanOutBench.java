package io.partsync.bench;

import io.partsync.ExitCode;
import io.partsync.PartSync;
import io.partsync.config.ConfigLoader;
import io.partsync.embedded.EmbeddedCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fan-out case: one table synced to two target clusters, by one partsync run with both targets
 * against two single-target runs one after the other; each measured as total wall time and bytes read
 * from the source cluster. Both targets are emptied before each measurement.
 */
final class FanOutBench {
  private static final Logger LOG = LoggerFactory.getLogger(FanOutBench.class);
  static final String TABLE = "fanout";

  private final BenchOptions options;
  private final EmbeddedCluster source;
  private final EmbeddedCluster first;
  private final TargetSide firstSide;
  private final JavaSparkContext spark;
  private final Path workDir;
  private final Results results;

  FanOutBench(BenchOptions options, EmbeddedCluster source, EmbeddedCluster first, TargetSide firstSide,
      JavaSparkContext spark, Path workDir, Results results) {
    this.options = options;
    this.source = source;
    this.first = first;
    this.firstSide = firstSide;
    this.spark = spark;
    this.workDir = workDir;
    this.results = results;
  }

  void run(String firstDatabaseLocation) throws Exception {
    EmbeddedCluster second = EmbeddedCluster.start("second-target", workDir);
    try (TargetSide secondSide = new TargetSide(second)) {
      String secondDatabaseLocation = secondSide.ensureDatabase(Bench.DATABASE);
      BenchTable table = SourceData.create(TABLE, source, firstDatabaseLocation, Bench.DATABASE, TABLE,
          options.mediumPartitions(), options.mediumPartitions() * options.mediumFilesPerPartition(),
          options.mediumFileBytes(), options.parallelism());
      BenchTable onSecond = new BenchTable(table.caseName(), table.database(), table.name(), table.sourceDir(),
          secondDatabaseLocation + "/" + TABLE, table.partitionValues(), table.files(), table.bytes());
      List<Double> fanOutSeconds = new ArrayList<>();
      List<Long> fanOutBytes = new ArrayList<>();
      List<Double> separateSeconds = new ArrayList<>();
      List<Long> separateBytes = new ArrayList<>();
      // Round 0 is an uncounted warm-up of both ways: the first partsync run in a JVM pays for class loading
      // and JIT, and the second cluster's first writes for its own start-up.
      for (int run = 0; run <= options.runs(); run++) {
        if (run == 0) {
          firstSide.reset(table);
          secondSide.reset(onSecond);
          sync(targets(second, true, true));
          firstSide.reset(table);
          secondSide.reset(onSecond);
          sync(targets(second, true, false));
          sync(targets(second, false, true));
          continue;
        }
        firstSide.reset(table);
        secondSide.reset(onSecond);
        long read = SourceHdfs.bytesRead();
        fanOutSeconds.add(sync(targets(second, true, true)));
        fanOutBytes.add(SourceHdfs.bytesRead() - read);
        firstSide.reset(table);
        secondSide.reset(onSecond);
        read = SourceHdfs.bytesRead();
        separateSeconds.add(sync(targets(second, true, false)) + sync(targets(second, false, true)));
        separateBytes.add(SourceHdfs.bytesRead() - read);
        LOG.info("fan-out run {}: one run {} s, {} bytes read; two runs {} s, {} bytes read", run,
            fmt(fanOutSeconds.get(run - 1)), fanOutBytes.get(run - 1), fmt(separateSeconds.get(run - 1)),
            separateBytes.get(run - 1));
      }
      results.fanOut = new Results.FanOutFigure(String.format(Locale.ROOT, "%d files x %d MiB in %d partitions",
          table.files(), options.mediumFileBytes() >> 20, options.mediumPartitions()), table.bytes(),
          fanOutSeconds, fanOutBytes, separateSeconds, separateBytes);
      firstSide.reset(table);
      secondSide.reset(onSecond);
    }
  }

  private String targets(EmbeddedCluster second, boolean toFirst, boolean toSecond) {
    StringBuilder yaml = new StringBuilder("targets:\n");
    if (toFirst) {
      yaml.append(target("first", first));
    }
    if (toSecond) {
      yaml.append(target("second", second));
    }
    return yaml.toString();
  }

  private static String target(String name, EmbeddedCluster cluster) {
    return "  - name: " + name + "\n    default-fs: " + cluster.defaultFs() + "\n    metastore-uris: "
        + cluster.metastoreUri() + "\n    properties:\n      " + EmbeddedCluster.FAST_CLOSE_KEY + ": \"10\"\n";
  }

  /** One partsync run of the table to the given targets; its wall time in seconds. */
  private double sync(String targets) throws Exception {
    String yaml = String.join("\n",
        "source:",
        "  default-fs: " + source.defaultFs(),
        "  metastore-uris: " + source.metastoreUri(),
        "  properties:",
        "    fs.hdfs.impl: " + SourceHdfs.class.getName(),
        "    " + EmbeddedCluster.FAST_CLOSE_KEY + ": \"10\"",
        "") + targets + String.join("\n",
        "executors:",
        "  count: " + options.parallelism(),
        "  memory: " + options.partsyncMemory(),
        "tables:",
        "  - " + Bench.DATABASE + "." + TABLE,
        "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long started = System.nanoTime();
    ExitCode code;
    try (PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      code = PartSync.run(ConfigLoader.parse(yaml, "fanout.yaml"), spark, stream, stream);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    if (code != ExitCode.SUCCESS) {
      throw new IllegalStateException("partsync exited with " + code + ":\n" + out.toString(StandardCharsets.UTF_8));
    }
    return seconds;
  }

  private static String fmt(double seconds) {
    return String.format(Locale.ROOT, "%.2f", seconds);
  }
}
