package io.partsync.metastore;

import io.partsync.it.MetastoreProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract, of the real client and a real Hive Standalone Metastore 3.1.3 server in a JVM of its own,
 * its warehouse on the local file system.
 */
class Hive31MetastoreContractTest extends MetastoreContractTest {
  private static Path warehouse;
  private static MetastoreProcess server;
  private static MetastoreClient client;

  @BeforeAll
  static void startMetastore() throws Exception {
    warehouse = Files.createTempDirectory("partsync-contract-3.1");
    server = MetastoreProcess.hive31("contract", warehouse, "file://" + warehouse);
    client = MetastoreClient.connect("target", List.of(server.uri()), Map.of(),
        new MetastoreSettings(2, 1, Duration.ofSeconds(60)));
  }

  @AfterAll
  static void stopMetastore() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  Metastore metastoreUnderTest() {
    return client;
  }

  @Override
  String fileSystem() {
    return "file:" + warehouse;
  }
}
