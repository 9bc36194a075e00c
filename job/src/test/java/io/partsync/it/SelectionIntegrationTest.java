package io.partsync.it;

import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.RunReport;
import io.partsync.select.PartitionFilter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tables chosen by name and pattern, partitions by predicate and relative window, and per-table failures. */
class SelectionIntegrationTest extends SharedClustersTest {
  private static final Clock NOV_23 = Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC);

  @Test
  void aPatternSelectsExactlyItsTablesAndAnExplicitEntryWinsOverIt() throws Exception {
    clusters.sourceTextTable("pat", "sales_a", 2);
    clusters.sourceTextTable("pat", "sales_b", 1);
    clusters.sourceTextTable("pat", "salesx", 1);
    clusters.sourceTextTable("pat", "other", 1);
    String yaml = clusters.config("""
        tables:
          - source: pat.sales_?
            target-database: pat_copy
          - source: pat.sales_b
            target: pat_copy.sales_b_explicit
        """, EXECUTORS);

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("pat.sales_a -> pat_copy.sales_a", "pat.sales_b -> pat_copy.sales_b_explicit"),
        run.report().tables().stream().map(t -> t.source() + " -> " + t.target()).sorted().toList());
    assertEquals(List.of("sales_a", "sales_b_explicit"), clusters.spark.sql("SHOW TABLES IN pat_copy")
        .collectAsList().stream().map(r -> r.getString(1)).sorted().toList());
    assertEquals(List.of("dt=1", "dt=2"), clusters.showPartitions("pat_copy.sales_a"));
  }

  @Test
  void aPredicateAndAWindowSelectExactlyTheirPartitionsAndTheMetastoreFiltersFirst() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/sel_events";
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.createTable("sel", "events", List.of("id int", "kind string"), List.of("dt string", "region string"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      for (String dt : List.of("2026-11-16", "2026-11-17", "2026-11-22", "2026-11-23")) {
        for (String region : List.of("eu", "us")) {
          String partition = dir + "/dt=" + dt + "/region=" + region;
          write(clusters.sourceFs(), partition + "/000000_0", "1," + dt + region + "\n");
          source.addPartition("sel", "events", List.of(dt, region), partition, Map.of());
        }
      }
    }
    // The last 7 days on 2026-11-23 are 2026-11-17 to 2026-11-23: 2026-11-16 is out.
    String yaml = clusters.config("""
        deletes: drop
        tables:
          - source: sel.events
            filter: "region = 'eu' or region = 'ap'"
            window:
              key: dt
              last: 7d
        """, EXECUTORS);

    Clusters.Run run = clusters.run(yaml, NOV_23);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("dt=2026-11-17/region=eu", "dt=2026-11-22/region=eu", "dt=2026-11-23/region=eu"),
        clusters.showPartitions("sel.events"));
    RunReport.Selection selection = run.report().tables().get(0).selection();
    assertEquals(3, selection.selected());
    assertEquals(3, selection.listed(), "the metastore sent only what the filter selects: " + selection);
    assertTrue(selection.metastoreFilter().contains("dt") && selection.metastoreFilter().contains("region"),
        selection.toString());

    // A day later the window moves on; the partition that left it is not the run's business, so even
    // deletes: drop keeps it.
    Clusters.Run nextDay = clusters.run(yaml, Clock.offset(NOV_23, java.time.Duration.ofDays(1)));
    assertEquals(ExitCode.SUCCESS, nextDay.code(), nextDay.toString());
    assertEquals(0, nextDay.report().tables().get(0).partitionsDropped());
    assertEquals(2, nextDay.report().tables().get(0).partitionsUnchanged());
    assertEquals(List.of("dt=2026-11-17/region=eu", "dt=2026-11-22/region=eu", "dt=2026-11-23/region=eu"),
        clusters.showPartitions("sel.events"));
  }

  @Test
  void aFilterTheMetastoreCannotTakeIsAppliedByPartsync() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/sel_numbered";
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.createTable("sel", "numbered", List.of("id int", "kind string"), List.of("n int"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      for (int n = 1; n <= 5; n++) {
        write(clusters.sourceFs(), dir + "/n=" + n + "/000000_0", n + ",x\n");
        source.addPartition("sel", "numbered", List.of(Integer.toString(n)), dir + "/n=" + n, Map.of());
      }
    }
    // An int key, compared as a number (10 would sort before 2 as text), and a NOT: neither goes to the
    // metastore.
    Clusters.Run run = clusters.run(clusters.config("""
        tables:
          - source: sel.numbered
            filter: "n >= 2 and not n in (3, 10)"
        """, EXECUTORS));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("n=2", "n=4", "n=5"), clusters.showPartitions("sel.numbered"));
    RunReport.Selection selection = run.report().tables().get(0).selection();
    assertNull(selection.metastoreFilter());
    assertEquals(5, selection.listed());
    assertEquals(3, selection.selected());
  }

  @Test
  void aFailingTableDoesNotStopTheOthersAndTheExitCodeSaysWhich() throws Exception {
    clusters.sourceTextTable("iso", "good", 2);
    String yaml = clusters.config("""
        tables:
          - iso.missing
          - source: iso.good
          - source: iso.good
            target: iso.badfilter
            filter: "nokey = '1'"
        """, EXECUTORS);

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    assertTrue(run.err().contains("2 table(s) not synced (iso.missing, iso.good)"), run.err());
    RunReport.TableReport good = run.report().tables().stream().filter(t -> t.target().equals("iso.good"))
        .findFirst().orElseThrow();
    assertEquals(2, good.partitionsCopied());
    assertEquals(List.of("dt=1", "dt=2"), clusters.showPartitions("iso.good"));
    assertTrue(run.out().contains("source table iso.missing does not exist"), run.out());
    assertTrue(run.out().contains("nokey"), run.out());
    assertTrue(clusters.spark.sql("SHOW TABLES IN iso").collectAsList().stream()
        .noneMatch(r -> r.getString(1).equals("badfilter")), "nothing written for the refused table");
  }

  @Test
  void aWindowOnAKeyItCannotCompareIsRefusedBeforeAnythingIsWritten() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/selw_typed";
    try (SourceTableWriter source = clusters.sourceTables()) {
      for (String[] table : List.of(new String[] {"by_int", "n int"}, new String[] {"by_date", "d date"},
          new String[] {"by_double", "x double"})) {
        source.createTable("selw", table[0], List.of("id int", "kind string"), List.of(table[1]),
            SourceTableWriter.Format.TEXT, dir + "/" + table[0], Map.of());
      }
      write(clusters.sourceFs(), dir + "/by_int/n=20261123/000000_0", "1,x\n");
      source.addPartition("selw", "by_int", List.of("20261123"), dir + "/by_int/n=20261123", Map.of());
    }
    String before = clusters.state();

    assertRefused("selw.by_int", "n", "", "partsync: FAILED (exit 3): source table selw.by_int: the window on key"
        + " 'n' (type int) with format 'yyyy-MM-dd' cannot compare its values: an integer key holds digits only, so"
        + " use a digits-only format such as yyyyMMdd or yyyyMMddHH; fix 'filter' or 'window' of this table in the"
        + " config");
    assertRefused("selw.by_date", "d", "\n      format: yyyyMMdd", "partsync: FAILED (exit 3): source table"
        + " selw.by_date: the window on key 'd' (type date) with format 'yyyyMMdd' cannot read its values: Hive"
        + " writes date values as yyyy-MM-dd, so use format yyyy-MM-dd; fix 'filter' or 'window' of this table in"
        + " the config");
    assertRefused("selw.by_double", "x", "", "partsync: FAILED (exit 3): source table selw.by_double: the window"
        + " on key 'x' (type double) with format 'yyyy-MM-dd' cannot compare its values as times: a window needs a"
        + " key of type string, varchar or char, date (format yyyy-MM-dd), or int or bigint (a digits-only format"
        + " such as yyyyMMdd); select this table's partitions with 'filter' instead; fix 'filter' or 'window' of"
        + " this table in the config");

    assertEquals(before, clusters.state(), "a refusal writes nothing on either side");
  }

  private static void assertRefused(String table, String key, String format, String expected) throws Exception {
    Clusters.Run run = clusters.run(clusters.config("tables:\n  - source: " + table + "\n    window:\n      key: "
        + key + "\n      last: 7d" + format, EXECUTORS), NOV_23);
    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals(expected, run.err().strip());
  }

  @Test
  void aDigitsOnlyWindowOnAnIntegerKeyComparesAsNumbersAndNamesTheValuesItCannotRead() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/selw_daynum";
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.createTable("selw", "daynum", List.of("id int", "kind string"), List.of("day int"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      // 99999999 is no date yet sorts after every day as a number: the window must not take it.
      for (String day : List.of("20261116", "20261117", "20261123", "99999999")) {
        write(clusters.sourceFs(), dir + "/day=" + day + "/000000_0", "1," + day + "\n");
        source.addPartition("selw", "daynum", List.of(day), dir + "/day=" + day, Map.of());
      }
    }
    Clusters.Run run = clusters.run(clusters.config("""
        tables:
          - source: selw.daynum
            window:
              key: day
              last: 7d
              format: yyyyMMdd
        """, EXECUTORS), NOV_23);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("day=20261117", "day=20261123"), clusters.showPartitions("selw.daynum"));
    RunReport.Selection selection = run.report().tables().get(0).selection();
    assertEquals(List.of("day=99999999"), selection.unreadable());
    assertTrue(run.out().contains("    1 partition(s) not copied: the window's format does not read their key value:"
        + " day=99999999"), run.out());
  }

  @Test
  void valuesTheWindowCannotReadAreListedAndNotCopiedAndTheDefaultPartitionBlocksNothing() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/selw_odd";
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.createTable("selw", "odd", List.of("id int", "kind string"), List.of("dt string", "region string"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      // 'latest' and a padded-wrong day sort after the window's start as text; the metastore sends them.
      for (String dt : List.of("2026-11-16", "2026-11-22", "2026-11-23", "latest", "2026-11-22-old",
          PartitionFilter.HIVE_NULL_PARTITION)) {
        for (String region : List.of("eu", "us")) {
          String partition = dir + "/dt=" + dt + "/region=" + region;
          write(clusters.sourceFs(), partition + "/000000_0", "1," + dt + "\n");
          source.addPartition("selw", "odd", List.of(dt, region), partition, Map.of());
        }
      }
    }
    Clusters.Run run = clusters.run(clusters.config("""
        tables:
          - source: selw.odd
            filter: "region = 'eu'"
            window:
              key: dt
              last: 7d
        """, EXECUTORS), NOV_23);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("dt=2026-11-22/region=eu", "dt=2026-11-23/region=eu"), clusters.showPartitions("selw.odd"));
    RunReport.Selection selection = run.report().tables().get(0).selection();
    assertEquals(List.of("dt=2026-11-22-old/region=eu", "dt=latest/region=eu"), selection.unreadable().stream()
        .sorted().toList(), "only those the user's filter takes; not Hive's NULL partition");
    assertEquals(2, selection.selected());
  }
}
