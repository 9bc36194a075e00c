package io.partsync.it;

import static io.partsync.it.HdfsFiles.read;
import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.RunReport;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.Test;

/** Reading the source through HDFS snapshots, and finding changes from snapshot diffs. */
class SnapshotIntegrationTest extends SharedClustersTest {
  @Test
  void theDiffFindsAppendsRewritesDeletesAndRenamesAndOnlyThosePartitionsAreListed() throws Exception {
    String dir = snapshottable("changes", 5);
    String yaml = config("required", "deletes: drop\ntables:\n  - snap.changes");
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    RunReport.Snapshot taken = first.report().tables().get(0).snapshot();
    assertEquals("partsync-" + first.report().runId(), taken.name());
    assertNull(taken.diffFrom(), "no earlier snapshot to diff from");
    assertEquals(List.of(taken.name()), snapshots(dir));

    write(clusters.sourceFs(), dir + "/dt=1/000002_0", "13,appended\n");
    String original = new String(read(clusters.sourceFs(), dir + "/dt=2/000000_0"));
    write(clusters.sourceFs(), dir + "/dt=2/000000_0", original.replace("click", "CLICK"));
    clusters.sourceFs().delete(new Path(dir + "/dt=3"), true);
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.client().dropPartition("snap", "changes", List.of("3"), false);
    }
    // A partition renamed the way Hive renames one: its directory moves, the metastore follows.
    clusters.sourceFs().rename(new Path(dir + "/dt=4"), new Path(dir + "/dt=6"));
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.client().dropPartition("snap", "changes", List.of("4"), false);
      source.addPartition("snap", "changes", List.of("6"), dir + "/dt=6", java.util.Map.of());
    }

    Clusters.Run second = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, second.code(), second.toString());
    RunReport.TableReport table = second.report().tables().get(0);
    assertEquals(taken.name(), table.snapshot().diffFrom());
    assertEquals(1, table.snapshot().partitionsNotListed(), "dt=5 alone was untouched: " + table.snapshot());
    assertEquals(3, table.partitionsCopied(), "dt=1 appended, dt=2 rewritten, dt=6 renamed from dt=4");
    assertEquals(2, table.partitionsDropped(), "dt=3 deleted, dt=4 renamed away");
    assertEquals(1, table.partitionsUnchanged());
    assertEquals(clusters.targetTextRows("snap.changes").size(), sourceRowCount(dir));
    assertTrue(clusters.targetTextRows("snap.changes").contains("2|20,CLICK"));
    assertEquals(List.of(table.snapshot().name()), snapshots(dir), "the first run's snapshot is deleted");
  }

  @Test
  void aPartitionPointedAtAnotherDirectoryIsComparedThoughTheDiffIsEmpty() throws Exception {
    String dir = snapshottable("repointed", 2);
    write(clusters.sourceFs(), dir + "/other/000000_0", "77,elsewhere\n");
    String yaml = config("required", "tables:\n  - snap.repointed");
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    try (SourceTableWriter source = clusters.sourceTables()) {
      var partition = source.client().getPartition("snap", "repointed", List.of("2"));
      partition.getSd().setLocation(dir + "/other");
      source.client().alter_partition("snap", "repointed", partition);
    }

    Clusters.Run second = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, second.code(), second.toString());
    assertEquals(1, second.report().tables().get(0).partitionsCopied(), "nothing changed on disk, but dt=2 moved");
    assertTrue(clusters.targetTextRows("snap.repointed").contains("2|77,elsewhere"));
  }

  @Test
  void copyingTheFirstChangesStartsWhileTheRestAreStillPlanned() throws Exception {
    String dir = snapshottable("waves", 7);
    String yaml = config("required", "tables:\n  - snap.waves").replace("  memory: 16m",
        "  memory: 16m\n  wave-partitions: 2");
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    for (int p = 1; p <= 6; p++) {
      write(clusters.sourceFs(), dir + "/dt=" + p + "/000002_0", p + "3,later\n");
    }

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    RunReport.Pipeline pipeline = run.report().pipeline();
    assertEquals(2, pipeline.copyJobs(), "6 touched partitions in waves of 2, then 4: " + pipeline);
    assertTrue(pipeline.firstCopyStartedMillis() < pipeline.planningFinishedMillis(), pipeline.toString());
    RunReport.TableReport table = run.report().tables().get(0);
    assertEquals(6, table.partitionsCopied());
    assertEquals(1, table.snapshot().partitionsNotListed());
    assertEquals(clusters.sourceTextRows(dir, 7), clusters.targetTextRows("snap.waves"));
  }

  @Test
  void aWriterChangingTheSourceDuringTheCopyDoesNotChangeWhatIsCopied() throws Exception {
    String dir = snapshottable("racing", 2);
    List<String> before = clusters.sourceTextRows(dir, 2);
    RewritingHdfs.REWRITTEN.clear();
    String yaml = config("required", "tables:\n  - snap.racing").replace("  properties:\n",
        "  properties:\n    fs.hdfs.impl: " + RewritingHdfs.class.getName() + "\n");

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(4, RewritingHdfs.REWRITTEN.size(), "every live file was rewritten while it was copied");
    assertEquals(before, clusters.targetTextRows("snap.racing"), "the copy is the snapshot's cut");

    RewritingHdfs.REWRITTEN.clear();
    Clusters.Run next = clusters.run(config("required", "tables:\n  - snap.racing"));
    assertEquals(ExitCode.SUCCESS, next.code(), next.toString());
    assertEquals(2, next.report().tables().get(0).partitionsCopied(), "the next run takes the writer's changes");
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("snap.racing"));
  }

  @Test
  void aDeletedPreviousSnapshotFallsBackToFingerprints() throws Exception {
    String dir = snapshottable("fallback", 3);
    String yaml = config("required", "tables:\n  - snap.fallback");
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    ((DistributedFileSystem) clusters.sourceFs()).deleteSnapshot(new Path(dir), snapshots(dir).get(0));
    write(clusters.sourceFs(), dir + "/dt=2/000002_0", "23,late\n");

    Clusters.Run second = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, second.code(), second.toString());
    RunReport.TableReport table = second.report().tables().get(0);
    assertNull(table.snapshot().diffFrom(), "no diff: every partition compared by fingerprint");
    assertEquals(0, table.snapshot().partitionsNotListed());
    assertEquals(1, table.partitionsCopied());
    assertEquals(2, table.partitionsUnchanged());
    assertEquals(clusters.sourceTextRows(dir, 3), clusters.targetTextRows("snap.fallback"));
  }

  @Test
  void requiredOnADirectoryWithoutSnapshotsIsAClearErrorAndWritesNothing() throws Exception {
    String dir = clusters.sourceTextTable("snap", "plain", 2);

    Clusters.Run refused = clusters.run(config("required", "tables:\n  - snap.plain"));

    assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
    assertTrue(refused.err().contains("source table snap.plain: its directory " + dir + " does not allow snapshots;"
        + " an HDFS administrator can allow them with 'hdfs dfsadmin -allowSnapshot " + dir + "'"), refused.err());
    assertTrue(!clusters.spark.catalog().tableExists("snap.plain"), "no target table created");
    assertTrue(!clusters.targetFs().exists(new Path(clusters.target.defaultFs() + "/user/hive/warehouse/snap.db/plain")));

    Clusters.Run auto = clusters.run(config("auto", "tables:\n  - snap.plain"));
    assertEquals(ExitCode.SUCCESS, auto.code(), auto.toString());
    assertNull(auto.report().tables().get(0).snapshot(), "auto reads it live");
  }

  @Test
  void aNamedSnapshotIsReadAsItWasAndNeverDeleted() throws Exception {
    String dir = snapshottable("named", 2);
    ((DistributedFileSystem) clusters.sourceFs()).createSnapshot(new Path(dir), "nightly");
    List<String> asSnapshotted = clusters.sourceTextRows(dir, 2);
    write(clusters.sourceFs(), dir + "/dt=1/000002_0", "13,after the snapshot\n");

    Clusters.Run run = clusters.run(config("required",
        "tables:\n  - source: snap.named\n    snapshot: nightly"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals("nightly", run.report().tables().get(0).snapshot().name());
    assertEquals(asSnapshotted, clusters.targetTextRows("snap.named"));
    assertEquals(List.of("nightly"), snapshots(dir), "a snapshot partsync did not create stays");
  }

  @Test
  void noPermissionToCreateASnapshotIsAClearErrorAndWritesNothing() throws Exception {
    snapshottable("forbidden", 1);
    // Alice may write the target location, so what stops her is the snapshot on the source.
    Path location = new Path(clusters.target.defaultFs() + "/user/hive/warehouse/snap.db/forbidden");
    clusters.targetFs().mkdirs(location);
    clusters.targetFs().setOwner(location, "alice", null);
    Clusters.Run refused = org.apache.hadoop.security.UserGroupInformation.createRemoteUser("alice")
        .doAs((java.security.PrivilegedExceptionAction<Clusters.Run>) () -> clusters.run(
            config("required", "tables:\n  - snap.forbidden")));

    assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
    assertTrue(refused.err().contains("source table snap.forbidden: no permission to create a snapshot of"),
        refused.err());
    assertTrue(refused.err().contains("name an existing snapshot with 'snapshot:'"), refused.err());
    assertTrue(!clusters.spark.catalog().tableExists("snap.forbidden"), "no target table created");
  }

  @Test
  void snapshotsKeepKeepsTheNewestOnesBesideTheRecordedOne() throws Exception {
    String dir = snapshottable("kept", 1);
    String yaml = config("required", "tables:\n  - snap.kept").replaceFirst("  snapshots: required\n",
        "  snapshots: required\n  snapshots-keep: 2\n");
    List<String> runs = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      write(clusters.sourceFs(), dir + "/dt=1/00000" + (i + 2) + "_0", i + ",more\n");
      Clusters.Run run = clusters.run(yaml);
      assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
      runs.add("partsync-" + run.report().runId());
    }
    assertEquals(runs.subList(1, 3).stream().sorted().toList(), snapshots(dir),
        "the two newest stay; the oldest is deleted");
  }

  @Test
  void aFailedRunLeavesNoSnapshotItNoLongerNeeds() throws Exception {
    String dir = snapshottable("failed", 2);
    String yaml = config("required", "tables:\n  - snap.failed");
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    List<String> kept = snapshots(dir);
    write(clusters.sourceFs(), dir + "/dt=1/000002_0", "13,new\n");

    Clusters.Run failed = clusters.runKilledAt("after-copy", yaml);

    assertEquals(ExitCode.FAILED, failed.code(), failed.toString());
    assertEquals(kept, snapshots(dir), "the failed run's snapshot is gone; the target's last one stays");
    Clusters.Run rerun = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertEquals(1, rerun.report().tables().get(0).partitionsCopied());
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("snap.failed"));
  }

  @Test
  void anUnpartitionedTableIsReadThroughItsSnapshotAndAnEmptyDiffListsNothing() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/snap_whole";
    write(clusters.sourceFs(), dir + "/000000_0", "1,one\n");
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.createTable("snap", "whole", List.of("id int", "kind string"), List.of(), SourceTableWriter.Format.TEXT,
          dir, java.util.Map.of());
    }
    ((DistributedFileSystem) clusters.sourceFs()).allowSnapshot(new Path(dir));
    String yaml = config("required", "tables:\n  - snap.whole");
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    assertEquals("partsync-" + first.report().runId(), first.report().tables().get(0).snapshot().name());
    assertEquals(1, first.report().tables().get(0).partitionsCopied());

    Clusters.Run idle = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, idle.code(), idle.toString());
    RunReport.TableReport unchanged = idle.report().tables().get(0);
    assertEquals(first.report().tables().get(0).snapshot().name(), unchanged.snapshot().diffFrom());
    assertEquals(1, unchanged.snapshot().partitionsNotListed(), "the empty diff spares the listing");
    assertEquals(0, unchanged.partitionsCopied());

    write(clusters.sourceFs(), dir + "/000001_0", "2,two\n");
    Clusters.Run changed = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, changed.code(), changed.toString());
    assertEquals(0, changed.report().tables().get(0).snapshot().partitionsNotListed());
    assertEquals(1, changed.report().tables().get(0).partitionsCopied());
    assertEquals(List.of("[1,one]", "[2,two]"), clusters.queryAfterRefresh("snap.whole",
        "SELECT id, kind FROM snap.whole ORDER BY id"));
  }

  private static String snapshottable(String table, int partitions) throws Exception {
    String dir = clusters.sourceTextTable("snap", table, partitions);
    ((DistributedFileSystem) clusters.sourceFs()).allowSnapshot(new Path(dir));
    return dir;
  }

  private static String config(String snapshots, String rest) {
    return clusters.config(rest, EXECUTORS).replaceFirst("source:\n", "source:\n  snapshots: " + snapshots + "\n");
  }

  private static List<String> snapshots(String dir) throws Exception {
    return java.util.Arrays.stream(clusters.sourceFs().listStatus(new Path(dir + "/.snapshot")))
        .map(s -> s.getPath().getName()).sorted().toList();
  }

  private static long sourceRowCount(String dir) throws Exception {
    long rows = 0;
    var files = clusters.sourceFs().listFiles(new Path(dir), true);
    while (files.hasNext()) {
      rows += new String(read(clusters.sourceFs(), files.next().getPath().toString()))
          .lines().count();
    }
    return rows;
  }
}
