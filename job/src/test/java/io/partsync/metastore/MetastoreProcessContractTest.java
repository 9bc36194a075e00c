package io.partsync.metastore;

import io.partsync.it.MetastoreProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract, of the real client and a real Hive Standalone Metastore server of another version than the
 * client's, in a JVM of its own with its warehouse on the local file system, started once per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetastoreProcessContractTest extends MetastoreContractTest {
  private Path warehouse;
  private MetastoreProcess server;
  private MetastoreClient client;

  /** Starts the server of the version under test, its warehouse on {@code fileSystem}. */
  abstract MetastoreProcess start(Path home, String fileSystem) throws IOException;

  @BeforeAll
  void startMetastore() throws IOException {
    warehouse = Files.createTempDirectory("partsync-contract");
    server = start(warehouse, fileSystem());
    client = MetastoreClient.connect("target", List.of(server.uri()), Map.of(),
        new MetastoreSettings(2, 1, Duration.ofSeconds(60)));
  }

  @AfterAll
  void stopMetastore() {
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

  /** As the server names local paths: {@code file:/...}. */
  @Override
  String fileSystem() {
    return "file:" + warehouse;
  }
}
