package io.partsync.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.metastore.Column;
import io.partsync.metastore.ColumnStats;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.InMemoryMetastore;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.metastore.Storage;
import io.partsync.stats.ColumnStatsPlan.Carried;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which column statistics a plan carries, against an in-memory source metastore. */
class ColumnStatsPlannerTest {
  private static final Storage TEXT = new Storage("in", "out", "serde", Map.of(), false, -1, List.of(), List.of(),
      false, Map.of());
  private static final HiveTable TABLE = new HiveTable("db", "t", "o", "EXTERNAL_TABLE", "hdfs://s/t",
      List.of(new Column("id", "int", null), new Column("kind", "string", null)),
      List.of(new Column("dt", "string", null)), TEXT, Map.of("EXTERNAL", "TRUE"));
  private static final ColumnStats ID = new ColumnStats("id", "int", "AAAA");
  private static final ColumnStats ID_RECOMPUTED = new ColumnStats("id", "int", "BBBB");
  private static final ColumnStats KIND = new ColumnStats("kind", "string", "CCCC");

  private final InMemoryMetastore source = new InMemoryMetastore().withTable(TABLE, partition("1"), partition("2"),
      partition("3"));
  private final ColumnStatsPlanner planner = new ColumnStatsPlanner(source);

  @Test
  void carriesOnlyTheColumnsTheSourceMarksAccurate() {
    source.setPartitionColumnStatistics("db", "t", Map.of("dt=1", List.of(ID, KIND)));
    Map<String, String> idOnly = Map.of("COLUMN_STATS_ACCURATE", "{\"COLUMN_STATS\":{\"id\":\"true\"}}");

    ColumnStatsPlan plan = planner.plan(TABLE, TABLE, Map.of("dt=1", idOnly, "dt=2", Map.of()), Map.of(), Map.of());

    assertEquals(Map.of("dt=1", new Carried(List.of(ID), StatsVersion.of(List.of(ID)), false)), plan.partitions());
    assertNull(plan.table());
  }

  @Test
  void anUnchangedPartitionIsPlannedOnlyWhenItsStatisticsDifferFromThoseWritten() {
    source.setPartitionColumnStatistics("db", "t", Map.of("dt=1", List.of(ID), "dt=2", List.of(ID_RECOMPUTED)));
    Map<String, String> accurate = source.partitions("db", "t").get("dt=1").parameters();
    String written = StatsVersion.of(List.of(ID));

    ColumnStatsPlan plan = planner.plan(TABLE, TABLE, Map.of(),
        Map.of("dt=1", accurate, "dt=2", accurate, "dt=3", Map.of()),
        Map.of("dt=1", written, "dt=2", written, "dt=3", written));

    assertEquals(Map.of("dt=2", new Carried(List.of(ID_RECOMPUTED), StatsVersion.of(List.of(ID_RECOMPUTED)), true),
        "dt=3", new Carried(List.of(), null, true)), plan.partitions(), "dt=3 has none left: its are removed");
  }

  @Test
  void nothingIsReadWhereTheSourceMarksNoColumnAccurate() {
    ColumnStatsPlan plan = planner.plan(TABLE, TABLE, Map.of("dt=1", Map.of()), Map.of("dt=2", Map.of()), Map.of());

    assertEquals(ColumnStatsPlan.NONE, plan);
    assertTrue(source.calls().stream().noneMatch(c -> c.startsWith("get")), source.calls().toString());
  }

  @Test
  void theTablesStatisticsArePlannedWhenTheyAreNotThoseWritten() {
    source.setTableColumnStatistics("db", "t", List.of(ID));
    HiveTable analyzed = source.table("db", "t").orElseThrow();
    Map<String, String> recorded = new HashMap<>(TABLE.parameters());
    recorded.put(PartsyncParameters.STATS_VERSION, StatsVersion.of(List.of(ID)));
    HiveTable upToDate = new HiveTable("db", "t", "o", "EXTERNAL_TABLE", "hdfs://t/t", TABLE.columns(),
        TABLE.partitionKeys(), TEXT, recorded);

    assertEquals(List.of(ID), planner.plan(analyzed, TABLE, Map.of(), Map.of(), Map.of()).table().columns());
    assertNull(planner.plan(analyzed, upToDate, Map.of(), Map.of(), Map.of()).table());
  }

  @Test
  void theVersionIgnoresOrderAndSeesEveryChange() {
    assertEquals(StatsVersion.of(List.of(ID, KIND)), StatsVersion.of(List.of(KIND, ID)));
    assertNotEquals(StatsVersion.of(List.of(ID)), StatsVersion.of(List.of(ID_RECOMPUTED)));
    assertNotEquals(StatsVersion.of(List.of(ID)), StatsVersion.of(List.of(ID, KIND)));
  }

  private static HivePartition partition(String dt) {
    return new HivePartition(List.of(dt), "hdfs://s/t/dt=" + dt, TABLE.columns(), TEXT, Map.of());
  }
}
