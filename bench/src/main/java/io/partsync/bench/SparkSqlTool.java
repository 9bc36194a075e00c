package io.partsync.bench;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark SQL copy: create the target text table in the target metastore, read the source files with
 * partition discovery ({@code value} plus the {@code part} column) and insert them into the target table
 * with dynamic partitions. It re-encodes rows rather than copying bytes, and Hive's partition loading
 * registers the partitions.
 */
final class SparkSqlTool implements SyncTool {
  private final SparkSession spark;

  SparkSqlTool(SparkSession spark) {
    this.spark = spark;
    spark.sql("SET hive.exec.dynamic.partition=true");
    spark.sql("SET hive.exec.dynamic.partition.mode=nonstrict");
    spark.sql("SET hive.exec.max.dynamic.partitions=1000000");
    spark.sql("SET hive.exec.max.dynamic.partitions.pernode=1000000");
  }

  @Override
  public String key() {
    return "spark";
  }

  @Override
  public String label() {
    return "Spark SQL insertInto";
  }

  @Override
  public boolean registers() {
    return true;
  }

  @Override
  public boolean copiesFiles() {
    return false;
  }

  @Override
  public Measurement run(BenchTable table, int run) throws Exception {
    spark.catalog().clearCache();
    long started = System.nanoTime();
    spark.sql("CREATE TABLE " + table.qualifiedName() + " (" + BenchTable.COLUMN + " STRING) PARTITIONED BY ("
        + BenchTable.PARTITION_KEY + " STRING) ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' STORED AS TEXTFILE"
        + " LOCATION '" + table.targetDir() + "'");
    spark.read().text(table.sourceDir()).select("value", BenchTable.PARTITION_KEY).write()
        .insertInto(table.qualifiedName());
    long finished = System.nanoTime();
    return new Measurement((finished - started) / 1e9, Map.of(), Map.of());
  }
}
