package io.partsync.housekeeping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.failure.Faults;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.RunId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Housekeeping on a local file system: only run directories marked as this table's are ever touched. */
class HousekeeperTest {
  private static final RunOwner MINE = new RunOwner("db.mine", "id-mine");
  private static final RunOwner OTHER = new RunOwner("db.other", "id-other");

  @TempDir
  Path dir;
  private ClusterFileSystem fs;
  private String table;

  @BeforeEach
  void open() {
    fs = ClusterFileSystem.open("target", Map.of("fs.defaultFS", "file:///"));
    table = fs.qualify(dir.toString());
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  @Test
  void aSweepRemovesOnlyTheRunDirectoriesMarkedAsThisTablesOwn() throws Exception {
    String mine = version("partsync-r1", MINE);
    String others = version("partsync-r2", OTHER);
    String unmarked = version("partsync-r3", null);

    Housekeeper.Outcome outcome = new Housekeeper(fs, Duration.ZERO, Faults.NONE).run(table, new RunId("r9"), List.of(), List.of(), Set.of(),
        true, 1, MINE);

    assertEquals(1, outcome.recorded());
    assertEquals(1, outcome.removed());
    assertFalse(Files.exists(dir.resolve("partsync-r1")), "its own leftovers and then their run directory go");
    assertTrue(Files.exists(Path.of(java.net.URI.create(others))), "another table's version stays");
    assertTrue(Files.exists(Path.of(java.net.URI.create(unmarked))), "an unmarked version stays");
    assertFalse(Files.exists(Path.of(java.net.URI.create(mine))));
  }

  @Test
  void anotherTablesRecordsAreLeftToItAndAnUnmarkedDirectoryInOwnRecordsIsKept() throws Exception {
    String others = version("partsync-r2", OTHER);
    String unmarked = version("partsync-r3", null);
    Path records = Files.createDirectories(dir.resolve(".partsync/superseded"));
    Files.writeString(records.resolve("1-r2"), "owner db.other id-other\n" + others + "\n");
    Files.writeString(records.resolve("2-r0"), unmarked + "\n"); // written before records named their table

    Housekeeper.Outcome outcome = new Housekeeper(fs, Duration.ZERO, Faults.NONE).run(table, new RunId("r9"), List.of(), List.of(), Set.of(),
        false, 1, MINE);

    assertEquals(0, outcome.removed());
    assertEquals(0, outcome.pending(), "another table's record is not this table's to wait for");
    assertTrue(Files.exists(records.resolve("1-r2")), "left to the table that wrote it");
    assertFalse(Files.exists(records.resolve("2-r0")), "an unowned record is done with");
    assertTrue(Files.exists(Path.of(java.net.URI.create(others))));
    assertTrue(Files.exists(Path.of(java.net.URI.create(unmarked))));
  }

  @Test
  void supersededAndUnpublishedVersionsAreRemovedOnlyUnderTheTablesOwnMarker() throws Exception {
    String superseded = version("partsync-r1", MINE);
    String failed = version("partsync-r9", MINE);
    String foreign = version("partsync-r2", OTHER);
    Housekeeper housekeeper = new Housekeeper(fs, Duration.ZERO, Faults.NONE);

    Housekeeper.Outcome outcome = housekeeper.run(table, new RunId("r9"), List.of(superseded, foreign), List.of(failed),
        Set.of(), false, 1, MINE);

    assertEquals(2, outcome.recorded());
    assertEquals(1, outcome.removed());
    assertFalse(Files.exists(dir.resolve("partsync-r1")));
    assertFalse(Files.exists(dir.resolve("partsync-r9")), "this run's directory, left with only its marker, goes");
    assertTrue(Files.exists(Path.of(java.net.URI.create(foreign))));
  }

  @Test
  void markingARunDirectoryAnotherTableOwnsIsRefused() throws Exception {
    version("partsync-r5", OTHER);

    IOException refused = assertThrows(IOException.class, () -> MINE.mark(fs, table, new RunId("r5")));

    assertEquals("run directory " + table + "/partsync-r5 belongs to table db.other (id id-other), not to db.mine"
        + " (id id-mine)", refused.getMessage());
    MINE.mark(fs, table, new RunId("r6"));
    assertEquals(MINE, RunOwner.read(fs, table + "/partsync-r6").orElseThrow());
    MINE.mark(fs, table, new RunId("r6")); // a retry under the same run id
  }

  /** A version directory dt=1 with one file, in a run directory marked with {@code owner} (null: unmarked). */
  private String version(String runDirectory, RunOwner owner) throws IOException {
    Path run = Files.createDirectories(dir.resolve(runDirectory));
    Path partition = Files.createDirectories(run.resolve("dt=1"));
    Files.writeString(partition.resolve("000000_0"), "1\n");
    if (owner != null) {
      Files.write(run.resolve(RunOwner.MARKER), owner.text().getBytes(StandardCharsets.UTF_8));
    }
    return table + "/" + runDirectory + "/dt=1";
  }
}
