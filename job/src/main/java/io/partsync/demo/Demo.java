package io.partsync.demo;

import io.partsync.ExitCode;
import io.partsync.PartSync;
import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.embedded.EmbeddedCluster;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code ./submit.sh --demo}: two embedded clusters, a sample Parquet table on the first, a real partsync
 * run to the second, then the target table read back through Spark SQL via the target metastore. The
 * clusters keep their state in the demo directory, so a second run shows an incremental run that copies
 * nothing; {@code --reset} starts from scratch.
 *
 * <p>Arguments: {@code <demo directory> [--reset]}.
 */
public final class Demo {
  private static final String TABLE = "demo.sales";
  private static final String STATE_FILE = "demo-source.properties";
  private static final String[][] PARTITIONS = {
      {"2026-11-20", "eu"}, {"2026-11-20", "us"}, {"2026-11-21", "eu"}, {"2026-11-21", "us"},
      {"2026-11-22", "eu"}, {"2026-11-22", "ap south"}};

  private Demo() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--reset"))) {
      System.err.println("usage: Demo <demo directory> [--reset]");
      System.exit(ExitCode.CONFIG_ERROR.code());
    }
    Path base = Path.of(args[0]).toAbsolutePath();
    if (args.length == 2) {
      deleteRecursively(base);
    }
    Files.createDirectories(base);
    Path state = base.resolve(STATE_FILE);
    boolean resumed = Files.isRegularFile(state);
    System.out.println("partsync demo: " + (resumed ? "resuming" : "starting") + " two embedded clusters in "
        + base);
    EmbeddedCluster source = EmbeddedCluster.startOrResume("source", base);
    EmbeddedCluster target = EmbeddedCluster.startOrResume("target", base);
    SparkSession spark = sparkFor(target);
    Map<String, Long> sourceCounts = resumed ? readCounts(state) : createSourceTable(spark, source, state);
    Path config = base.resolve("demo-sync.yaml");
    Files.writeString(config, configYaml(source, target, base));
    System.out.println("partsync demo: syncing " + TABLE + " with " + config);
    SyncConfig syncConfig = ConfigLoader.load(config);
    ExitCode code = PartSync.run(syncConfig, JavaSparkContext.fromSparkContext(spark.sparkContext()),
        System.out, System.err);
    if (code == ExitCode.SUCCESS) {
      printComparison(spark, sourceCounts);
      System.out.println(resumed
          ? "This run was incremental: partitions whose source did not change were not copied."
          : "Run ./submit.sh --demo again for an incremental run; ./submit.sh --demo --reset starts afresh.");
    }
    spark.stop();
    // The clusters are not shut down: MiniDFSCluster's shutdown empties its storage directories, and the
    // demo keeps them for the next run. The name node has logged every change; exiting loses nothing.
    System.exit(code.code());
  }

  /** Spark with Hive support whose catalog is the target metastore: the reader a user of the target has. */
  public static SparkSession sparkFor(EmbeddedCluster target) {
    return SparkSession.builder().appName("partsync-demo").master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.hadoop.hive.metastore.uris", target.metastoreUri())
        .config("spark.sql.warehouse.dir", target.defaultFs() + "/user/hive/warehouse")
        .config("spark.hadoop." + EmbeddedCluster.FAST_CLOSE_KEY, "10")
        .getOrCreate();
  }

  private static Map<String, Long> createSourceTable(SparkSession spark, EmbeddedCluster source, Path state)
      throws Exception {
    String tableDir = source.defaultFs() + "/warehouse/demo.db/sales";
    Map<String, Long> counts = new TreeMap<>();
    try (SourceTableWriter writer = new SourceTableWriter(source.metastoreUri())) {
      writer.createTable("demo", "sales", List.of("id bigint", "customer string", "amount double"),
          List.of("dt string", "region string"), Format.PARQUET, tableDir, Map.of());
      for (int i = 0; i < PARTITIONS.length; i++) {
        String dt = PARTITIONS[i][0];
        String region = PARTITIONS[i][1];
        long rows = 20_000L * (i + 1);
        String dir = tableDir + "/dt=" + dt + "/region=" + region;
        spark.range(rows).selectExpr("id", "concat('customer-', id % 997) as customer",
            "cast(id % 10000 as double) / 100 as amount").repartition(2).write().parquet(dir);
        writer.addPartition("demo", "sales", List.of(dt, region), dir, Map.of("numRows", Long.toString(rows)));
        counts.put(dt + " / " + region, rows);
      }
    }
    Properties saved = new Properties();
    counts.forEach((partition, rows) -> saved.setProperty(partition, Long.toString(rows)));
    try (Writer out = Files.newBufferedWriter(state)) {
      saved.store(out, "rows per partition of the demo's source table");
    }
    return counts;
  }

  private static Map<String, Long> readCounts(Path state) throws IOException {
    Properties saved = new Properties();
    try (Reader in = Files.newBufferedReader(state)) {
      saved.load(in);
    }
    Map<String, Long> counts = new TreeMap<>();
    saved.stringPropertyNames().forEach(p -> counts.put(p, Long.parseLong(saved.getProperty(p))));
    return counts;
  }

  private static String configYaml(EmbeddedCluster source, EmbeddedCluster target, Path base) {
    return source.configSection("source") + target.configSection("target") + String.join("\n",
        "tables:",
        "  - " + TABLE,
        "executors:",
        "  count: 3",
        "  memory: 256m",
        "report:",
        "  json: " + base.resolve("report.json"),
        "");
  }

  private static void printComparison(SparkSession spark, Map<String, Long> sourceCounts) {
    spark.sql("REFRESH TABLE " + TABLE);
    List<Row> rows = spark.sql("SELECT dt, region, count(*) FROM " + TABLE
        + " GROUP BY dt, region ORDER BY dt, region").collectAsList();
    System.out.println();
    System.out.println("Rows per partition, read back through Spark SQL via the target metastore:");
    System.out.printf("  %-26s %12s %12s%n", "partition", "source", "target");
    List<String> mismatches = new ArrayList<>();
    Map<String, Long> targetCounts = new TreeMap<>();
    rows.forEach(r -> targetCounts.put(r.getString(0) + " / " + r.getString(1), r.getLong(2)));
    sourceCounts.forEach((partition, count) -> {
      Long copied = targetCounts.get(partition);
      System.out.printf("  %-26s %12d %12s%n", partition, count, copied == null ? "missing" : copied);
      if (!count.equals(copied)) {
        mismatches.add(partition);
      }
    });
    System.out.println(mismatches.isEmpty() ? "All partitions match." : "MISMATCH in " + mismatches);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
