package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.RunReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.hive.common.StatsSetupConst;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.LongColumnStatsData;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.StringColumnStatsData;
import org.junit.jupiter.api.Test;

/**
 * Column statistics carried from the source metastore to the target's. They are written on the source as
 * Hive's {@code ANALYZE ... FOR COLUMNS} leaves them, through its Thrift client (the server then marks the
 * columns accurate in {@code COLUMN_STATS_ACCURATE}), and read back from the target through a plain Thrift
 * client: Spark SQL keeps column statistics of its own in table properties and never reads the metastore's,
 * so {@code DESCRIBE FORMATTED} on the target could not show these.
 */
class ColumnStatisticsIntegrationTest extends SharedClustersTest {
  private static final List<String> COLUMNS = List.of("id", "kind");
  private static final List<String> PARTITIONS = List.of("dt=1", "dt=2", "dt=3");

  @Test
  void statisticsGoWithTheFilesTheyDescribeAndAreWrittenOnlyWhenTheyChange() throws Exception {
    String dir = clusters.sourceTextTable("colstats", "events", 3);
    try (SourceTableWriter source = clusters.sourceTables()) {
      analyze(source, "dt=1", 10, 12);
      analyze(source, "dt=2", 20, 22);
      ColumnStatistics table = new ColumnStatistics(new ColumnStatisticsDesc(true, "colstats", "events"),
          List.of(idStats(10, 32, 0)));
      source.client().updateTableColumnStatistics(table);
    }
    String yaml = clusters.config("tables:\n  - colstats.events", EXECUTORS);

    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    RunReport.TableReport created = first.report().tables().get(0);
    assertEquals(3, created.partitionsCopied());
    assertEquals(3, created.columnStatsWritten(), "dt=1, dt=2 and the table; dt=3 has none");
    assertTrue(first.out().contains("column statistics written for 3"), first.out());
    assertSameStatistics();
    assertFalse(targetPartitionStats().containsKey("dt=3"), "dt=3 has none on the source");
    Map<String, Partition> published = clusters.targetPartitions("colstats", "events");
    assertTrue(StatsSetupConst.areColumnStatsUptoDate(published.get("dt=1").getParameters(), "kind"),
        published.get("dt=1").getParameters().toString());
    assertEquals(3L, clusters.spark.sql("SELECT * FROM colstats.events WHERE dt = '1'").count(),
        "the partitions are readable with their statistics");

    Clusters.Run idle = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, idle.code(), idle.toString());
    assertEquals(0, idle.report().tables().get(0).columnStatsWritten());
    assertEquals(published, clusters.targetPartitions("colstats", "events"), "a no-change run touches nothing");

    // New data in dt=2, its statistics recomputed on the source: both are carried together.
    HdfsFiles.write(clusters.sourceFs(), dir + "/dt=2/000002_0", "23,buy\n");
    try (SourceTableWriter source = clusters.sourceTables()) {
      analyze(source, "dt=2", 20, 23);
    }
    Clusters.Run changed = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, changed.code(), changed.toString());
    RunReport.TableReport copiedOne = changed.report().tables().get(0);
    assertEquals(1, copiedOne.partitionsCopied());
    assertEquals(1, copiedOne.columnStatsWritten());
    assertSameStatistics();

    // Statistics recomputed for unchanged files: written without copying anything.
    try (SourceTableWriter source = clusters.sourceTables()) {
      analyze(source, "dt=1", 9, 12);
    }
    Clusters.Run recomputed = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, recomputed.code(), recomputed.toString());
    assertEquals(0, recomputed.report().tables().get(0).partitionsCopied());
    assertEquals(1, recomputed.report().tables().get(0).columnStatsWritten());
    assertSameStatistics();
  }

  @Test
  void statisticsTheSourceMarksStaleAreNotCarriedAndThoseOfThePreviousVersionAreRemoved() throws Exception {
    String dir = clusters.sourceTextTable("colstats", "stale", 1);
    try (SourceTableWriter source = clusters.sourceTables()) {
      analyze(source, "stale", "dt=1", 10, 12);
    }
    String yaml = clusters.config("tables:\n  - colstats.stale", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    assertEquals(1, first.report().tables().get(0).columnStatsWritten());
    assertFalse(targetPartitionStats("stale").isEmpty());

    // A write as Hive's INSERT makes it: new files, the column statistics kept but no longer marked accurate.
    HdfsFiles.write(clusters.sourceFs(), dir + "/dt=1/000002_0", "99,late\n");
    try (SourceTableWriter source = clusters.sourceTables()) {
      Partition partition = source.client().getPartition("colstats", "stale", List.of("1"));
      partition.getParameters().put(StatsSetupConst.COLUMN_STATS_ACCURATE, "{\"BASIC_STATS\":\"true\"}");
      source.client().alter_partition("colstats", "stale", partition,
          new EnvironmentContext(Map.of(StatsSetupConst.DO_NOT_UPDATE_STATS, "true")));
      assertFalse(source.client().getPartitionColumnStatistics("colstats", "stale", List.of("dt=1"), COLUMNS)
          .isEmpty(), "the source keeps its stale statistics");
    }
    Clusters.Run changed = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, changed.code(), changed.toString());
    assertEquals(1, changed.report().tables().get(0).partitionsCopied());
    assertEquals(1, changed.report().tables().get(0).columnStatsWritten(), "the previous version's removed");
    assertEquals(Map.of(), targetPartitionStats("stale"));
    assertFalse(clusters.targetPartitions("colstats", "stale").get("dt=1").getParameters()
        .containsKey("partsync.stats.version"));
  }

  /** What the target metastore has is what the source has, for every partition and the table. */
  private static void assertSameStatistics() throws Exception {
    try (SourceTableWriter source = clusters.sourceTables(); SourceTableWriter target = clusters.targetTables()) {
      assertEquals(sorted(source.client().getPartitionColumnStatistics("colstats", "events", PARTITIONS, COLUMNS)),
          targetPartitionStats());
      assertEquals(Set.copyOf(source.client().getTableColumnStatistics("colstats", "events", COLUMNS)),
          Set.copyOf(target.client().getTableColumnStatistics("colstats", "events", COLUMNS)));
    }
  }

  private static Map<String, Set<ColumnStatisticsObj>> targetPartitionStats() throws Exception {
    return targetPartitionStats("events");
  }

  private static Map<String, Set<ColumnStatisticsObj>> targetPartitionStats(String table) throws Exception {
    try (SourceTableWriter target = clusters.targetTables()) {
      List<String> names = target.client().listPartitionNames("colstats", table, (short) -1);
      return sorted(target.client().getPartitionColumnStatistics("colstats", table, names, COLUMNS));
    }
  }

  private static Map<String, Set<ColumnStatisticsObj>> sorted(Map<String, List<ColumnStatisticsObj>> byName) {
    Map<String, Set<ColumnStatisticsObj>> sorted = new TreeMap<>();
    byName.forEach((name, stats) -> {
      if (!stats.isEmpty()) {
        sorted.put(name, Set.copyOf(stats));
      }
    });
    return sorted;
  }

  private static void analyze(SourceTableWriter source, String partition, long low, long high) throws Exception {
    analyze(source, "events", partition, low, high);
  }

  /** Statistics of both columns of one source partition, as an ANALYZE of it would write them. */
  private static void analyze(SourceTableWriter source, String table, String partition, long low, long high)
      throws Exception {
    ColumnStatisticsDesc desc = new ColumnStatisticsDesc(false, "colstats", table);
    desc.setPartName(partition);
    List<ColumnStatisticsObj> stats = new ArrayList<>(List.of(idStats(low, high, 0),
        new ColumnStatisticsObj("kind", "string", ColumnStatisticsData.stringStats(
            new StringColumnStatsData(5, 4.0 + low % 3, 0, high - low + 1)))));
    source.client().setPartitionColumnStatistics(new SetPartitionsStatsRequest(List.of(
        new ColumnStatistics(desc, stats))));
  }

  private static ColumnStatisticsObj idStats(long low, long high, long nulls) {
    LongColumnStatsData data = new LongColumnStatsData(nulls, high - low + 1);
    data.setLowValue(low);
    data.setHighValue(high);
    return new ColumnStatisticsObj("id", "int", ColumnStatisticsData.longStats(data));
  }
}
