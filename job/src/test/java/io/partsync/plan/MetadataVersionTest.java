package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.metastore.Column;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.metastore.Storage;
import io.partsync.targets.TargetTables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the fingerprint of a table's or partition's metadata covers, and what it leaves out. */
class MetadataVersionTest {
  private static final Storage TEXT = storage(Map.of("field.delim", ","));

  @Test
  void coversColumnsCommentsStorageAndDescriptiveParameters() {
    String version = MetadataVersion.of(partition(columns("id", "int", null), TEXT, Map.of("owner.team", "a")));

    assertNotEquals(version, MetadataVersion.of(partition(columns("id", "bigint", null), TEXT,
        Map.of("owner.team", "a"))));
    assertNotEquals(version, MetadataVersion.of(partition(columns("id", "int", "the id"), TEXT,
        Map.of("owner.team", "a"))));
    assertNotEquals(version, MetadataVersion.of(partition(columns("id", "int", null),
        storage(Map.of("field.delim", "|")), Map.of("owner.team", "a"))));
    assertNotEquals(version, MetadataVersion.of(partition(columns("id", "int", null), TEXT,
        Map.of("owner.team", "b"))));
    assertTrue(version.startsWith("m1:"), version);
  }

  @Test
  void leavesOutLocationStatisticsHistoryAndPartsyncsOwnParameters() {
    HivePartition partition = partition(columns("id", "int", null), TEXT, Map.of("owner.team", "a"));
    Map<String, String> bookkeeping = new HashMap<>(partition.parameters());
    bookkeeping.putAll(Map.of("numRows", "7", "transient_lastDdlTime", "1", "COLUMN_STATS_ACCURATE", "{}",
        PartsyncParameters.SOURCE_VERSION, "v1:x", "spark.sql.statistics.numRows", "7"));
    HivePartition copied = new HivePartition(partition.values(), "hdfs://elsewhere/v2", partition.columns(),
        storage(Map.of("field.delim", ",", "path", "hdfs://elsewhere/v2")), bookkeeping);

    assertEquals(MetadataVersion.of(partition), MetadataVersion.of(copied));
  }

  @Test
  void aTableCoversItsOwnerAndIsTheSameAfterHive4TranslatedIt() {
    HiveTable table = table("etl", "MANAGED_TABLE", Map.of("note", "x"));

    assertNotEquals(MetadataVersion.of(table), MetadataVersion.of(table("someone", "MANAGED_TABLE",
        Map.of("note", "x"))));
    assertEquals(MetadataVersion.of(table), MetadataVersion.of(table("etl", "EXTERNAL_TABLE", Map.of("note", "x",
        "EXTERNAL", "TRUE", "TRANSLATED_TO_EXTERNAL", "TRUE", "external.table.purge", "TRUE"))));
  }

  @Test
  void aTableWhoseMetadataChangedGetsTheSourcesWithItsOwnLocationAndBookkeeping() {
    HiveTable target = table("etl", "MANAGED_TABLE", Map.of("note", "x", "gone", "y", "numRows", "3",
        PartsyncParameters.TABLE_ID, "id-1", PartsyncParameters.METADATA_VERSION,
        MetadataVersion.of(table("etl", "MANAGED_TABLE", Map.of("note", "x", "gone", "y")))));
    HiveTable source = new HiveTable("acc", "events", "etl", "MANAGED_TABLE", "hdfs://src/events",
        columns("id", "bigint", "widened"), List.of(new Column("dt", "string", null)), TEXT,
        Map.of("note", "changed", "numRows", "9"));

    HiveTable updated = TargetTables.metadataUpdate(source, target).orElseThrow();

    assertEquals(target.location(), updated.location());
    assertEquals(source.columns(), updated.columns());
    assertEquals(Map.of("note", "changed", "numRows", "3", PartsyncParameters.TABLE_ID, "id-1",
        PartsyncParameters.METADATA_VERSION, MetadataVersion.of(source)), updated.parameters());
    assertEquals(java.util.Optional.empty(), TargetTables.metadataUpdate(source, updated), "applied: no change");
  }

  @Test
  void aReplicaWithoutARecordedVersionIsComparedByItsOwnMetadata() {
    HiveTable source = table("etl", "MANAGED_TABLE", Map.of("note", "x", "numRows", "9"));
    HiveTable legacy = table("etl", "MANAGED_TABLE", Map.of("note", "x", PartsyncParameters.TABLE_ID, "id-1"));

    assertEquals(java.util.Optional.empty(), TargetTables.metadataUpdate(source, legacy));
    assertTrue(TargetTables.metadataUpdate(table("etl", "MANAGED_TABLE", Map.of("note", "new")), legacy)
        .isPresent());
  }

  private static HivePartition partition(List<Column> columns, Storage storage, Map<String, String> parameters) {
    return new HivePartition(List.of("1"), "hdfs://src/events/dt=1", columns, storage, parameters);
  }

  private static HiveTable table(String owner, String type, Map<String, String> parameters) {
    return new HiveTable("acc", "events", owner, type, "hdfs://dr/events", columns("id", "int", null),
        List.of(new Column("dt", "string", null)), TEXT, parameters);
  }

  private static List<Column> columns(String name, String type, String comment) {
    return List.of(new Column(name, type, comment));
  }

  private static Storage storage(Map<String, String> serde) {
    return new Storage("in", "out", "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", serde, false, -1,
        List.of(), List.of(), false, Map.of());
  }
}
