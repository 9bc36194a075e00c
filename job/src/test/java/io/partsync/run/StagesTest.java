package io.partsync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.copy.ExecutorResult;
import io.partsync.copy.PartitionResult;
import io.partsync.failure.SyncRefusedException;
import io.partsync.metastore.Column;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.InMemoryMetastore;
import io.partsync.plan.CopyCost;
import io.partsync.plan.TablePlan;
import io.partsync.publish.TablePublished;
import io.partsync.report.RunReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's stages through in-memory metastores and local files, without a cluster: planning a run,
 * refusing a table, publishing, and a target failing under {@code on-target-failure: continue} and
 * {@code abort}. What the stages wrote is read back from the metastores and the file system.
 */
class StagesTest {
  @TempDir
  Path root;

  @Test
  void aNewTableIsCreatedCopiedAndPublishedOnEveryTargetAndThenFoundUnchanged() throws Exception {
    try (StageFixture clusters = new StageFixture(root, "")) {
      StageFixture.Run first = clusters.run();

      assertEquals("SUCCEEDED", first.report().status(), first.report().toString());
      for (String target : List.of("east", "west")) {
        InMemoryMetastore metastore = clusters.targets.get(target);
        HiveTable table = metastore.table("sales", "orders").orElseThrow();
        assertEquals(clusters.uri(target + "/warehouse/sales.db/orders"), table.location());
        Map<String, HivePartition> partitions = metastore.partitions("sales", "orders");
        assertEquals(List.of("dt=1", "dt=2"), List.copyOf(partitions.keySet()));
        HivePartition dt1 = partitions.get("dt=1");
        assertEquals(table.location() + "/partsync-stage-run-1/dt=1", dt1.location());
        assertEquals("1,pen\n2,ink\n", Files.readString(Path.of(java.net.URI.create(dt1.location()))
            .resolve("000000_0")));
      }
      assertEquals(4, first.copied().results().stream().mapToLong(r -> r.partitions().size()).sum());

      StageFixture.Run again = clusters.run();

      assertTrue(again.copied().plans().isEmpty(), "nothing to copy: " + again.copied().plans());
      for (TablePlan plan : again.planned().active().stream().flatMap(t -> t.tables().stream()).toList()) {
        assertEquals(List.of("dt=1", "dt=2"), plan.unchanged().stream().sorted().toList());
        assertTrue(plan.copies().isEmpty() && plan.drops().isEmpty(), plan.toString());
      }
      assertEquals("SUCCEEDED", again.report().status());
    }
  }

  @Test
  void aTableOneTargetRefusesLeavesThatTargetOutAndTheOtherGoesOn() throws Exception {
    try (StageFixture clusters = new StageFixture(root, "on-target-failure: continue")) {
      HiveTable incompatible = incompatibleOn(clusters, "west");

      StageFixture.Run run = clusters.run();

      assertEquals(List.of("west"), run.done().failed().stream().map(TargetSet.FailedTarget::name).toList());
      SyncRefusedException refused = (SyncRefusedException) run.done().failed().get(0).failure();
      assertTrue(refused.getMessage().contains("sales.orders"), refused.getMessage());
      assertEquals(Optional.of(incompatible), clusters.targets.get("west").table("sales", "orders"));
      assertTrue(clusters.targets.get("west").partitions("sales", "orders").isEmpty());
      assertEquals(List.of("dt=1", "dt=2"),
          List.copyOf(clusters.targets.get("east").partitions("sales", "orders").keySet()));
      RunReport.TargetReport west = run.report().targets().stream().filter(t -> t.name().equals("west"))
          .findFirst().orElseThrow();
      assertEquals("FAILED", west.status());
      assertEquals("FAILED", run.report().status());
    }
  }

  @Test
  void underAbortARefusedTableEndsTheRunBeforeAnythingIsWrittenAnywhere() throws Exception {
    try (StageFixture clusters = new StageFixture(root, "on-target-failure: abort")) {
      HiveTable incompatible = incompatibleOn(clusters, "west");

      SyncRefusedException refused = assertThrows(SyncRefusedException.class, clusters::run);

      assertTrue(refused.getMessage().contains("sales.orders"), refused.getMessage());
      assertEquals(Optional.empty(), clusters.targets.get("east").table("sales", "orders"));
      assertFalse(clusters.targets.get("east").calls().stream().anyMatch(c -> c.startsWith("create")),
          clusters.targets.get("east").calls().toString());
      assertEquals(Optional.of(incompatible), clusters.targets.get("west").table("sales", "orders"));
      assertFalse(Files.exists(root.resolve("east/warehouse/sales.db/orders")), "nothing written on east");
    }
  }

  @Test
  void underAbortACopyThatFailedOnOneTargetWithholdsEveryTarget() throws Exception {
    try (StageFixture clusters = new StageFixture(root, "on-target-failure: abort")) {
      StageFixture.Run run = clusters.run(results -> failedOn("west", results));

      for (String target : List.of("east", "west")) {
        assertTrue(clusters.targets.get(target).partitions("sales", "orders").isEmpty(), target);
      }
      List<TablePublished> published = run.published().active().stream().flatMap(t -> t.tables().stream()).toList();
      assertEquals(2, published.size());
      published.forEach(p -> assertEquals("not published: target(s) west failed and 'on-target-failure: abort'"
          + " withholds every target", p.error()));
      assertEquals("FAILED", run.report().status());
    }
  }

  @Test
  void underContinueACopyThatFailedOnOneTargetIsNotPublishedThereAndTheOtherTargetPublishes() throws Exception {
    try (StageFixture clusters = new StageFixture(root, "on-target-failure: continue")) {
      StageFixture.Run run = clusters.run(results -> failedOn("west", results));

      assertEquals(List.of("dt=1", "dt=2"),
          List.copyOf(clusters.targets.get("east").partitions("sales", "orders").keySet()));
      assertTrue(clusters.targets.get("west").partitions("sales", "orders").isEmpty());
      RunReport.TableReport west = run.report().tables().stream().filter(t -> t.targetCluster().equals("west"))
          .findFirst().orElseThrow();
      assertEquals(2, west.partitionsFailed());
      assertEquals(0, west.partitionsCopied());
    }
  }

  /** An existing table on {@code target} whose columns a replica of the source cannot have. */
  private static HiveTable incompatibleOn(StageFixture clusters, String target) {
    HiveTable table = new HiveTable("sales", "orders", "someone", "EXTERNAL_TABLE",
        clusters.uri(target + "/warehouse/sales.db/orders"), List.of(new Column("id", "string", null)),
        List.of(new Column("dt", "string", null)), StageFixture.TEXT, Map.of("EXTERNAL", "TRUE"), null, null);
    clusters.targets.get(target).withTable(table);
    return clusters.targets.get(target).table("sales", "orders").orElseThrow();
  }

  /** The results with every copy to {@code target} failed, as a copy that could not write there reports. */
  private static List<ExecutorResult> failedOn(String target, List<ExecutorResult> results) {
    return results.stream().map(r -> new ExecutorResult(r.executor(), r.host(), r.partitions().stream()
        .map(p -> p.target().equals(target) ? failed(p) : p).toList(), r.bytesCopied(), r.peakBufferBytes(),
        r.millis())).toList();
  }

  private static PartitionResult failed(PartitionResult p) {
    return new PartitionResult(p.target(), p.table(), p.name(), p.values(), p.targetDir(), p.version(), p.listing(),
        p.targetVersion(), p.files(), p.bytes(), p.millis(), p.readFromPrimary(), "cannot write " + p.targetDir());
  }

  @Test
  void theCopyCostLeftOutOfTheConfigIsWhatThePreviousRunsReportObserved() throws Exception {
    Path report = root.resolve("reports/run.json");
    Files.createDirectories(report.getParent());
    Files.writeString(report, io.partsync.report.ReportWriter.toJson(reportObserving(
        new RunReport.CostFigures(40L << 20, 20.5, 4.25, "previous run"))));
    String reportJson = "report:\n  json: " + report;

    try (StageFixture clusters = new StageFixture(root, reportJson)) {
      assertEquals(new CopyCost(40L << 20, 20.5, 4.25, "previous run"), clusters.stages().copyCost());
    }
    try (StageFixture clusters = new StageFixture(root, reportJson, "  cost:\n    per-file: 3ms")) {
      assertEquals(new CopyCost(40L << 20, 3, 4.25, "config and previous run"), clusters.stages().copyCost());
    }
  }

  @Test
  void aPreviousReportThatCannotBeReadLeavesTheDefaults() throws Exception {
    Path report = root.resolve("broken.json");
    Files.writeString(report, "{ not json");
    try (StageFixture clusters = new StageFixture(root, "report:\n  json: " + report)) {
      assertEquals(CopyCost.DEFAULTS, clusters.stages().copyCost());
    }
    try (StageFixture clusters = new StageFixture(root, "report:\n  json: " + root.resolve("absent.json"))) {
      assertEquals(CopyCost.DEFAULTS, clusters.stages().copyCost());
    }
  }

  private static RunReport reportObserving(RunReport.CostFigures observed) {
    return new RunReport(RunReport.VERSION, "20261201T100000Z-000001", "SUCCEEDED", "2026-12-01T10:00:00Z",
        "2026-12-01T10:01:00Z", 60_000, Map.of(), new RunReport.Pipeline(1, 10L, 20),
        new RunReport.Totals(0, 0, 0, 0, 0, 0), List.of(), List.of(), List.of(), List.of(), List.of(),
        new RunReport.CopyCostReport(new RunReport.CostFigures(100L << 20, 12, 6, "defaults"), observed), null, null);
  }
}
