package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.DeletesMode;
import io.partsync.config.SyncMode;
import io.partsync.config.TableMapping;
import io.partsync.failure.SyncRefusedException;
import io.partsync.fs.DataFile;
import io.partsync.metastore.Column;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.InMemoryMetastore;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.metastore.Storage;
import io.partsync.select.PartitionFilter;
import io.partsync.source.SourceTables;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An unpartitioned table planned as its one pseudo-partition, against metastores over maps. */
class WholeTablePlanningTest {
  private static final RunId RUN = new RunId("20261123T100000Z-abcdef");
  private static final Storage TEXT = new Storage("in", "out", "serde", Map.of(), false, -1, List.of(), List.of(),
      false, Map.of());
  private static final String SOURCE_DIR = "hdfs://source/warehouse/db.db/lookup";
  private static final String ROOT = "hdfs://target/warehouse/db.db/lookup";
  private static final TableMapping MAPPING = new TableMapping("db", "lookup", "db", "lookup", null, false, null,
      null, null, null, null);

  private final InMemoryMetastore sourceMetastore = new InMemoryMetastore();
  private final InMemoryMetastore targetMetastore = new InMemoryMetastore();
  private final HiveTable source = table(SOURCE_DIR, Map.of("numRows", "2"));
  private final TablePlanner planner = new TablePlanner(sourceMetastore, targetMetastore, DeletesMode.DROP, RUN,
      Clock.systemUTC(), "t1");

  @Test
  void aNewTableIsOnePartitionCopiedFromTheTableDirectoryIntoAVersionDirectoryOfItsRun() {
    sourceMetastore.withTable(source);
    TablePlanner.TableInputs inputs = planner.read(MAPPING, source, table(ROOT, Map.of()), false);

    assertEquals(List.of(WholeTable.NAME), List.copyOf(inputs.sourcePartitions().keySet()));
    assertEquals(SOURCE_DIR, inputs.sourcePartitions().get(WholeTable.NAME).location());
    List<ListingRequest> requests = inputs.listingRequests(false, SyncMode.INCREMENTAL, null);
    assertEquals(List.of(SOURCE_DIR), requests.stream().map(ListingRequest::sourceDir).toList());

    TablePlan plan = planner.plan(inputs, listed(requests.get(0), new DataFile("part-0", 10, 1)),
        SyncMode.INCREMENTAL);
    assertEquals(1, plan.copies().size());
    PartitionCopy copy = plan.copies().get(0);
    assertEquals(List.of(), copy.values());
    assertEquals("db.lookup", copy.label());
    PartitionCopy.Destination destination = copy.destinations().get(0);
    assertEquals(PartitionCopy.Change.NEW, destination.change());
    assertEquals(ROOT + "/partsync-" + RUN.value() + "/data", destination.targetDir());
    assertTrue(TargetLayout.isVersionDirectory(ROOT, destination.targetDir()));
    assertEquals(SOURCE_DIR, plan.definitions().get(WholeTable.NAME).location());
    assertEquals(List.of(), plan.drops());
  }

  @Test
  void aReplicaHoldingTheSourceVersionIsUnchangedAndAnotherVersionIsCopiedAgain() {
    sourceMetastore.withTable(source);
    List<DataFile> files = List.of(new DataFile("part-0", 10, 1));
    String held = ROOT + "/partsync-20261122T100000Z-000001/data";
    Map<String, String> recorded = new HashMap<>(Map.of(PartsyncParameters.TABLE_ROOT, ROOT,
        PartsyncParameters.SOURCE_VERSION, PartitionVersion.of(files),
        PartsyncParameters.SOURCE_LISTING, PartitionVersion.ofListing(files),
        PartsyncParameters.SOURCE_LOCATION, SOURCE_DIR, PartsyncParameters.SOURCE_TABLE, "db.lookup at memory"));
    targetMetastore.withTable(table(held, recorded));
    HiveTable checked = WholeTable.atRoot(targetMetastore.table("db", "lookup").orElseThrow());
    assertEquals(ROOT, checked.location());

    TablePlanner.TableInputs inputs = planner.read(MAPPING, source, checked, true);
    assertEquals(held, inputs.targetPartitions().get(WholeTable.NAME).location());
    ListingRequest request = inputs.listingRequests(false, SyncMode.INCREMENTAL, null).get(0);
    TablePlan same = planner.plan(inputs, listed(request, files.toArray(DataFile[]::new)), SyncMode.INCREMENTAL);
    assertEquals(List.of(WholeTable.NAME), same.unchanged());
    assertEquals(List.of(), same.copies());

    TablePlan changed = planner.plan(inputs, listed(request, new DataFile("part-0", 11, 2)), SyncMode.INCREMENTAL);
    assertEquals(PartitionCopy.Change.CHANGED, changed.copies().get(0).destinations().get(0).change());
    assertEquals(ROOT + "/partsync-" + RUN.value() + "/data", changed.copies().get(0).destinations().get(0).targetDir());
  }

  @Test
  void aTableCreatedButNeverPublishedHoldsNoVersionYet() {
    sourceMetastore.withTable(source);
    targetMetastore.withTable(table(ROOT, Map.of(PartsyncParameters.SOURCE_TABLE, "db.lookup at memory")));

    TablePlanner.TableInputs inputs = planner.read(MAPPING, source, table(ROOT, Map.of()), true);

    assertEquals(Map.of(), inputs.targetPartitions());
  }

  @Test
  void aTableWithoutARecordedRootIsAtItsOwnLocation() {
    HiveTable created = table(ROOT, Map.of());
    assertEquals(created, WholeTable.atRoot(created));
    assertEquals(1, TargetLayout.versionDepth(0));
    assertEquals(2, TargetLayout.versionDepth(2));
  }

  @Test
  void aFilterOnAnUnpartitionedTableIsRefusedNamingTheTable() {
    TableMapping filtered = new TableMapping("db", "lookup", "db", "lookup", null, false, null,
        PartitionFilter.parse("dt >= '2026-01-01'"), null, null, null);

    SyncRefusedException refused = assertThrows(SyncRefusedException.class,
        () -> SourceTables.checkSelection(filtered, source));

    assertEquals("source table db.lookup is not partitioned, so its 'filter' has no partitions to select; remove"
        + " 'filter' and 'window' from this table in the config (the whole table is copied)", refused.getMessage());
    assertFalse(refused.getMessage().contains("\n"));
  }

  private static Map<String, PartitionListing> listed(ListingRequest request, DataFile... files) {
    return Map.of(request.name(), PartitionListing.of(request, List.of(files), Map.of()));
  }

  private static HiveTable table(String location, Map<String, String> parameters) {
    return new HiveTable("db", "lookup", "me", "MANAGED_TABLE", location, List.of(new Column("k", "string", null)),
        List.of(), TEXT, parameters);
  }
}
