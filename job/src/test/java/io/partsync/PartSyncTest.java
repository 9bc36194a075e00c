package io.partsync;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class PartSyncTest {
  private static final String CONFIG = """
      source:
        default-fs: hdfs://src-nn:8020
        metastore-uris: thrift://src-hms:9083
      target:
        default-fs: hdfs://dst-nn:8020
        metastore-uris: thrift://dst-hms:9083
      tables:
        - sales.orders
      executors:
        count: 2
        memory: 1g
        cores: 4
      """;

  @Test
  void moreCoresPerExecutorThanLocalModeHasIsAConfigError() {
    SyncConfig config = ConfigLoader.parse(CONFIG, "sync.yaml");

    ConfigException e = assertThrows(ConfigException.class,
        () -> PartSync.checkLocalCores(new SparkConf(false).set("spark.master", "local[2]"), config));

    assertEquals("config error: 'executors.cores' asks for 4 cores per virtual executor, but Spark runs in local"
        + " mode with 2 (master local[2]); set 'executors.cores' to at most 2", e.getMessage());
    assertDoesNotThrow(() -> PartSync.checkLocalCores(new SparkConf(false).set("spark.master", "local[4]"), config));
    assertDoesNotThrow(() -> PartSync.checkLocalCores(new SparkConf(false).set("spark.master", "yarn"), config));
  }

  @Test
  void thePlanGoesBesideTheReport() {
    assertEquals("/ops/orders.plan.json", PartSync.planPath(Optional.of("/ops/orders.json")));
    assertEquals("hdfs://nn/ops/orders.plan.json", PartSync.planPath(Optional.of("hdfs://nn/ops/orders.json")));
    assertEquals("partsync-plan.json", PartSync.planPath(Optional.empty()));
  }
}
