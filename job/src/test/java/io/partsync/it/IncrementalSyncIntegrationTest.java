package io.partsync.it;

import static io.partsync.it.HdfsFiles.allFileNames;
import static io.partsync.it.HdfsFiles.read;
import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.RunReport;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** Incremental runs: versions, unchanged partitions, deletes, and readers during a run. */
class IncrementalSyncIntegrationTest extends SharedClustersTest {
  @Test
  void onlyTheChangedPartitionIsCopiedAndANoChangeRunTouchesNothing() throws Exception {
    String dir = clusters.sourceTextTable("inc", "events", 4);
    String yaml = clusters.config("tables:\n  - inc.events", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    assertEquals(4, first.report().tables().get(0).partitionsCopied());

    Map<String, Partition> before = clusters.targetPartitions("inc", "events");
    // Bookkeeping on the source (a DDL time, a modification time) is not a change of the data or its metadata.
    try (SourceTableWriter source = clusters.sourceTables()) {
      Partition p1 = source.client().getPartition("inc", "events", List.of("1"));
      p1.getParameters().put("transient_lastDdlTime", "1");
      p1.getParameters().put("last_modified_time", "1764000000");
      source.client().alter_partition("inc", "events", p1);
    }
    Clusters.Run idle = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, idle.code(), idle.toString());
    RunReport.TableReport nothing = idle.report().tables().get(0);
    assertEquals(0, nothing.partitionsCopied());
    assertEquals(4, nothing.partitionsUnchanged());
    assertEquals(0, nothing.bytes());
    assertTrue(idle.report().executors().isEmpty(), "no copy task at all");
    assertEquals(before, clusters.targetPartitions("inc", "events"), "metadata untouched, DDL times included");

    // Append a file to one partition.
    String appended = "100,appended\n101,appended\n";
    write(clusters.sourceFs(), dir + "/dt=2/000002_0", appended);
    Clusters.Run afterAppend = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, afterAppend.code(), afterAppend.toString());
    RunReport.TableReport append = afterAppend.report().tables().get(0);
    assertEquals(1, append.partitionsCopied());
    assertEquals(1, append.partitionsAltered());
    assertEquals(3, append.partitionsUnchanged());
    assertEquals(clusters.sourceFs().getContentSummary(new Path(dir + "/dt=2")).getLength(), append.bytes());
    Map<String, Partition> afterAppendPartitions = clusters.targetPartitions("inc", "events");
    for (String unchanged : List.of("dt=1", "dt=3", "dt=4")) {
      assertEquals(before.get(unchanged), afterAppendPartitions.get(unchanged), unchanged);
    }
    String oldLocation = before.get("dt=2").getSd().getLocation();
    assertTrue(clusters.targetFs().exists(new Path(oldLocation)), "the previous version waits for its grace period");
    assertEquals(1, append.housekeeping().recorded());

    // Rewrite a file with the same length and different bytes.
    String original = new String(read(clusters.sourceFs(), dir + "/dt=3/000000_0"));
    write(clusters.sourceFs(), dir + "/dt=3/000000_0", original.replace("click", "CLICK"));
    Clusters.Run afterRewrite = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, afterRewrite.code(), afterRewrite.toString());
    RunReport.TableReport rewrite = afterRewrite.report().tables().get(0);
    assertEquals(1, rewrite.partitionsCopied());
    assertEquals(3, rewrite.partitionsUnchanged());
    assertEquals(clusters.sourceFs().getContentSummary(new Path(dir + "/dt=3")).getLength(), rewrite.bytes());

    assertEquals(clusters.sourceTextRows(dir, 4), clusters.targetTextRows("inc.events"));

    // A file changed on the target behind partsync's back (same length, one byte flipped) is noticed.
    String onTarget = clusters.targetPartitions("inc", "events").get("dt=4").getSd().getLocation() + "/000001_0";
    byte[] bytes = read(clusters.targetFs(), onTarget);
    bytes[0] ^= 0x01;
    try (var out = clusters.targetFs().create(new Path(onTarget), true)) {
      out.write(bytes);
    }
    Clusters.Run repair = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, repair.code(), repair.toString());
    RunReport.TableReport repaired = repair.report().tables().get(0);
    assertEquals(List.of("dt=4"), repaired.partitionsRepaired());
    assertEquals(1, repaired.partitionsCopied());
    assertTrue(repair.out().contains("copied again because their target files had changed: dt=4"), repair.out());
    assertEquals(clusters.sourceTextRows(dir, 4), clusters.targetTextRows("inc.events"));
  }

  @Test
  void compareChecksumCatchesARewriteThatKeptLengthAndModificationTime() throws Exception {
    String dir = clusters.sourceTextTable("inc", "stealth", 2);
    // A partition outside the table's directory: the metastore sends it apart from the others.
    String elsewhere = clusters.source.defaultFs() + "/elsewhere/stealth/dt=3";
    write(clusters.sourceFs(), elsewhere + "/000000_0", "30,click\n");
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.addPartition("inc", "stealth", List.of("3"), elsewhere, Map.of());
    }
    String yaml = clusters.config("tables:\n  - inc.stealth", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    assertEquals(3, first.report().tables().get(0).partitionsCopied());
    assertEquals(List.of("3|30,click"), clusters.targetTextRows("inc.stealth").stream().filter(r -> r.startsWith("3|"))
        .toList());

    Path file = new Path(dir + "/dt=1/000000_0");
    long modified = clusters.sourceFs().getFileStatus(file).getModificationTime();
    String original = new String(read(clusters.sourceFs(), file.toString()));
    write(clusters.sourceFs(), file.toString(), original.replace("click", "CLICK"));
    clusters.sourceFs().setTimes(file, modified, -1);

    // Same names, lengths and modification times: by listing, nothing changed (as the README says).
    Clusters.Run byListing = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, byListing.code(), byListing.toString());
    assertEquals(0, byListing.report().tables().get(0).partitionsCopied());
    assertEquals(3, byListing.report().tables().get(0).partitionsUnchanged());

    Clusters.Run byChecksum = clusters.run(clusters.config("compare: checksum\ntables:\n  - inc.stealth", EXECUTORS));
    assertEquals(ExitCode.SUCCESS, byChecksum.code(), byChecksum.toString());
    RunReport.TableReport caught = byChecksum.report().tables().get(0);
    assertEquals(1, caught.partitionsCopied());
    assertEquals(2, caught.partitionsUnchanged());
    assertEquals(clusters.sourceFs().getContentSummary(new Path(dir + "/dt=1")).getLength(), caught.bytes());
    assertTrue(clusters.targetTextRows("inc.stealth").contains("1|10,CLICK"),
        String.valueOf(clusters.targetTextRows("inc.stealth")));
  }

  @Test
  void deletesKeepLeavesPartitionsAndDropRemovesOnlyWhatPartsyncWrote() throws Exception {
    String dir = clusters.sourceTextTable("inc", "gone", 3);
    Clusters.Run first = clusters.run(clusters.config("tables:\n  - inc.gone", EXECUTORS));
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    String tableLocation = first.report().tables().get(0).targetLocation();
    String foreignDir = clusters.target.defaultFs() + "/foreign/gone/dt=9";
    write(clusters.targetFs(), foreignDir + "/000000_0", "9,foreign\n");
    try (SourceTableWriter target = clusters.targetTables()) {
      target.addPartition("inc", "gone", List.of("9"), foreignDir, Map.of());
    }
    try (SourceTableWriter source = clusters.sourceTables()) {
      source.client().dropPartition("inc", "gone", List.of("3"), false);
    }
    String dt3Location = clusters.targetPartitions("inc", "gone").get("dt=3").getSd().getLocation();

    Clusters.Run keep = clusters.run(clusters.config("tables:\n  - inc.gone", EXECUTORS));
    assertEquals(ExitCode.SUCCESS, keep.code(), keep.toString());
    assertEquals(List.of("dt=3", "dt=9"), keep.report().tables().get(0).partitionsKept());
    assertEquals(0, keep.report().tables().get(0).partitionsDropped());
    assertEquals(List.of("dt=1", "dt=2", "dt=3", "dt=9"), clusters.showPartitions("inc.gone"));

    Clusters.Run drop = clusters.run(clusters.config(
        "deletes: drop\nhousekeeping:\n  grace-period: 0s\ntables:\n  - inc.gone", EXECUTORS));
    assertEquals(ExitCode.SUCCESS, drop.code(), drop.toString());
    RunReport.TableReport dropped = drop.report().tables().get(0);
    assertEquals(1, dropped.partitionsDropped());
    assertEquals(List.of("dt=9"), dropped.partitionsKept());
    assertEquals(List.of("dt=1", "dt=2", "dt=9"), clusters.showPartitions("inc.gone"));
    assertFalse(clusters.targetFs().exists(new Path(dt3Location)), "the dropped partition's data is removed");
    assertTrue(clusters.targetFs().exists(new Path(foreignDir + "/000000_0")), "data partsync did not write stays");
    assertTrue(allFileNames(clusters.targetFs(), tableLocation).stream().noneMatch(f -> f.contains("dt=3")));
    assertEquals(List.of("[9,foreign]"), clusters.queryAfterRefresh("inc.gone",
        "SELECT id, kind FROM inc.gone WHERE dt = '9'"));
  }

  @Test
  void aReaderDuringARunSeesEachPartitionWholeOldOrWholeNew() throws Exception {
    int partitions = 4;
    int rows = 50;
    String dir = clusters.source.defaultFs() + "/data/live";
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("inc", "live", List.of("id int", "v int"), List.of("dt string"), Format.TEXT, dir, Map.of());
      for (int p = 1; p <= partitions; p++) {
        writeVersion(dir + "/dt=" + p, rows, 1);
        writer.addPartition("inc", "live", List.of(Integer.toString(p)), dir + "/dt=" + p, Map.of());
      }
    }
    String yaml = clusters.config("tables:\n  - inc.live", EXECUTORS);
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    for (int p = 1; p <= partitions; p++) {
      writeVersion(dir + "/dt=" + p, rows, 2);
    }

    AtomicBoolean syncing = new AtomicBoolean(true);
    AtomicInteger queries = new AtomicInteger();
    List<String> violations = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      // At least one query after the sync finished, however fast it was.
      boolean last = false;
      while (!last) {
        last = !syncing.get();
        List<Row> result = clusters.spark.sql(
            "SELECT dt, count(*), min(v), max(v) FROM inc.live GROUP BY dt ORDER BY dt").collectAsList();
        queries.incrementAndGet();
        if (result.size() != partitions) {
          violations.add("saw " + result.size() + " partitions: " + result);
        }
        for (Row row : result) {
          if (row.getLong(1) != rows || row.getInt(2) != row.getInt(3)) {
            violations.add("partition " + row.getString(0) + " mixed or partial: " + row);
          }
        }
      }
    });
    Clusters.Run run;
    try {
      run = clusters.run(yaml);
    } finally {
      syncing.set(false);
    }
    reader.join();

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(partitions, run.report().tables().get(0).partitionsCopied());
    assertEquals(List.of(), violations);
    assertTrue(queries.get() >= 1);
    assertEquals(List.of(2), clusters.spark.sql("SELECT DISTINCT v FROM inc.live").collectAsList().stream()
        .map(r -> r.getInt(0)).toList());
  }

  @Test
  void aTargetTableWithDataPartsyncDidNotWriteIsRefusedUnlessAdopted() throws Exception {
    String dir = clusters.sourceTextTable("inc", "theirs", 2);
    String theirDir = clusters.target.defaultFs() + "/theirs/dt=1";
    write(clusters.targetFs(), theirDir + "/000000_0", "1,theirs\n");
    try (SourceTableWriter target = clusters.targetTables()) {
      target.createTable("inc", "theirs", List.of("id int", "kind string"), List.of("dt string"), Format.TEXT,
          clusters.target.defaultFs() + "/theirs", Map.of());
      target.addPartition("inc", "theirs", List.of("1"), theirDir, Map.of());
    }
    Map<String, Partition> before = clusters.targetPartitions("inc", "theirs");
    FileSystem targetFs = clusters.targetFs();
    List<String> filesBefore = allFileNames(targetFs, clusters.target.defaultFs() + "/theirs");

    Clusters.Run refused = clusters.run(clusters.config("tables:\n  - inc.theirs", EXECUTORS));

    assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
    assertTrue(refused.err().contains("target table inc.theirs has partitions partsync did not write"),
        refused.err());
    assertTrue(refused.err().contains("'adopt: true'"), refused.err());
    assertEquals(before, clusters.targetPartitions("inc", "theirs"));
    assertEquals(filesBefore, allFileNames(targetFs, clusters.target.defaultFs() + "/theirs"));
    assertFalse(targetFs.exists(new Path(clusters.target.defaultFs() + "/theirs/.partsync")));

    Clusters.Run adopted = clusters.run(clusters.config("tables:\n  - source: inc.theirs\n    adopt: true",
        EXECUTORS));

    assertEquals(ExitCode.SUCCESS, adopted.code(), adopted.toString());
    assertEquals(1, adopted.report().tables().get(0).partitionsAltered());
    assertEquals(1, adopted.report().tables().get(0).partitionsAdded());
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("inc.theirs"));
    assertTrue(targetFs.exists(new Path(theirDir + "/000000_0")), "their data is left where it was");
    try (SourceTableWriter target = clusters.targetTables()) {
      assertTrue(target.client().getTable("inc", "theirs").getParameters().containsKey("partsync.source.table"));
    }
    Clusters.Run next = clusters.run(clusters.config("tables:\n  - inc.theirs", EXECUTORS));
    assertEquals(ExitCode.SUCCESS, next.code(), "an adopted table is partsync's from then on: " + next);
  }

  private static void writeVersion(String partitionDir, int rows, int version) throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      text.append(i).append(',').append(version).append('\n');
    }
    write(clusters.sourceFs(), partitionDir + "/000000_0", text.toString());
  }
}
