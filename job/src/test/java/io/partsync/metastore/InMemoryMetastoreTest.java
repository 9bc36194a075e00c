package io.partsync.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the in-memory metastore offers tests beyond the contract: seeding, inspecting, scripted failures. */
class InMemoryMetastoreTest {
  private static final HiveTable TABLE = new HiveTable("Sales", "Orders", "partsync", "MANAGED_TABLE", null,
      List.of(new Column("id", "int", null)), List.of(new Column("dt", "string", null)), MetastoreContractTest.TEXT,
      Map.of(), null, null);

  private static HivePartition partition(String dt) {
    return new HivePartition(List.of(dt), null, List.of(new Column("id", "int", null)), MetastoreContractTest.TEXT,
        Map.of());
  }

  @Test
  void seedsATableAndItsDatabaseWithoutRecordingCalls() {
    InMemoryMetastore metastore = new InMemoryMetastore().withTable(TABLE, partition("1"), partition("2"));

    assertEquals(InMemoryMetastore.DEFAULT_WAREHOUSE + "/sales.db/orders",
        metastore.table("sales", "orders").orElseThrow().location());
    assertEquals(List.of("dt=1", "dt=2"), List.copyOf(metastore.partitions("SALES", "ORDERS").keySet()));
    assertEquals(InMemoryMetastore.DEFAULT_WAREHOUSE + "/sales.db/orders/dt=1",
        metastore.partitions("sales", "orders").get("dt=1").location());
    assertEquals(InMemoryMetastore.DEFAULT_WAREHOUSE + "/sales.db", metastore.databaseLocations().get("sales"));
    assertEquals(List.of(), metastore.calls());
  }

  @Test
  void recordsEachCallWithWhatItWasAbout() {
    InMemoryMetastore metastore = new InMemoryMetastore().withTable(TABLE);

    metastore.listDatabases();
    metastore.addPartitions("sales", "orders", List.of(partition("1")));
    metastore.dropPartitions("sales", "orders", List.of("dt=1"));
    metastore.close();
    assertEquals(List.of("listDatabases", "addPartitions sales.orders", "dropPartitions sales.orders", "close"),
        metastore.calls());
  }

  @Test
  void aScriptedFailureComesAfterThePassingCallsAndChangesNothing() {
    MetastoreUnavailableException down = new MetastoreUnavailableException("down", null);
    InMemoryMetastore metastore = new InMemoryMetastore().withTable(TABLE).failOn("addPartitions", 1, down);

    metastore.addPartitions("sales", "orders", List.of(partition("1")));
    assertSame(down, assertThrows(MetastoreUnavailableException.class,
        () -> metastore.addPartitions("sales", "orders", List.of(partition("2")))));
    assertSame(down, assertThrows(MetastoreUnavailableException.class,
        () -> metastore.addPartitions("sales", "orders", List.of(partition("3")))));
    assertEquals(List.of("dt=1"), List.copyOf(metastore.partitions("sales", "orders").keySet()));
    assertEquals(3, metastore.calls().size());

    metastore.clearFailures();
    metastore.addPartitions("sales", "orders", List.of(partition("2")));
    assertEquals(List.of("dt=1", "dt=2"), List.copyOf(metastore.partitions("sales", "orders").keySet()));
  }

  @Test
  void refusesToScriptAFailureOfACallThatDoesNotExist() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new InMemoryMetastore().failOn("addPartition", new MetastoreException("x", null)));
    assertTrue(e.getMessage().contains("'addPartition' is not a call of Metastore"), e.getMessage());
    assertTrue(e.getMessage().contains("addPartitions"), e.getMessage());
  }
}
