package io.partsync.it;

import io.partsync.embedded.EmbeddedCluster;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL with Hive support pointed at one metastore, in a JVM of its own: Spark keeps one Hive
 * catalog per JVM, and the shared test session's is the first target's. Prints each query's rows.
 */
public final class SparkSqlProbe {
  private static final String ROW = "ROW ";

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().appName("partsync-probe").master("local[1]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.catalogImplementation", "hive")
        .config("spark.hadoop.hive.metastore.uris", args[0])
        .config("spark.sql.warehouse.dir", args[1])
        .getOrCreate();
    for (int i = 2; i < args.length; i++) {
      for (Row row : spark.sql(args[i]).collectAsList()) {
        System.out.println(ROW + i + " " + row.mkString("|"));
      }
    }
    spark.stop();
  }

  /** Runs the queries against {@code cluster}'s metastore; the rows of each query, in order. */
  static List<List<String>> query(EmbeddedCluster cluster, String... queries) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.")
            || a.startsWith("-Dio.netty") || a.startsWith("-Dderby"))
        .forEach(command::add);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(SparkSqlProbe.class.getName());
    command.add(cluster.metastoreUri());
    command.add(cluster.defaultFs() + "/user/hive/warehouse");
    command.addAll(List.of(queries));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("the Spark SQL probe failed:\n" + output);
    }
    List<List<String>> results = new ArrayList<>();
    for (int i = 0; i < queries.length; i++) {
      results.add(new ArrayList<>());
    }
    output.lines().filter(l -> l.startsWith(ROW)).forEach(l -> {
      String rest = l.substring(ROW.length());
      int index = Integer.parseInt(rest.substring(0, rest.indexOf(' '))) - 2;
      results.get(index).add(rest.substring(rest.indexOf(' ') + 1));
    });
    return results;
  }
}
