package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.DeletesMode;
import io.partsync.config.SyncMode;
import io.partsync.fs.DataFile;
import io.partsync.metastore.Column;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.PartitionSummary;
import io.partsync.metastore.Storage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangePlannerTest {
  private static final String RUN = "20261123T100000Z-abcdef";
  private static final HiveTable TARGET = new HiveTable("db", "t", "me", "EXTERNAL_TABLE", "hdfs://t/warehouse/t",
      List.of(new Column("x", "int", null)), List.of(new Column("dt", "string", null)),
      new Storage("in", "out", "serde", Map.of(), false, -1, List.of(), List.of(), false, Map.of()), Map.of(), null, null);

  private final Map<String, PartitionSummary> sources = new LinkedHashMap<>();
  private final Map<String, PartitionListing> listings = new LinkedHashMap<>();
  private final Map<String, TargetPartition> targets = new LinkedHashMap<>();

  @Test
  void incrementalCopiesOnlyNewAndChangedPartitions() {
    source("dt=1", new DataFile("a", 1, 1));
    source("dt=2", new DataFile("a", 2, 2));
    source("dt=3", new DataFile("a", 3, 3));
    target("dt=1", versionOf("dt=1"));
    target("dt=2", "v1:older");

    ChangePlanner.Changes changes = plan(SyncMode.INCREMENTAL, DeletesMode.KEEP);

    assertEquals(List.of("dt=1"), changes.unchanged());
    assertEquals(List.of("dt=2:CHANGED", "dt=3:NEW"), copies(changes));
    PartitionCopy changed = changes.copies().get(0);
    assertEquals("hdfs://t/warehouse/t/partsync-" + RUN + "/dt=2", changed.destinations().get(0).targetDir());
    assertEquals("t1", changed.destinations().get(0).target());
    assertEquals("db.t", changed.sourceTable());
    assertEquals(versionOf("dt=2"), changed.version());
  }

  @Test
  void aTargetPartitionWhoseFilesChangedOnTheTargetIsCopiedAgain() {
    source("dt=1", new DataFile("a", 1, 1));
    source("dt=2", new DataFile("a", 2, 2));
    target("dt=1", versionOf("dt=1"));
    target("dt=2", versionOf("dt=2"));
    targets.put("dt=2", new TargetPartition("dt=2", List.of("2"), "hdfs://t/x/dt=2", versionOf("dt=2"), null,
        "v1:as-published-before-someone-rewrote-a-file"));

    ChangePlanner.Changes changes = plan(SyncMode.INCREMENTAL, DeletesMode.KEEP);

    assertEquals(List.of("dt=1"), changes.unchanged());
    assertEquals(List.of("dt=2:TARGET_CHANGED"), copies(changes));
  }

  @Test
  void listedWithoutChecksumsAPartitionIsUnchangedWhileItsListingIsTheOneItsVersionCameFrom() {
    DataFile a = new DataFile("a", 10, 100);
    DataFile b = new DataFile("b", 20, 200);
    String copiedVersion = PartitionVersion.of(List.of(a.withChecksum(7), b.withChecksum(8)));
    source("dt=1", a, b);
    source("dt=2", a, new DataFile("b", 20, 201));
    source("dt=3", a, new DataFile("b", 21, 200));
    source("dt=4", a);
    for (String name : List.of("dt=1", "dt=2", "dt=3", "dt=4")) {
      targets.put(name, new TargetPartition(name, List.of(name.substring(3)), "hdfs://t/x/" + name, copiedVersion,
          PartitionVersion.ofListing(List.of(a, b)), null));
    }

    ChangePlanner.Changes changes = plan(SyncMode.INCREMENTAL, DeletesMode.KEEP);

    assertEquals(List.of("dt=1"), changes.unchanged());
    assertEquals(List.of("dt=2:CHANGED", "dt=3:CHANGED", "dt=4:CHANGED"), copies(changes));
  }

  @Test
  void listedWithChecksumsAPartitionWithTheSameListingButAnotherChecksumIsChanged() {
    DataFile a = new DataFile("a", 10, 100);
    String copiedVersion = PartitionVersion.of(List.of(a.withChecksum(7)));
    source("dt=1", a.withChecksum(7));
    source("dt=2", a.withChecksum(9));
    for (String name : List.of("dt=1", "dt=2")) {
      targets.put(name, new TargetPartition(name, List.of(name.substring(3)), "hdfs://t/x/" + name, copiedVersion,
          PartitionVersion.ofListing(List.of(a)), null));
    }

    ChangePlanner.Changes changes = plan(SyncMode.INCREMENTAL, DeletesMode.KEEP);

    assertEquals(List.of("dt=1"), changes.unchanged());
    assertEquals(List.of("dt=2:CHANGED"), copies(changes));
  }

  @Test
  void aTargetPartitionPartsyncDidNotWriteIsReplaced() {
    source("dt=1", new DataFile("a", 1, 1));
    target("dt=1", null);

    assertEquals(List.of("dt=1:CHANGED"), copies(plan(SyncMode.INCREMENTAL, DeletesMode.KEEP)));
  }

  @Test
  void fullModeCopiesEverything() {
    source("dt=1", new DataFile("a", 1, 1));
    source("dt=2", new DataFile("a", 2, 2));
    target("dt=1", versionOf("dt=1"));

    ChangePlanner.Changes changes = plan(SyncMode.FULL, DeletesMode.KEEP);

    assertEquals(List.of("dt=1:FULL", "dt=2:FULL"), copies(changes));
    assertTrue(changes.unchanged().isEmpty());
  }

  @Test
  void dropRemovesOnlyPartitionsPartsyncWrote() {
    source("dt=1", new DataFile("a", 1, 1));
    target("dt=1", versionOf("dt=1"));
    target("dt=8", "v1:gone");
    target("dt=9", null);

    ChangePlanner.Changes dropped = plan(SyncMode.INCREMENTAL, DeletesMode.DROP);
    assertEquals(List.of("dt=8"), dropped.drops().stream().map(TargetPartition::name).toList());
    assertEquals(List.of("dt=9"), dropped.kept().stream().map(TargetPartition::name).toList());

    ChangePlanner.Changes kept = plan(SyncMode.INCREMENTAL, DeletesMode.KEEP);
    assertTrue(kept.drops().isEmpty());
    assertEquals(List.of("dt=8", "dt=9"), kept.kept().stream().map(TargetPartition::name).toList());
  }

  @Test
  void aPartitionThatCouldNotBeListedIsNeitherCopiedNorUnchanged() {
    sources.put("dt=1", partition("dt=1"));
    listings.put("dt=1", PartitionListing.failed(new ListingRequest("db.t", "dt=1", "hdfs://s/t/dt=1", true, Map.of()),
        "permission denied"));
    target("dt=1", "v1:whatever");

    ChangePlanner.Changes changes = plan(SyncMode.INCREMENTAL, DeletesMode.DROP);

    assertEquals(Map.of("dt=1", "permission denied"), changes.listingFailures());
    assertTrue(changes.copies().isEmpty() && changes.unchanged().isEmpty() && changes.drops().isEmpty());
  }

  private ChangePlanner.Changes plan(SyncMode mode, DeletesMode deletes) {
    return new ChangePlanner(mode, deletes, new RunId(RUN), "t1").plan("db.t", TARGET, sources, listings, targets, java.util.Set.of());
  }

  private void source(String name, DataFile... files) {
    sources.put(name, partition(name));
    listings.put(name, PartitionListing.of(new ListingRequest("db.t", name, "hdfs://s/t/" + name, true, Map.of()),
        List.of(files), Map.of(new TargetTableName("t1", "db.t"), "v1:target-of-" + name)));
  }

  private String versionOf(String name) {
    return listings.get(name).version();
  }

  private void target(String name, String version) {
    targets.put(name, new TargetPartition(name, List.of(name.substring(3)), "hdfs://t/warehouse/t/x/" + name,
        version, null, "v1:target-of-" + name));
  }

  private static PartitionSummary partition(String name) {
    return new PartitionSummary(List.of(name.substring(3)), "hdfs://s/t/" + name, Map.of());
  }

  private static List<String> copies(ChangePlanner.Changes changes) {
    return changes.copies().stream().map(c -> c.name() + ":" + c.destinations().get(0).change()).toList();
  }
}
