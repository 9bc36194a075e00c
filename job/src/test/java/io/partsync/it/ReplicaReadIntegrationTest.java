package io.partsync.it;

import static io.partsync.it.HdfsFiles.read;
import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.report.RunReport;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading source data from a replica: here a DR copy of the source table's directory on another cluster
 * (the test's target HDFS), reached through a path mapping, while partitions come from the source metastore.
 */
class ReplicaReadIntegrationTest extends SharedClustersTest {
  @BeforeEach
  void forgetOpens() {
    CountingHdfs.OPENED.clear();
  }

  @Test
  void dataIsReadFromTheReplicaOnlyAndTheTargetMatchesTheSource() throws Exception {
    String dir = clusters.sourceTextTable("rep", "whole", 3);
    String replicaDir = mirror(dir, "whole");

    Clusters.Run run = clusters.run(config("rep.whole", dir, replicaDir, "primary"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of(), CountingHdfs.openedUnder(dir), "no data file read from the source cluster");
    assertEquals(clusters.sourceTextRows(dir, 3), clusters.targetTextRows("rep.whole"));
    assertTrue(run.report().tables().get(0).readFromPrimary().isEmpty());
  }

  @Test
  void aFileMissingOrDifferentOnTheReplicaIsReadFromTheSource() throws Exception {
    String dir = clusters.sourceTextTable("rep", "stale", 3);
    String replicaDir = mirror(dir, "stale");
    clusters.targetFs().delete(new Path(replicaDir + "/dt=1/000001_0"), false);
    String original = new String(read(clusters.targetFs(), replicaDir + "/dt=2/000000_0"));
    write(clusters.targetFs(), replicaDir + "/dt=2/000000_0", original.replace("click", "CLICK"));

    Clusters.Run run = clusters.run(config("rep.stale", dir, replicaDir, "primary"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("/data/rep_stale/dt=1/000001_0", "/data/rep_stale/dt=2/000000_0"),
        CountingHdfs.openedUnder(dir));
    assertEquals(clusters.sourceTextRows(dir, 3), clusters.targetTextRows("rep.stale"));
    List<String> fromPrimary = run.report().tables().get(0).readFromPrimary().stream().sorted().toList();
    assertEquals(2, fromPrimary.size(), fromPrimary.toString());
    assertTrue(fromPrimary.get(0).startsWith("dt=1: ") && fromPrimary.get(0).contains("missing on the replica"),
        fromPrimary.toString());
    assertTrue(fromPrimary.get(1).startsWith("dt=2: ") && fromPrimary.get(1).contains("same length, CRC32C"),
        fromPrimary.toString());
    assertTrue(run.out().contains("2 file(s) read from the source cluster, not the read replica"), run.out());
  }

  @Test
  void withSkipAPartitionTheReplicaLacksIsNotPublishedAndTheOthersAre() throws Exception {
    String dir = clusters.sourceTextTable("rep", "skipped", 3);
    String replicaDir = mirror(dir, "skipped");
    clusters.targetFs().delete(new Path(replicaDir + "/dt=3/000000_0"), false);

    Clusters.Run run = clusters.run(config("rep.skipped", dir, replicaDir, "skip"));

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    assertEquals(List.of(), CountingHdfs.openedUnder(dir));
    RunReport.TableReport table = run.report().tables().get(0);
    assertEquals(2, table.partitionsCopied());
    assertEquals("dt=3", table.failures().get(0).partition());
    assertTrue(table.failures().get(0).reason().contains("missing on the replica")
        && table.failures().get(0).reason().contains("on-mismatch: skip"), table.failures().get(0).reason());
    assertEquals(List.of("dt=1", "dt=2"), clusters.showPartitions("rep.skipped"), "no half partition published");

    // Once the replica has caught up, a re-run completes the table.
    write(clusters.targetFs(), replicaDir + "/dt=3/000000_0",
        new String(read(clusters.sourceFs(), dir + "/dt=3/000000_0")));
    Clusters.Run rerun = clusters.run(config("rep.skipped", dir, replicaDir, "skip"));
    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertEquals(1, rerun.report().tables().get(0).partitionsCopied());
    assertEquals(clusters.sourceTextRows(dir, 3), clusters.targetTextRows("rep.skipped"));
  }

  /** The source table's files, copied byte for byte to a directory of the other cluster. */
  private static String mirror(String dir, String name) throws Exception {
    String replicaDir = clusters.target.defaultFs() + "/dr/rep_" + name;
    for (FileStatus partition : clusters.sourceFs().listStatus(new Path(dir))) {
      for (FileStatus file : clusters.sourceFs().listStatus(partition.getPath())) {
        write(clusters.targetFs(), replicaDir + "/" + partition.getPath().getName() + "/" + file.getPath().getName(),
            new String(read(clusters.sourceFs(), file.getPath().toString())));
      }
    }
    return replicaDir;
  }

  private static String config(String table, String dir, String replicaDir, String onMismatch) {
    String source = CountingHdfs.sourceSection(clusters.source) + String.join("\n",
        "  read-replica:",
        "    default-fs: " + clusters.target.defaultFs(),
        "    path-map:",
        "      \"" + dir + "\": \"" + replicaDir + "\"",
        "    on-mismatch: " + onMismatch,
        "");
    return source + clusters.target.configSection("target") + "executors:\n" + EXECUTORS + "\ntables:\n  - " + table
        + "\n";
  }
}
