package io.partsync.bench;

import io.partsync.ExitCode;
import io.partsync.PartSync;
import io.partsync.config.ConfigLoader;
import io.partsync.embedded.EmbeddedCluster;
import io.partsync.embedded.S3Server;
import io.partsync.report.ReportWriter;
import io.partsync.report.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.spark.api.java.JavaSparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3 target case: a cloud cluster whose metastore warehouse is on S3 (a real S3 API server on
 * loopback), filled from the benchmark's source cluster by partsync and by DistCp -direct -update +
 * add_partitions, with medium and small files. Each tool's S3 traffic passes a {@link CountingProxy}, so
 * the figures include the bytes uploaded and downloaded; the target metastore's own S3 traffic (creating
 * and checking directories) passes a second one and is shown apart. After every run the target table's
 * partitions are checked in the metastore (registered, located on S3) and its objects listed through S3A
 * directly (not through the proxies, so checking costs no counted bytes).
 */
final class S3Bench {
  private static final Logger LOG = LoggerFactory.getLogger(S3Bench.class);
  static final String BUCKET = "bucket";
  private static final String STORE = "s3a://" + BUCKET;
  private static final String WAREHOUSE = STORE + "/warehouse";
  /** Where DistCp writes: a directory of its own beside the warehouse, as a DistCp user would choose. */
  private static final String DISTCP_ROOT = STORE + "/distcp";
  private static final String ENDPOINT_KEY = "fs.s3a.endpoint";

  /** The case's own sizes; the tools and N are the benchmark's. */
  record Options(int mediumPartitions, int mediumFilesPerPartition, long mediumFileBytes, int smallFiles,
      int smallPartitions, long smallFileBytes, int warmup) {

    static Options read(BenchOptions.Reader r) {
      Options options = new Options(
          r.positive("s3-medium-partitions", 16),
          r.positive("s3-medium-files", 4),
          r.positive("s3-medium-file-mb", 16) * (1L << 20),
          r.positive("s3-small-files", 2000),
          r.positive("s3-small-partitions", 200),
          r.positive("s3-small-file-kb", 16) * 1024L,
          r.count("s3-warmup", 1));
      if (options.smallPartitions() > options.smallFiles()) {
        throw new IllegalArgumentException("--s3-small-partitions must not exceed --s3-small-files");
      }
      return options;
    }

    Map<String, Object> asMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("mediumPartitions", mediumPartitions);
      map.put("mediumFilesPerPartition", mediumFilesPerPartition);
      map.put("mediumFileBytes", mediumFileBytes);
      map.put("smallFiles", smallFiles);
      map.put("smallPartitions", smallPartitions);
      map.put("smallFileBytes", smallFileBytes);
      map.put("warmup", warmup);
      return map;
    }
  }

  /**
   * One tool on one case; figures are medians over its runs.
   *
   * @param tools the tool's own S3 traffic per run
   * @param metastore the target metastore's S3 traffic during each run (its table and partition directories)
   */
  record Row(String caseLabel, String toolKey, String tool, long files, long bytes, List<Double> seconds,
      List<CountingProxy.Traffic> tools, List<CountingProxy.Traffic> metastore, List<Map<String, Object>> runs) {

    double medianSeconds() {
      return Results.median(seconds);
    }

    long median(java.util.function.ToLongFunction<CountingProxy.Traffic> figure, List<CountingProxy.Traffic> of) {
      return Results.medianLong(of.stream().map(figure::applyAsLong).toList());
    }
  }

  /** The rows so far, kept by the caller so that a failure part-way still reports what ran. */
  static final class Figures {
    final List<Row> rows = new ArrayList<>();

    String markdown() {
      if (rows.isEmpty()) {
        return "";
      }
      StringBuilder md = new StringBuilder("\nS3 target (S3A through a counting proxy to one S3 server on"
          + " loopback)\n\n| tool | case | wall time s | MB/s | files/s | uploaded MB | downloaded MB |"
          + " downloaded / data | metastore S3 up / down MB | all runs s |\n"
          + "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (Row row : rows) {
        double seconds = row.medianSeconds();
        long down = row.median(CountingProxy.Traffic::downloaded, row.tools());
        md.append("| ").append(row.tool()).append(" | ").append(row.caseLabel()).append(" | ")
            .append(fmt(seconds, 2)).append(" | ")
            .append(fmt(row.bytes() / 1e6 / seconds, 1)).append(" | ")
            .append(fmt(row.files() / seconds, 1)).append(" | ")
            .append(fmt(row.median(CountingProxy.Traffic::uploaded, row.tools()) / 1e6, 1)).append(" | ")
            .append(fmt(down / 1e6, 1)).append(" | ")
            .append(fmt((double) down / row.bytes(), 2)).append(" | ")
            .append(fmt(row.median(CountingProxy.Traffic::uploaded, row.metastore()) / 1e6, 2)).append(" / ")
            .append(fmt(row.median(CountingProxy.Traffic::downloaded, row.metastore()) / 1e6, 2)).append(" | ")
            .append(String.join(" / ", row.seconds().stream().map(v -> fmt(v, 2)).toList())).append(" |\n");
      }
      md.append("\nMB = 10^6 bytes; uploaded and downloaded are TCP payload (HTTP headers and bodies) between the"
          + " tool's S3A clients and the server, counted from just before the run to its end; data is the"
          + " table's bytes. Every run was checked afterwards: partitions registered on S3, objects and bytes"
          + " as on the source.\n");
      return md.toString();
    }

    List<Map<String, Object>> asList() {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Row row : rows) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("case", row.caseLabel());
        map.put("tool", row.toolKey());
        map.put("files", row.files());
        map.put("bytes", row.bytes());
        map.put("seconds", row.seconds());
        map.put("toolTraffic", row.tools());
        map.put("metastoreTraffic", row.metastore());
        map.put("runs", row.runs());
        list.add(map);
      }
      return list;
    }
  }

  private final BenchOptions options;
  private final EmbeddedCluster source;
  private final JavaSparkContext spark;
  private final Path workDir;
  private final Figures figures;

  S3Bench(BenchOptions options, EmbeddedCluster source, JavaSparkContext spark, Path workDir, Figures figures) {
    this.options = options;
    this.source = source;
    this.spark = spark;
    this.workDir = workDir;
    this.figures = figures;
  }

  void run() throws Exception {
    Options sizes = options.s3();
    try (S3Server s3 = S3Server.start(workDir, BUCKET);
        CountingProxy toolProxy = proxy("tools", s3);
        CountingProxy metastoreProxy = proxy("metastore", s3)) {
      LOG.info("S3 server at {}, tools through {}, the target metastore through {}", s3.endpoint(),
          toolProxy.endpoint(), metastoreProxy.endpoint());
      EmbeddedCluster target = EmbeddedCluster.startWithWarehouse("s3-target", workDir, WAREHOUSE,
          withEndpoint(s3.s3aProperties(), metastoreProxy.endpoint()));
      Configuration direct = new Configuration();
      s3.s3aProperties().forEach(direct::set);
      try (TargetSide side = new TargetSide(target, FileSystem.newInstance(URI.create(STORE), direct))) {
        String databaseLocation = side.ensureDatabase(Bench.DATABASE);
        Run measured = new Run(target, side, toolProxy, metastoreProxy,
            withEndpoint(s3.s3aProperties(), toolProxy.endpoint()), databaseLocation, s3);
        if (sizes.warmup() > 0) {
          BenchTable warm = table("s3_warmup", 4, 8, 64 * 1024);
          measured.rounds(warm, "warm-up", sizes.warmup(), false);
        }
        BenchTable medium = table("s3_medium", sizes.mediumPartitions(),
            sizes.mediumPartitions() * sizes.mediumFilesPerPartition(), sizes.mediumFileBytes());
        measured.rounds(medium, String.format(Locale.ROOT, "medium: %d files x %s in %d partitions", medium.files(),
            size(sizes.mediumFileBytes()), sizes.mediumPartitions()), options.runs(), true);
        BenchTable small = table("s3_small", sizes.smallPartitions(), sizes.smallFiles(), sizes.smallFileBytes());
        measured.rounds(small, String.format(Locale.ROOT, "small: %,d files x %s in %d partitions", small.files(),
            size(sizes.smallFileBytes()), sizes.smallPartitions()), options.runs(), true);
      } finally {
        target.close();
      }
    }
  }

  private static CountingProxy proxy(String name, S3Server s3) throws java.io.IOException {
    URI endpoint = URI.create(s3.endpoint());
    return CountingProxy.start(name, endpoint.getHost(), endpoint.getPort());
  }

  private static Map<String, String> withEndpoint(Map<String, String> properties, String endpoint) {
    Map<String, String> copy = new LinkedHashMap<>(properties);
    copy.put(ENDPOINT_KEY, endpoint);
    return copy;
  }

  /** A source table; its target directory is set per tool (see {@link Run#on}). */
  private BenchTable table(String name, int partitions, int files, long fileBytes) throws Exception {
    return SourceData.create("s3", source, WAREHOUSE, Bench.DATABASE, name, partitions, files, fileBytes,
        options.parallelism());
  }

  /** The tools against one S3 target, and what they are measured and checked with. */
  private final class Run {
    private final TargetSide side;
    private final CountingProxy toolProxy;
    private final CountingProxy metastoreProxy;
    private final String databaseLocation;
    private final S3Server s3;
    private final List<SyncTool> tools = new ArrayList<>();

    Run(EmbeddedCluster target, TargetSide side, CountingProxy toolProxy, CountingProxy metastoreProxy,
        Map<String, String> toolProperties, String databaseLocation, S3Server s3) {
      this.s3 = s3;
      this.side = side;
      this.toolProxy = toolProxy;
      this.metastoreProxy = metastoreProxy;
      this.databaseLocation = databaseLocation;
      String targetSection = targetSection(target, metastoreProxy.endpoint(), toolProxy.endpoint());
      for (String key : options.tools()) {
        switch (key) {
          case "partsync" -> tools.add(new Partsync(targetSection, "checksum"));
          case "partsync-size" -> tools.add(new Partsync(targetSection, "size"));
          // DistCp's mkdirs of every partition directory leave markers the metastore would take for files.
          case "distcp" -> tools.add(DistCpTool.toObjectStore(side, options.parallelism(), workDir, toolProperties,
              () -> DirectoryMarkers.demote(s3, BUCKET)));
          default -> LOG.info("s3: {} has no S3 target variant here; not run", key);
        }
      }
    }

    /** Where {@code tool} puts {@code table}: partsync in the warehouse, DistCp under its own directory. */
    BenchTable on(BenchTable table, SyncTool tool) {
      String dir = (tool instanceof DistCpTool ? DISTCP_ROOT + "/" + Bench.DATABASE + ".db" : databaseLocation)
          + "/" + table.name();
      return new BenchTable(table.caseName(), table.database(), table.name(), table.sourceDir(), dir,
          table.partitionValues(), table.files(), table.bytes());
    }

    /** {@code rounds} rounds of every tool, each run from an empty target; kept as figures if {@code counted}. */
    void rounds(BenchTable table, String label, int rounds, boolean counted) throws Exception {
      for (SyncTool tool : tools) {
        BenchTable placed = on(table, tool);
        List<Double> seconds = new ArrayList<>();
        List<CountingProxy.Traffic> toolTraffic = new ArrayList<>();
        List<CountingProxy.Traffic> metastoreTraffic = new ArrayList<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int run = 1; run <= rounds; run++) {
          reset(placed);
          System.gc();
          toolProxy.reset();
          metastoreProxy.reset();
          SyncTool.Measurement m = tool.run(placed, run);
          CountingProxy.Traffic traffic = toolProxy.reset();
          CountingProxy.Traffic metastore = metastoreProxy.reset();
          DirectoryMarkers.demote(s3, BUCKET);
          Map<String, Object> found = check(placed, tool);
          LOG.info("s3 {} {}: {} {} s, uploaded {} B, downloaded {} B, {} connections; metastore {}; {} {}",
              table.name(), counted ? "run " + run + "/" + rounds : "warm-up", tool.label(),
              fmt(m.seconds(), 2), traffic.uploaded(), traffic.downloaded(), traffic.connections(), metastore,
              m.phases(), found);
          seconds.add(m.seconds());
          toolTraffic.add(traffic);
          metastoreTraffic.add(metastore);
          Map<String, Object> kept = new LinkedHashMap<>();
          kept.put("seconds", m.seconds());
          kept.putAll(m.phases());
          kept.putAll(m.details());
          kept.putAll(found);
          runs.add(kept);
        }
        reset(placed);
        if (counted) {
          figures.rows.add(new Row(label, tool.key(), tool.label(), table.files(), table.bytes(), seconds,
              toolTraffic, metastoreTraffic, runs));
        }
      }
    }

    /**
     * An empty target for the next run. Markers go first, since S3A cannot list them on this server, and
     * again last: S3A's delete writes a marker for the parent it leaves empty (see DirectoryMarkers).
     */
    void reset(BenchTable placed) throws Exception {
      DirectoryMarkers.demote(s3, BUCKET);
      side.reset(placed);
      DirectoryMarkers.deleteTree(s3, BUCKET, URI.create(placed.targetDir()).getPath().substring(1));
      DirectoryMarkers.demote(s3, BUCKET);
    }

    /**
     * What the run left: every partition registered at its place on S3, and (through S3A, directly) exactly
     * the source's objects and bytes under the table; fails otherwise.
     */
    Map<String, Object> check(BenchTable placed, SyncTool tool) throws Exception {
      Map<String, Object> found = side.verify(placed, tool);
      List<Partition> partitions = side.client().listPartitions(placed.database(), placed.name(), (short) -1);
      long onStore = partitions.stream().filter(p -> p.getSd().getLocation().startsWith(placed.targetDir() + "/"))
          .count();
      if (onStore != placed.partitionValues().size()) {
        throw new IllegalStateException(tool.label() + " on " + placed.qualifiedName() + ": " + onStore + " of "
            + partitions.size() + " partitions located under " + placed.targetDir());
      }
      found.put("partitionsUnderTargetDir", onStore);
      return found;
    }
  }

  /**
   * The target cluster as partsync's {@code target:} section: its file system S3A (the warehouse's, not its
   * HDFS), and its S3A endpoint the tools' counting proxy rather than the metastore's.
   */
  private static String targetSection(EmbeddedCluster target, String metastoreEndpoint, String toolEndpoint) {
    String section = target.configSection("target");
    String hdfsLine = "  default-fs: " + target.defaultFs() + "\n";
    String endpointLine = "    " + ENDPOINT_KEY + ": \"" + metastoreEndpoint + "\"\n";
    if (!section.contains(hdfsLine) || !section.contains(endpointLine)) {
      throw new IllegalStateException("unexpected target section:\n" + section);
    }
    return section.replace(hdfsLine, "  default-fs: " + STORE + "\n")
        .replace(endpointLine, "    " + ENDPOINT_KEY + ": \"" + toolEndpoint + "\"\n");
  }

  /** partsync into the S3 target, run in this JVM's Spark context as {@link PartsyncTool} runs it. */
  private final class Partsync implements SyncTool {
    private final String targetSection;
    private final String verify;

    Partsync(String targetSection, String verify) {
      this.targetSection = targetSection;
      this.verify = verify;
    }

    @Override
    public String key() {
      return verify.equals("checksum") ? "partsync" : "partsync-" + verify;
    }

    @Override
    public String label() {
      return "partsync (verify: " + verify + ")";
    }

    @Override
    public boolean registers() {
      return true;
    }

    @Override
    public boolean copiesFiles() {
      return true;
    }

    @Override
    public Measurement run(BenchTable table, int run) throws Exception {
      Path dir = Files.createDirectories(workDir.resolve("partsync-runs"));
      Path report = dir.resolve("s3-" + table.name() + "-" + key() + "-" + run + ".json");
      Files.deleteIfExists(report);
      String yaml = source.configSection("source") + targetSection
          + "tables:\n  - " + table.qualifiedName() + "\n"
          + "executors:\n  count: " + options.parallelism() + "\n  memory: " + options.partsyncMemory() + "\n"
          + (options.partsyncStreams() == null ? "" : "  streams: " + options.partsyncStreams() + "\n")
          + "verify: " + verify + "\n"
          + "report:\n  json: " + report + "\n";
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ExitCode code;
      long started = System.nanoTime();
      try (PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8)) {
        code = PartSync.run(ConfigLoader.parse(yaml, "bench-s3.yaml"), spark, stream, stream);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (code != ExitCode.SUCCESS) {
        throw new IllegalStateException("partsync exited with " + code + ":\n" + out.toString(StandardCharsets.UTF_8));
      }
      RunReport parsed = ReportWriter.fromJson(Files.readString(report));
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("reportDurationMillis", parsed.durationMillis());
      details.put("reportFiles", parsed.totals().files());
      details.put("reportBytes", parsed.totals().bytes());
      if (parsed.phasesMillis() != null) {
        details.put("phasesMillis", parsed.phasesMillis());
      }
      return new Measurement(seconds, Map.of(), details);
    }
  }

  private static String size(long bytes) {
    return bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? bytes / (1 << 20) + " MiB" : bytes / 1024 + " KiB";
  }

  private static String fmt(double value, int decimals) {
    return String.format(Locale.ROOT, "%,." + decimals + "f", value);
  }
}
