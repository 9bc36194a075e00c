package io.partsync.it;

import io.partsync.embedded.EmbeddedCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Runs the queries against {@code cluster}'s metastore, reaching its storage with its properties (an
   * object store's, say); the rows of each query, in order.
   */
  static List<List<String>> query(EmbeddedCluster cluster, String... queries) throws Exception {
    List<String> args = new ArrayList<>(List.of(cluster.metastoreUri(), cluster.defaultFs() + "/user/hive/warehouse"));
    args.addAll(List.of(queries));
    // Spark takes spark.* system properties into its configuration, and spark.hadoop.* into Hadoop's.
    List<String> storage = cluster.properties().entrySet().stream()
        .map(e -> "-Dspark.hadoop." + e.getKey() + "=" + e.getValue()).toList();
    Forked probe = Forked.run(Forked.javaCommand(storage, SparkSqlProbe.class, args), Duration.ofMinutes(5));
    if (probe.exit() != 0) {
      throw new IllegalStateException("the Spark SQL probe failed:\n" + probe.output());
    }
    List<List<String>> results = new ArrayList<>();
    for (int i = 0; i < queries.length; i++) {
      results.add(new ArrayList<>());
    }
    probe.output().lines().filter(l -> l.startsWith(ROW)).forEach(l -> {
      String rest = l.substring(ROW.length());
      int index = Integer.parseInt(rest.substring(0, rest.indexOf(' '))) - 2;
      results.get(index).add(rest.substring(rest.indexOf(' ') + 1));
    });
    return results;
  }
}
