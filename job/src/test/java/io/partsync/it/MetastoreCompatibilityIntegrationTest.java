package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.metastore.MetastoreClient;
import io.partsync.metastore.MetastoreSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Metastores that lack calls partsync makes, played by a proxy in front of the shared clusters' real
 * metastores that answers the calls it is told to refuse as a server without them does.
 */
class MetastoreCompatibilityIntegrationTest extends SharedClustersTest {
  @Test
  void aMetastoreWithoutTheRequestFormsOfTheTableCallsIsReadWithThePlainOnes() throws Exception {
    String dir = clusters.sourceTextTable("compat", "events", 2);
    Set<String> refused = Set.of("get_table_req", "get_table_objects_by_name_req");
    try (RefusingMetastoreProxy source = RefusingMetastoreProxy.start(clusters.source.metastoreUri(), refused);
        RefusingMetastoreProxy target = RefusingMetastoreProxy.start(clusters.target.metastoreUri(), refused);
        MetastoreClient client = MetastoreClient.connect("source", List.of(source.uri()), Map.of(),
            new MetastoreSettings(10, 1, Duration.ofSeconds(30)))) {
      assertTrue(client.dialect().tableRequests(), "the request forms until refused");
      assertTrue(client.findTable("compat", "events").isPresent());
      assertFalse(client.dialect().tableRequests(), "the plain calls once refused, for the connection");
      assertTrue(client.tableLocations().containsKey("compat.events"));

      String yaml = clusters.config("tables:\n  - compat.events", EXECUTORS)
          .replace(clusters.source.metastoreUri(), source.uri()).replace(clusters.target.metastoreUri(), target.uri());
      Clusters.Run run = clusters.run(yaml);

      assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
      assertEquals(2, run.report().tables().get(0).partitionsCopied());
    }
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("compat.events"));
  }

  @Test
  void aMetastoreThatRefusesACallPartsyncNeedsIsExit6NamingItAndTheCallNotATableRefused() throws Exception {
    clusters.sourceTextTable("compat", "orders", 1);
    try (RefusingMetastoreProxy source = RefusingMetastoreProxy.start(clusters.source.metastoreUri(),
        Set.of("get_partitions_pspec"))) {
      String yaml = clusters.config("tables:\n  - compat.orders", ONE_EXECUTOR)
          .replace(clusters.source.metastoreUri(), source.uri());

      Clusters.Run run = clusters.run(yaml);

      assertEquals(ExitCode.INCOMPATIBLE, run.code(), run.toString());
      List<String> failed = run.err().lines().filter(l -> l.startsWith("partsync: FAILED")).toList();
      assertEquals(List.of("partsync: FAILED (exit 6): the source metastore at " + source.uri() + " (Hive Metastore"
          + " 2.x) cannot serve partsync: it refuses get_partitions_pspec compat.orders (Invalid method name:"
          + " 'get_partitions_pspec'); partsync works with Hive Metastore 2.3, 3.1 and 4.x: check"
          + " 'source.metastore-uris' names one of those, or upgrade that metastore"), failed);
    }
    assertEquals(List.of(), clusters.showPartitions("compat.orders"), "nothing published");
  }
}
