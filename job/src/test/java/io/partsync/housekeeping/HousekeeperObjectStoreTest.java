package io.partsync.housekeeping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.embedded.S3Server;
import io.partsync.failure.Faults;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.S3Probe;
import io.partsync.plan.RunId;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Housekeeping on a real S3 server: version directories are removed with a handful of bulk delete
 * requests, and a sweep aborts the multipart uploads a killed run left in this table's run directories.
 */
class HousekeeperObjectStoreTest {
  private static final Logger LOG = LoggerFactory.getLogger(HousekeeperObjectStoreTest.class);
  private static final RunOwner MINE = new RunOwner("db.mine", "id-mine");
  private static final RunOwner OTHER = new RunOwner("db.other", "id-other");
  private static final String WAREHOUSE = "s3a://bucket/warehouse";
  private static final int VERSIONS = 200;

  @TempDir
  static Path dir;
  private static S3Server server;
  private static ClusterFileSystem fs;

  @BeforeAll
  static void start() throws IOException {
    server = S3Server.start(dir, "bucket");
    Map<String, String> properties = new HashMap<>(server.s3aProperties());
    properties.put("fs.defaultFS", "s3a://bucket");
    fs = ClusterFileSystem.open("target", properties);
  }

  @AfterAll
  static void stop() throws IOException {
    fs.close();
    server.close();
  }

  @Test
  void versionDirectoriesAreRemovedInPagesAndOnlyThey() throws Exception {
    String table = WAREHOUSE + "/paged";
    List<String> versions = versions(table, "r1", MINE, VERSIONS);
    List<String> doomed = new ArrayList<>(versions.subList(0, 150));
    Set<String> kept = new HashSet<>(versions.subList(150, VERSIONS));
    List<String> wholeRun = new ArrayList<>(versions(table, "r2", MINE, 20));
    wholeRun.add(table + "/partsync-r2/dt=empty");
    fs.mkdirs(wholeRun.get(20)); // an empty partition: a directory marker object and nothing under it
    List<String> others = versions(table, "r3", OTHER, 5);
    List<String> unreferenced = new ArrayList<>(doomed);
    unreferenced.addAll(wholeRun);
    unreferenced.addAll(others);
    S3Probe.Counters before = S3Probe.counters(fs, table);

    Housekeeper.Outcome outcome = new Housekeeper(fs, Duration.ZERO, Faults.NONE).run(table, new RunId("r9"),
        unreferenced, List.of(), kept, false, 1, MINE);

    S3Probe.Counters paged = S3Probe.counters(fs, table).since(before);
    assertEquals(176, outcome.recorded());
    assertEquals(171, outcome.removed(), "another table's five are left to it");
    for (String version : doomed) {
      assertFalse(fs.exists(version), version);
    }
    for (String version : kept) {
      assertEquals(List.of("000000_0"), fs.listDataFiles(version).stream().map(d -> d.relativePath()).toList(),
          version);
    }
    assertFalse(fs.exists(table + "/partsync-r2"), "a run directory emptied of all its versions goes, the empty"
        + " partition's marker with them");
    for (String version : others) {
      assertTrue(fs.exists(version + "/000000_0"), version);
    }
    LOG.info("removing 171 version directories (2 objects each, one empty) in pages: {}", requests(paged));
    // r1: 300 files and the 150 directories' markers, in pages of 250; r2: 40 files and 21 markers.
    assertEquals(2 + 1, paged.get("object_bulk_delete_request"), paged.toString());
    // one each for the record, done with, and for run directory r2, left with only its owner marker
    assertEquals(2, paged.get("object_delete_request"), paged.toString());
    assertEquals(450 + 61 + 2, paged.get("object_delete_objects"), paged.toString());
    assertTrue(paged.get("object_list_request") <= 12, "a listing per run directory, not per version: " + paged);

    String baselineTable = WAREHOUSE + "/per-directory";
    List<String> baseline = versions(baselineTable, "r1", MINE, 100);
    S3Probe.Counters start = S3Probe.counters(fs, baselineTable);
    for (String version : baseline) {
      fs.delete(version, true); // what housekeeping did before, and still does on HDFS
    }
    S3Probe.Counters perDirectory = S3Probe.counters(fs, baselineTable).since(start);
    LOG.info("removing 100 version directories one recursive delete each: {}", requests(perDirectory));
    assertTrue(perDirectory.get("object_list_request") >= 100, perDirectory.toString());
    assertTrue(perDirectory.get("object_bulk_delete_request") + perDirectory.get("object_delete_request") >= 100,
        perDirectory.toString());
  }

  /** The request counters that tell the cost of a removal. */
  private static String requests(S3Probe.Counters counters) {
    return String.format("%d requests: %d LIST, %d DeleteObjects (%d objects), %d DELETE, %d HEAD",
        counters.get("store_io_request"), counters.get("object_list_request"),
        counters.get("object_bulk_delete_request"), counters.get("object_delete_objects"),
        counters.get("object_delete_request"), counters.get("object_metadata_request"));
  }

  @Test
  void aSweepAbortsTheUploadsOpenInThisTablesEarlierRunsOnly() throws Exception {
    String table = WAREHOUSE + "/swept";
    versions(table, "r1", MINE, 1); // a run killed after one partition, in the middle of the next
    S3Probe.openUpload(fs, table + "/partsync-r1/dt=001/000000_0", 1024);
    List<String> current = versions(table, "r9", MINE, 1);
    S3Probe.openUpload(fs, table + "/partsync-r9/dt=001/000001_0", 1024);
    versions(table, "r2", OTHER, 1);
    S3Probe.openUpload(fs, table + "/partsync-r2/dt=001/000000_0", 1024);

    Housekeeper.Outcome outcome = new Housekeeper(fs, Duration.ZERO, Faults.NONE).run(table, new RunId("r9"),
        List.of(), List.of(), Set.copyOf(current), true, 1, MINE);

    assertEquals(1, outcome.uploadsAborted());
    assertEquals(List.of(), fs.openUploadsUnder(table + "/partsync-r1"), "the killed run's upload is gone");
    assertEquals(1, outcome.removed(), "the killed run's orphan version");
    assertEquals(1, fs.abortUploadsUnder(table + "/partsync-r9"), "this run's own upload is not touched");
    assertEquals(1, fs.abortUploadsUnder(table + "/partsync-r2"), "another table's upload is not touched");
    assertEquals(0, fs.abortUploadsUnder(table + "/partsync-r1"));
  }

  @Test
  void withoutASweepNoUploadIsLookedFor() throws Exception {
    String table = WAREHOUSE + "/clean";
    List<String> versions = versions(table, "r1", MINE, 1);
    S3Probe.openUpload(fs, table + "/partsync-r1/dt=001/000000_0", 1024);

    Housekeeper.Outcome outcome = new Housekeeper(fs, Duration.ZERO, Faults.NONE).run(table, new RunId("r9"),
        List.of(), List.of(), Set.copyOf(versions), false, 1, MINE);

    assertEquals(0, outcome.uploadsAborted());
    assertEquals(1, fs.abortUploadsUnder(table + "/partsync-r1"));
  }

  /**
   * {@code count} version directories {@code dt=000...} in run directory {@code run} of {@code table}, marked
   * as {@code owner}'s, each with a data file and a hidden {@code _SUCCESS}; written several at a time.
   */
  private static List<String> versions(String table, String run, RunOwner owner, int count) throws Exception {
    owner.mark(fs, table, new RunId(run));
    List<String> versions = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String version = table + "/partsync-" + run + String.format("/dt=%03d", i);
        versions.add(version);
        writes.add(pool.submit(() -> {
          write(version + "/000000_0");
          write(version + "/_SUCCESS");
          return null;
        }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return versions;
  }

  private static void write(String path) throws IOException {
    try (OutputStream out = fs.create(path)) {
      out.write(1);
    }
  }
}
