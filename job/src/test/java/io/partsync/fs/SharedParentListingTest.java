package io.partsync.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.embedded.S3Server;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a real S3 server, directories that share a parent are listed in one flat listing of the parent and
 * come out exactly as listing each on its own gives them, in a fraction of the LIST requests.
 */
class SharedParentListingTest {
  private static final Logger LOG = LoggerFactory.getLogger(SharedParentListingTest.class);
  private static final String RUN = "s3a://bucket/warehouse/t/partsync-r1";
  private static final int PARTITIONS = 300;

  @TempDir
  static Path dir;
  private static S3Server server;
  private static ClusterFileSystem fs;
  private static List<String> asked;

  @BeforeAll
  static void start() throws IOException {
    server = S3Server.start(dir, "bucket");
    Map<String, String> properties = new HashMap<>(server.s3aProperties());
    properties.put("fs.defaultFS", "s3a://bucket");
    fs = ClusterFileSystem.open("target", properties);
    asked = new ArrayList<>();
    for (int i = 0; i < PARTITIONS; i++) {
      String partition = RUN + String.format("/dt=%03d", i);
      asked.add(partition);
      switch (i) {
        case 50 -> fs.mkdirs(partition); // an empty partition: only a directory marker
        case 60 -> write(partition + "/_SUCCESS", 0); // nothing but a hidden file
        case 70 -> write(partition, 3); // a file where a partition directory is expected
        default -> {
          write(partition + "/000000_0", 1 + i % 5);
          if (i % 10 == 0) {
            write(partition + "/sub/dir/part-1", 7); // nested subdirectories are part of the partition
          }
          if (i % 7 == 0) {
            write(partition + "/_SUCCESS", 0);
            write(partition + "/.000000_0.crc", 2);
          }
          if (i % 13 == 0) {
            write(partition + "/_temporary/0/part-9", 4); // a hidden directory is skipped whole
          }
        }
      }
    }
    asked.add(RUN + "/dt=missing");
    write(RUN + "/other=1/000000_0", 1); // in the parent, not asked for
    write(RUN + "/dt=0001/000000_0", 1); // a name that starts like an asked one
  }

  @AfterAll
  static void stop() throws IOException {
    fs.close();
    server.close();
  }

  @Test
  void directoriesSharingAParentAreListedOnceAndExactlyAsOneByOne() throws IOException {
    for (boolean missingIsEmpty : List.of(true, false)) {
      S3Probe.Counters before = S3Probe.counters(fs, RUN);
      List<DirectoryListing> together = fs.listDataFiles(asked, missingIsEmpty);
      S3Probe.Counters shared = S3Probe.counters(fs, RUN).since(before);
      List<DirectoryListing> oneByOne = new ArrayList<>();
      for (String partition : asked) {
        oneByOne.addAll(fs.listDataFiles(List.of(partition), missingIsEmpty));
      }
      S3Probe.Counters single = S3Probe.counters(fs, RUN).since(before).since(shared);

      assertEquals(oneByOne, together, "missing is empty: " + missingIsEmpty);
      LOG.info("{} directories (missing is empty: {}): {} LIST requests in one go, {} one by one", asked.size(),
          missingIsEmpty, shared.get("object_list_request"), single.get("object_list_request"));
      assertTrue(single.get("object_list_request") >= PARTITIONS, single.toString());
      assertTrue(shared.get("object_list_request") <= 12, "one listing of the parent, the directories it"
          + " cannot tell (empty, missing, a file) on their own: " + shared);
    }
  }

  @Test
  void theListingsHaveWhatEachDirectoryHolds() throws IOException {
    Map<String, DirectoryListing> byDir = new HashMap<>();
    fs.listDataFiles(asked, false).forEach(listing -> byDir.put(listing.dir(), listing));

    DirectoryListing tenth = byDir.get(RUN + "/dt=130");
    assertEquals(List.of("000000_0", "sub/dir/part-1"), tenth.files().stream().map(DataFile::relativePath).toList(),
        "hidden files and the hidden directory skipped, the nested file included");
    assertEquals(List.of(1L, 7L), tenth.files().stream().map(DataFile::length).toList());
    assertTrue(tenth.files().get(0).modificationTime() > 0);
    assertEquals(fs.listDataFiles(List.of(RUN + "/dt=050"), false).get(0), byDir.get(RUN + "/dt=050"),
        "a directory with no files, told apart from a missing one by listing it on its own");
    assertTrue(byDir.get(RUN + "/dt=060").succeeded());
    assertEquals(List.of(), byDir.get(RUN + "/dt=060").files());
    assertFalse(byDir.get(RUN + "/dt=070").succeeded(), "a file is no partition directory");
    assertTrue(byDir.get(RUN + "/dt=missing").missing());
    assertEquals(List.of("000000_0"), byDir.get(RUN + "/dt=001").files().stream().map(DataFile::relativePath).toList(),
        "dt=0001 is another directory");
  }

  @Test
  void fewDirectoriesAreListedOneByOne() throws IOException {
    List<String> few = asked.subList(101, 101 + SharedParentListing.MIN_SHARED - 1); // none with subdirectories
    S3Probe.Counters before = S3Probe.counters(fs, RUN);

    List<DirectoryListing> listed = fs.listDataFiles(few, true);

    assertEquals(few.size(), S3Probe.counters(fs, RUN).since(before).get("object_list_request"),
        "one LIST request each");
    assertEquals(few, listed.stream().map(DirectoryListing::dir).toList());
  }

  @Test
  void aParentHoldingMoreThanTheDirectoriesAreWorthIsNotListedToTheEnd() throws IOException {
    Map<String, org.apache.hadoop.fs.Path> dirs = new java.util.LinkedHashMap<>();
    asked.forEach(partition -> dirs.put(partition, new org.apache.hadoop.fs.Path(partition)));

    assertEquals(PARTITIONS - 2, new SharedParentListing(fs.fileSystemOf(RUN)).list(dirs).size(),
        "all but the missing, the empty and the file");
    assertEquals(Map.of(), new SharedParentListing(fs.fileSystemOf(RUN), 1).list(dirs),
        "at one object a request, 301 directories are worth 301 objects of the parent's listing, and it holds more");
  }

  private static void write(String path, int bytes) throws IOException {
    try (OutputStream out = fs.create(path)) {
      out.write(new byte[bytes]);
    }
  }
}
