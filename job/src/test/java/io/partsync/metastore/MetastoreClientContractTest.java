package io.partsync.metastore;

import io.partsync.embedded.EmbeddedCluster;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract, of the real client and a real Hive Metastore Thrift server (with its HDFS) in this JVM. */
class MetastoreClientContractTest extends MetastoreContractTest {
  private static EmbeddedCluster cluster;
  private static MetastoreClient client;

  @BeforeAll
  static void startMetastore() throws Exception {
    cluster = EmbeddedCluster.start("contract", Files.createTempDirectory("partsync-metastore-contract"));
    client = MetastoreClient.connect("target", List.of(cluster.metastoreUri()),
        Map.of("fs.defaultFS", cluster.defaultFs(), EmbeddedCluster.FAST_CLOSE_KEY, "10"),
        new MetastoreSettings(2, 1, Duration.ofSeconds(60)));
  }

  @AfterAll
  static void stopMetastore() {
    if (client != null) {
      client.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  Metastore metastoreUnderTest() {
    return client;
  }

  /** Above two partitions, in pages of the batch size (two): three pages for the contract's five. */
  @Override
  List<PartitionSummary> listedPageByPage(String database, String table) {
    return client.withSpecListingLimit(2).listPartitionSummaries(database, table);
  }

  @Override
  String fileSystem() {
    return cluster.defaultFs();
  }
}
