package io.partsync.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.partsync.config.SnapshotMode;
import io.partsync.config.TableMapping;
import io.partsync.metastore.Column;
import io.partsync.metastore.HiveParameters;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Storage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The definition of a replica derived from its source table. */
class TargetTablesTest {
  private static final Storage TEXT = new Storage("org.apache.hadoop.mapred.TextInputFormat",
      "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
      "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe", Map.of(), false, -1, List.of(), List.of(), false, Map.of());
  private static final TableMapping MAPPING = new TableMapping("acc", "events", "acc", "events", null, false, null,
      null, null, SnapshotMode.OFF, null);

  @Test
  void aTableHive4TranslatedIsReplicatedAsTheManagedTableItWasCreatedAs() {
    HiveTable source = table("EXTERNAL_TABLE", Map.of("EXTERNAL", "TRUE", "TRANSLATED_TO_EXTERNAL", "TRUE",
        "external.table.purge", "TRUE", "bucketing_version", "2", "numRows", "10"));

    HiveTable replica = TargetTables.newDefinition(source, MAPPING, "hdfs://dr/w/acc.db/events", "thrift://src:9083");

    assertEquals("MANAGED_TABLE", replica.tableType());
    assertEquals("2", replica.parameters().get("bucketing_version"), "what describes the data is kept");
    for (String bookkeeping : List.of("EXTERNAL", "TRANSLATED_TO_EXTERNAL", "external.table.purge", "numRows")) {
      assertFalse(replica.parameters().containsKey(bookkeeping), bookkeeping + " in " + replica.parameters());
    }
    assertEquals("acc.events at thrift://src:9083", replica.parameters().get("partsync.source.table"));
  }

  @Test
  void anExternalTableTheUserMadeStaysExternalWithPurgeAsTheUserSetIt() {
    HiveTable source = table("EXTERNAL_TABLE", Map.of("EXTERNAL", "TRUE", "external.table.purge", "TRUE"));

    HiveTable replica = TargetTables.newDefinition(source, MAPPING, "hdfs://dr/w/acc.db/events", "thrift://src:9083");

    assertEquals("EXTERNAL_TABLE", replica.tableType());
    assertEquals("TRUE", replica.parameters().get("EXTERNAL"));
    assertEquals("TRUE", replica.parameters().get("external.table.purge"));
  }

  @Test
  void aTableNoVersionTranslatedIsTakenAsItIs() {
    HiveTable source = table("MANAGED_TABLE", Map.of("TRANSLATED_TO_EXTERNAL", "FALSE"));

    assertSame(source, HiveParameters.untranslated(source));
  }

  private static HiveTable table(String type, Map<String, String> parameters) {
    return new HiveTable("acc", "events", "etl", type, "hdfs://src/w/acc.db/events",
        List.of(new Column("id", "int", null)), List.of(new Column("dt", "string", null)), TEXT, parameters, null, null);
  }
}
