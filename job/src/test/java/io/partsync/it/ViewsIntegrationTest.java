package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.RunReport;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/** Views replicated as definitions, read back through the target metastore by Spark SQL. */
class ViewsIntegrationTest extends SharedClustersTest {

  @Test
  void aViewOverAReplicatedTableFollowsItsRenamedDatabaseAndIsReplacedWhenItChanges() throws Exception {
    clusters.sourceTextTable("vsrc", "events", 2);
    createView("vsrc", "clicks", "select id, dt from events where kind = 'click'",
        "select `events`.`id`, `events`.`dt` from `vsrc`.`events` where `events`.`kind` = 'click'");
    String yaml = clusters.config("""
        tables:
          - source: vsrc.events
            target-database: vdst
          - source: vsrc.clicks
            target-database: vdst
        """, EXECUTORS);

    Clusters.Run first = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    assertEquals(List.of(new RunReport.ViewReport("target", "vsrc.clicks", "vdst.clicks", "created", List.of(), null)),
        first.report().views());
    assertEquals(rows("select id, dt from vdst.events where kind = 'click'"), rows("select * from vdst.clicks"));
    assertEquals(List.of("10|1", "20|2"), rows("select * from vdst.clicks"));
    Table created = targetView("vdst", "clicks");
    assertEquals("select `events`.`id`, `events`.`dt` from `vdst`.`events` where `events`.`kind` = 'click'",
        created.getViewExpandedText());
    assertEquals("select id, dt from events where kind = 'click'", created.getViewOriginalText());

    Clusters.Run again = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, again.code(), again.toString());
    assertEquals("unchanged", again.report().views().get(0).action());
    assertEquals(created, targetView("vdst", "clicks"), "a run with nothing changed touches nothing");

    try (SourceTableWriter source = clusters.sourceTables()) {
      source.client().dropTable("vsrc", "clicks");
    }
    createView("vsrc", "clicks", "select id, dt from events where kind = 'buy'",
        "select `events`.`id`, `events`.`dt` from `vsrc`.`events` where `events`.`kind` = 'buy'");

    Clusters.Run changed = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, changed.code(), changed.toString());
    assertEquals("replaced", changed.report().views().get(0).action());
    assertEquals(List.of("12|1", "22|2"), rows("select * from vdst.clicks"));
  }

  @Test
  void aViewMovedToAnotherDatabaseWhoseTextNamesAnUnreplicatedTableUnqualifiedIsRefused() throws Exception {
    clusters.sourceTextTable("vuq", "hidden", 1);
    createView("vuq", "peek", "select id from hidden", "select `hidden`.`id` from `vuq`.`hidden`");
    String before = clusters.state();

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - source: vuq.peek\n    target-database: vuq_copy",
        EXECUTORS));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertTrue(run.err().contains("view vuq.peek goes to database vuq_copy but its text reads hidden unqualified,"
        + " which would not be vuq.hidden there"), run.err());
    assertEquals(before, clusters.state(), "nothing written");
  }

  @Test
  void aViewWhoseNameATargetTableHoldsIsRefusedAndTheTableLeftAsItIs() throws Exception {
    clusters.sourceTextTable("vtab", "base", 1);
    createView("vtab", "thing", "select id from vtab.base", "select `base`.`id` from `vtab`.`base`");
    try (SourceTableWriter target = clusters.targetTables()) {
      target.createTable("vtab", "thing", List.of("id int"), List.of("dt string"), SourceTableWriter.Format.TEXT,
          clusters.target.defaultFs() + "/data/vtab_thing", java.util.Map.of());
    }
    Table table = targetView("vtab", "thing");

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - vtab.base\n  - vtab.thing", EXECUTORS));

    RunReport.ViewReport view = run.report().views().get(0);
    assertEquals("refused", view.action(), run.toString());
    assertTrue(view.reason().startsWith("target vtab.thing on target is a EXTERNAL_TABLE, not a view; source view"
        + " vtab.thing cannot replace it"), view.reason());
    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    assertEquals(1, run.report().tables().get(0).partitionsCopied(), "the table beside it is synced");
    assertEquals(table, targetView("vtab", "thing"), "the target table is left as it is");
  }

  @Test
  void underViewsRefuseAViewOverATableTheRunDoesNotReplicateIsRefusedAndNothingWritten() throws Exception {
    clusters.sourceTextTable("vref", "hidden", 1);
    createView("vref", "peek", "select id, dt from vref.hidden",
        "select `hidden`.`id`, `hidden`.`dt` from `vref`.`hidden`");
    String before = clusters.state();

    Clusters.Run run = clusters.run(clusters.config("views: refuse\ntables:\n  - vref.peek", EXECUTORS));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 3): view vref.peek reads vref.hidden, which this run does not replicate,"
        + " and 'views: refuse' refuses it; add them to 'tables' or set 'views: create'", run.err().strip());
    assertEquals(before, clusters.state(), "nothing written on either cluster");
  }

  @Test
  void underViewsCreateAViewOverATableTheRunDoesNotReplicateIsCreatedAndTheTableNamed() throws Exception {
    clusters.sourceTextTable("vcre", "hidden", 1);
    clusters.sourceTextTable("vcre", "shown", 1);
    createView("vcre", "both", "select s.id, s.dt from vcre.shown s join vcre.hidden h on s.id = h.id",
        "select `s`.`id`, `s`.`dt` from `vcre`.`shown` `s` join `vcre`.`hidden` `h` on `s`.`id` = `h`.`id`");

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - vcre.shown\n  - vcre.both", EXECUTORS));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of(new RunReport.ViewReport("target", "vcre.both", "vcre.both", "created",
        List.of("vcre.hidden"), null)), run.report().views());
    assertEquals("view vcre.both -> vcre.both on target: created, reads tables this run does not replicate:"
        + " vcre.hidden", run.out().lines().filter(l -> l.contains("view vcre.both")).findFirst().orElseThrow().strip());
    assertEquals(List.of("both", "shown"), clusters.spark.sql("SHOW TABLES IN vcre").collectAsList().stream()
        .map(r -> r.getString(1)).sorted().toList());
  }

  /** A view as Hive's CREATE VIEW stores it: no location, its columns in the storage descriptor. */
  private void createView(String database, String name, String original, String expanded) throws Exception {
    try (SourceTableWriter source = clusters.sourceTables()) {
      StorageDescriptor sd = new StorageDescriptor();
      sd.setCols(List.of(new FieldSchema("id", "int", null), new FieldSchema("dt", "string", null)));
      sd.setSerdeInfo(new SerDeInfo(null, null, Map.of()));
      Table view = new Table();
      view.setDbName(database);
      view.setTableName(name);
      view.setOwner("etl");
      view.setTableType("VIRTUAL_VIEW");
      view.setSd(sd);
      view.setPartitionKeys(List.of());
      view.setParameters(new java.util.HashMap<>(Map.of("comment", "made by a test")));
      view.setViewOriginalText(original);
      view.setViewExpandedText(expanded);
      source.client().createTable(view);
    }
  }

  private Table targetView(String database, String name) throws Exception {
    try (SourceTableWriter target = clusters.targetTables()) {
      return target.client().getTable(database, name);
    }
  }

  private List<String> rows(String sql) {
    return clusters.spark.sql(sql).collectAsList().stream().map(r -> r.get(0) + "|" + r.get(1)).sorted().toList();
  }
}
