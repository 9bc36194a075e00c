package io.partsync.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.failure.SyncRefusedException;
import io.partsync.metastore.Column;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Storage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which changes of the source's columns an existing target takes, and which it refuses. */
class SchemaChangeTest {
  private static final Storage TEXT = storage("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");
  private static final Storage PARQUET = storage("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");

  @Test
  void identicalColumnsAreNoChange() {
    assertTrue(SchemaChange.between(table(TEXT, "id int", "name string"), table(TEXT, "id INT", "Name string"))
        .isEmpty());
  }

  @Test
  void aColumnAddedAtTheEndIsTakenByAnyFormat() {
    assertEquals(List.of("add column added string"),
        SchemaChange.between(table(TEXT, "id int", "added string"), table(TEXT, "id int")).changes());
  }

  @Test
  void aColumnAddedInTheMiddleIsTakenByAFormatReadByName() {
    assertEquals(List.of("add column added string"), SchemaChange.between(
        table(PARQUET, "id int", "added string", "name string"), table(PARQUET, "id int", "name string")).changes());
  }

  @Test
  void aColumnAddedInTheMiddleOfATextTableIsRefused() {
    SyncRefusedException refused = assertThrows(SyncRefusedException.class, () -> SchemaChange.between(
        table(TEXT, "id int", "added string", "name string"), table(TEXT, "id int", "name string")));
    assertEquals("target table acc.events has column 2 'name string' where the source has 'added string' (a "
        + "renamed, dropped or moved column; org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe reads columns by "
        + "position); it cannot take the schema of acc.events. Give it a new 'target' table in the config (its "
        + "first run copies every partition), or drop the target table to have partsync recreate it", refused.getMessage());
  }

  @Test
  void aDroppedColumnIsRefusedWhateverTheFormat() {
    assertTrue(assertThrows(SyncRefusedException.class, () -> SchemaChange.between(table(TEXT, "id int"),
        table(TEXT, "id int", "name string"))).getMessage().contains("'name string' that the source no longer has"));
    assertTrue(assertThrows(SyncRefusedException.class, () -> SchemaChange.between(table(PARQUET, "id int"),
        table(PARQUET, "id int", "name string"))).getMessage().contains("'name string' that the source no longer"));
  }

  @Test
  void aRenamedColumnIsRefused() {
    assertThrows(SyncRefusedException.class, () -> SchemaChange.between(table(TEXT, "id int", "label string"),
        table(TEXT, "id int", "name string")));
    assertThrows(SyncRefusedException.class, () -> SchemaChange.between(table(PARQUET, "id int", "label string"),
        table(PARQUET, "id int", "name string")));
  }

  @Test
  void widenedTypesAreTaken() {
    String[][] widenings = {{"int", "bigint"}, {"tinyint", "smallint"}, {"tinyint", "int"}, {"smallint", "bigint"},
        {"float", "double"}, {"decimal(10,2)", "decimal(12,2)"}, {"decimal(10,2)", "decimal(12,4)"},
        {"decimal", "decimal(12,0)"}, {"varchar(10)", "varchar(20)"}, {"varchar(10)", "string"},
        {"char(3)", "string"}};
    for (String[] widening : widenings) {
      assertEquals(List.of("widen column v " + widening[0] + " to " + widening[1]), SchemaChange.between(
          table(TEXT, "v " + widening[1]), table(TEXT, "v " + widening[0])).changes(), widening[0]);
    }
  }

  @Test
  void narrowedOrOtherTypeChangesAreRefused() {
    String[][] refused = {{"bigint", "int"}, {"double", "float"}, {"int", "string"}, {"string", "int"},
        {"decimal(10,2)", "decimal(10,3)"}, {"decimal(10,2)", "decimal(11,4)"}, {"decimal(12,2)", "decimal(10,2)"},
        {"varchar(20)", "varchar(10)"}, {"string", "varchar(10)"}, {"int", "double"}, {"char(3)", "char(5)"},
        {"date", "timestamp"}};
    for (String[] change : refused) {
      SyncRefusedException e = assertThrows(SyncRefusedException.class, () -> SchemaChange.between(
          table(TEXT, "v " + change[1]), table(TEXT, "v " + change[0])), change[0] + " -> " + change[1]);
      assertTrue(e.getMessage().contains("has column 'v " + change[0] + "' where the source has 'v " + change[1]
          + "'"), e.getMessage());
    }
  }

  @Test
  void aCommentChangeIsTaken() {
    HiveTable source = new HiveTable("acc", "events", "etl", "MANAGED_TABLE", "hdfs://s/e",
        List.of(new Column("id", "int", "the id")), List.of(new Column("dt", "string", null)), TEXT, Map.of());
    assertEquals(List.of("comment column id 'the id'"), SchemaChange.between(source, table(TEXT, "id int"))
        .changes());
  }

  @Test
  void aChangedPartitionKeyIsRefused() {
    HiveTable source = new HiveTable("acc", "events", "etl", "MANAGED_TABLE", "hdfs://s/e",
        List.of(new Column("id", "int", null)), List.of(new Column("day", "string", null)), TEXT, Map.of());
    SyncRefusedException e = assertThrows(SyncRefusedException.class,
        () -> SchemaChange.between(source, table(TEXT, "id int")));
    assertTrue(e.getMessage().startsWith("target table acc.events has partition keys [dt string] but the source "
        + "has [day string]"), e.getMessage());
  }

  @Test
  void widensOnlyWhatHiveReadsAsTheSameValue() {
    assertTrue(SchemaChange.widens("int", "bigint"));
    assertFalse(SchemaChange.widens("bigint", "bigint"));
    assertFalse(SchemaChange.widens("boolean", "int"));
  }

  private static HiveTable table(Storage storage, String... columns) {
    return new HiveTable("acc", "events", "etl", "MANAGED_TABLE", "hdfs://s/e", java.util.Arrays.stream(columns)
        .map(c -> new Column(c.split(" ")[0], c.split(" ")[1], null)).toList(),
        List.of(new Column("dt", "string", null)), storage, Map.of());
  }

  private static Storage storage(String serde) {
    return new Storage("in", "out", serde, Map.of(), false, -1, List.of(), List.of(), false, Map.of());
  }
}
