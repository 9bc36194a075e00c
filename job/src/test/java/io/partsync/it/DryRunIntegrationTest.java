package io.partsync.it;

import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.PlanReport;
import io.partsync.report.RunReport;
import io.partsync.run.RunOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.Test;

/** {@code --dry-run}: the plan a run would follow, and not one byte or metastore change on either cluster. */
class DryRunIntegrationTest extends SharedClustersTest {
  private static final RunOptions DRY_RUN = new RunOptions(true, Optional.empty());

  @Test
  void aFirstDryRunPlansEveryPartitionAsNewAndCreatesNothing() throws Exception {
    // A database of its own: the target has no such database yet, whatever ran before.
    String dir = clusters.sourceTextTable("dryfresh", "events", 3);
    ((DistributedFileSystem) clusters.sourceFs()).allowSnapshot(new Path(dir));
    String yaml = clusters.config("tables:\n  - source: dryfresh.events\n    snapshots: required", EXECUTORS);
    String before = clusters.state();

    Clusters.Run dry = clusters.run(yaml, DRY_RUN);

    assertEquals(ExitCode.SUCCESS, dry.code(), dry.toString());
    assertEquals(before, clusters.state(), "nothing written to either cluster or metastore, no snapshot taken");
    assertNull(dry.report(), "a dry run writes no run report");
    PlanReport plan = dry.plan();
    assertNotNull(plan, "the plan is written as JSON beside the report");
    assertEquals("PLANNED", plan.status());
    PlanReport.TableChanges table = plan.tables().get(0);
    assertEquals("dryfresh.events", table.target());
    assertEquals(new PlanReport.MetastoreChanges(true, true, false, 3, 0, 0), table.metastore());
    assertEquals(List.of("dt=1", "dt=2", "dt=3"), table.copy().stream().map(PlanReport.PartitionChange::partition)
        .sorted().toList());
    assertTrue(table.copy().stream().allMatch(c -> c.reason().equals("new") && c.fileChanges() == null));
    long sourceBytes = clusters.sourceFs().getContentSummary(new Path(dir)).getLength();
    assertEquals(sourceBytes, plan.totals().bytes());
    assertEquals(2, plan.executors().size(), "two virtual executors for three partitions");
    assertEquals(sourceBytes, plan.executors().stream().mapToLong(PlanReport.ExecutorLoad::bytes).sum());
    assertTrue(plan.executors().stream().allMatch(e -> e.predictedMillis() > 0), "each executor's predicted time");
    assertTrue(dry.out().matches("(?s).*executor\\s+partitions\\s+files\\s+bytes\\s+predicted\n.*"), dry.out());
    for (PlanReport.PartitionChange copy : table.copy()) {
      assertTrue(plan.executors().get(copy.executor()).partitionNames().contains("dryfresh.events partition "
          + copy.partition()), copy + " is on the executor it names");
    }
    assertTrue(dry.out().contains("nothing was written"), dry.out());
    assertTrue(dry.out().contains("create database; create table; add 3, alter 0, drop 0 partition(s)"), dry.out());
    assertTrue(dry.out().matches("(?s).*COPY\\s+dt=1\\s+new\\s+2\\s+.*"), dry.out());
  }

  @Test
  void aDryRunShowsWhichFilesChangedAndTheRunThatFollowsDoesExactlyThat() throws Exception {
    String dir = clusters.sourceTextTable("dry", "changes", 5);
    String yaml = clusters.config("deletes: drop\ntables:\n  - dry.changes", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());

    write(clusters.sourceFs(), dir + "/dt=2/000002_0", "99,appended\n");
    write(clusters.sourceFs(), dir + "/dt=3/000000_0", "30,click\n31,view\n32,a longer line\n");
    write(clusters.sourceFs(), dir + "/dt=6/000000_0", "60,new\n");
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.addPartition("dry", "changes", List.of("6"), dir + "/dt=6", Map.of());
      source.client().dropPartition("dry", "changes", List.of("1"), false);
    }
    String before = clusters.state();

    Clusters.Run dry = clusters.run(yaml, DRY_RUN);

    assertEquals(ExitCode.SUCCESS, dry.code(), dry.toString());
    assertEquals(before, clusters.state(), "nothing written to either cluster or metastore");
    PlanReport.TableChanges table = dry.plan().tables().get(0);
    Map<String, PlanReport.PartitionChange> copies = table.copy().stream()
        .collect(Collectors.toMap(PlanReport.PartitionChange::partition, c -> c, (a, b) -> a, TreeMap::new));
    assertEquals(List.of("dt=2", "dt=3", "dt=6"), List.copyOf(copies.keySet()));
    assertEquals("changed", copies.get("dt=2").reason());
    assertEquals(List.of("000002_0"), copies.get("dt=2").fileChanges().added());
    assertEquals(List.of("000000_0"), copies.get("dt=3").fileChanges().resized());
    assertTrue(copies.get("dt=3").fileChanges().added().isEmpty());
    assertEquals("new", copies.get("dt=6").reason());
    assertEquals(List.of("dt=1"), table.drop());
    assertEquals(List.of("dt=4", "dt=5"), table.unchanged());
    assertEquals(new PlanReport.MetastoreChanges(false, false, false, 1, 2, 1), table.metastore());
    assertTrue(dry.out().contains("changed: +1 added (000002_0)"), dry.out());
    assertTrue(dry.out().contains("changed: ~1 resized (000000_0)"), dry.out());
    assertTrue(dry.out().matches("(?s).*DROP\\s+dt=1\\s+gone from the source.*"), dry.out());
    assertTrue(dry.out().contains("SKIP 2 unchanged partition(s)"), dry.out());

    Clusters.Run real = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, real.code(), real.toString());
    RunReport.TableReport done = real.report().tables().get(0);
    assertEquals(copies.size(), done.partitionsCopied(), "the run copies what the dry run planned");
    assertEquals(table.drop().size(), done.partitionsDropped());
    assertEquals(table.unchanged().size(), done.partitionsUnchanged());
    assertEquals(dry.plan().totals().bytes(), done.bytes());
  }

  @Test
  void aDryRunShowsALockAnotherRunHolds() throws Exception {
    clusters.sourceTextTable("dry", "locked", 1);
    String yaml = clusters.config("tables:\n  - dry.locked", EXECUTORS);
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    String location = clusters.targetPartitions("dry", "locked").get("dt=1").getSd().getLocation();
    String tableLocation = location.substring(0, location.indexOf("/partsync-"));
    String lock = tableLocation + "/.partsync/lock";
    java.time.Instant now = java.time.Instant.now();
    LockRecoveryIntegrationTest.writeLock(tableLocation, "other-run", "elsewhere", now, now.plusSeconds(3600));
    try {
      Clusters.Run dry = clusters.run(yaml, DRY_RUN);
      assertEquals(ExitCode.SUCCESS, dry.code(), dry.toString());
      assertTrue(dry.plan().tables().get(0).lockedBy().startsWith("run other-run on elsewhere"),
          dry.plan().tables().get(0).lockedBy());
      assertTrue(dry.out().contains("LOCKED by run other-run on elsewhere"), dry.out());
      assertTrue(clusters.targetFs().exists(new Path(lock)), "the dry run leaves another run's lock alone");
    } finally {
      clusters.targetFs().delete(new Path(lock), false);
    }
  }
}
