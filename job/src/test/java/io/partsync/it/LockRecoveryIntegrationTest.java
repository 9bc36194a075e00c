package io.partsync.it;

import static io.partsync.it.HdfsFiles.allFileNames;
import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.housekeeping.RunOwner;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.run.RunOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/**
 * Ways out of another run's lock: a dead holder on this host, {@code --break-lock}, a lock deleted by
 * hand; and a run that loses its lock while copying.
 */
class LockRecoveryIntegrationTest extends SharedClustersTest {
  private static final String SAFETY = "housekeeping:\n  grace-period: 0s\nlock:\n  ttl: 10s\n";

  @Test
  void aRunThatLosesItsLockMidCopyStopsWithinSecondsPublishingNothing() throws Exception {
    String dir = clusters.sourceTextTable("lockrec", "lost", 2);
    String yaml = clusters.config(SAFETY + "tables:\n  - lockrec.lost", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    String location = first.report().tables().get(0).targetLocation();
    write(clusters.sourceFs(), dir + "/dt=1/" + BlockingHdfs.MARKER, "11,held\n");
    write(clusters.sourceFs(), dir + "/dt=2/000002_0", "22,changed\n");
    String held = Clusters.withTargetProperty(yaml, "fs.hdfs.impl", BlockingHdfs.class.getName());
    String before = clusters.targetPartitions("lockrec", "lost").toString();
    BlockingHdfs.reset();
    CompletableFuture<Clusters.Run> paused = clusters.runInBackground(held,
        new RunOptions(false, Optional.of("paused-run")));
    Instant since = Instant.now();
    try {
      assertTrue(BlockingHdfs.reached.await(2, TimeUnit.MINUTES), "the run reached its copy");
      // As a run elsewhere that took the lock over would leave it.
      writeLock(location, "taker-run", "elsewhere.example", since, since.plusSeconds(600));

      // The copy stays held all along: the run must stop without it finishing.
      Clusters.Run lost = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> paused.get());

      assertEquals(ExitCode.LOCKED, lost.code(), lost.toString());
      assertEquals("partsync: FAILED (exit 5): run paused-run lost the lock of target table lockrec.lost: it was"
          + " taken over by run taker-run on elsewhere.example since " + since + " while run paused-run was writing"
          + " it (not renewed within lock.ttl, or broken with --break-lock); this run stopped and published nothing"
          + " more to it; the next run to take the lock sweeps what this run left", lost.err().strip());
      assertEquals(before, clusters.targetPartitions("lockrec", "lost").toString(), "nothing published");

      String state = clusters.state();
      Clusters.Run refused = clusters.run(yaml);
      assertEquals(ExitCode.LOCKED, refused.code(), refused.toString());
      assertEquals(state, clusters.state(), "a refused run writes nothing");
      assertTrue(refused.err().strip().startsWith("partsync: FAILED (exit 5): target table lockrec.lost is being"
          + " written by run taker-run on elsewhere.example since " + since + " (lock expires "), refused.err());
      assertTrue(refused.err().strip().endsWith("; wait for that run to finish, or, if it is dead, re-run with"
          + " --break-lock taker-run (a holder on the same host whose process is gone is taken over at once)"),
          refused.err());

      Clusters.Run broke = clusters.run(yaml, new RunOptions(false, Optional.empty(), Optional.of("taker-run")));

      assertEquals(ExitCode.SUCCESS, broke.code(), broke.toString());
      assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("lockrec.lost"));
      assertNoOrphans("lockrec", "lost", location);
    } finally {
      BlockingHdfs.release.countDown();
    }
  }

  @Test
  void breakLockWithARunIdThatHoldsNothingIsRefusedWritingNothing() throws Exception {
    clusters.sourceTextTable("lockrec", "wrongid", 1);
    String yaml = clusters.config(SAFETY + "tables:\n  - lockrec.wrongid", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    String location = first.report().tables().get(0).targetLocation();
    String state = clusters.state();

    Clusters.Run nothing = clusters.run(yaml, new RunOptions(false, Optional.empty(), Optional.of("no-such-run")));

    assertEquals(ExitCode.CONFIG_ERROR, nothing.code(), nothing.toString());
    assertEquals("partsync: FAILED (exit 2): --break-lock no-such-run: run no-such-run holds no lock and left no"
        + " record on any target table of this config; there is nothing to break: run without --break-lock",
        nothing.err().strip());
    assertEquals(state, clusters.state());

    Instant since = Instant.now();
    writeLock(location, "holder-run", "elsewhere.example", since, since.plusSeconds(600));
    state = clusters.state();

    Clusters.Run wrong = clusters.run(yaml, new RunOptions(false, Optional.empty(), Optional.of("no-such-run")));

    assertEquals(ExitCode.LOCKED, wrong.code(), wrong.toString());
    assertEquals("partsync: FAILED (exit 5): --break-lock no-such-run: no target table is locked by run no-such-run;"
        + " lockrec.wrongid is locked by run holder-run on elsewhere.example since " + since + "; break a lock"
        + " only with the run id its message names", wrong.err().strip());
    assertEquals(state, clusters.state());
    clusters.targetFs().delete(new Path(location + "/.partsync/lock"), false);
  }

  @Test
  void aLiveLockWhoseProcessIsGoneFromThisHostIsTakenOverAtOnceAndSwept() throws Exception {
    String dir = clusters.sourceTextTable("lockrec", "deadpid", 2);
    String yaml = clusters.config(SAFETY + "tables:\n  - lockrec.deadpid", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    String location = first.report().tables().get(0).targetLocation();
    write(clusters.sourceFs(), dir + "/dt=1/000002_0", "13,appended\n");
    Process gone = new ProcessBuilder("true").start();
    assertEquals(0, gone.waitFor());
    Instant since = Instant.now();
    write(clusters.targetFs(), location + "/.partsync/lock", "run=dead-run\nhost="
        + InetAddress.getLocalHost().getHostName() + "\npid=" + gone.pid() + "\nsince=" + since + "\nexpires="
        + since.plusSeconds(600) + "\nstate=active\n");
    writeKilledRunDirectory("lockrec", "deadpid", location, "dead-run");
    Clusters.Run dry = clusters.run(yaml, new RunOptions(true, Optional.empty()));
    assertEquals(ExitCode.SUCCESS, dry.code(), dry.toString());
    assertEquals(null, dry.plan().tables().get(0).lockedBy(), "a dry run does not call a dead holder's table locked");

    Clusters.Run takeover = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, takeover.code(), takeover.toString());
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("lockrec.deadpid"));
    assertFalse(clusters.targetFs().exists(new Path(location + "/partsync-dead-run")), "swept");
    assertNoOrphans("lockrec", "deadpid", location);
  }

  @Test
  void aLockDeletedByHandStillLeavesTheNextRunSweeping() throws Exception {
    String dir = clusters.sourceTextTable("lockrec", "byhand", 2);
    String yaml = clusters.config(SAFETY + "tables:\n  - lockrec.byhand", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    String location = first.report().tables().get(0).targetLocation();
    write(clusters.sourceFs(), dir + "/dt=2/000002_0", "22,changed\n");
    Clusters.Run failed = clusters.runKilledAt("after-copy", yaml);
    assertEquals(ExitCode.FAILED, failed.code(), failed.toString());
    // What the old lock message advised: delete the lock by hand.
    assertTrue(clusters.targetFs().delete(new Path(location + "/.partsync/lock"), false));

    Clusters.Run next = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, next.code(), next.toString());
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("lockrec.byhand"));
    assertNoOrphans("lockrec", "byhand", location);
  }

  /** A lock as an older partsync (no process or application) left it. */
  static void writeLock(String tableLocation, String run, String host, Instant since, Instant expires)
      throws Exception {
    write(clusters.targetFs(), tableLocation + "/.partsync/lock", "run=" + run + "\nhost=" + host + "\nsince="
        + since + "\nexpires=" + expires + "\nstate=active\n");
  }

  /** What a run killed while copying had written: a file of dt=1 in its run directory, marked as the table's. */
  static void writeKilledRunDirectory(String database, String table, String tableLocation, String run)
      throws Exception {
    String runDir = tableLocation + "/partsync-" + run;
    write(clusters.targetFs(), runDir + "/dt=1/000000_0", "half");
    String tableId;
    try (SourceTableWriter target = clusters.targetTables()) {
      tableId = target.client().getTable(database, table).getParameters().get(PartsyncParameters.TABLE_ID);
    }
    write(clusters.targetFs(), runDir + "/" + RunOwner.MARKER, "table=" + database + "." + table + "\nid=" + tableId
        + "\n");
  }

  /**
   * Under the table location there is nothing but the registered partitions' directories (and their
   * parents), and partsync's state directory holds no lock, no run record and no pending record.
   */
  static void assertNoOrphans(String database, String table, String tableLocation) throws Exception {
    Set<String> referenced = new TreeSet<>();
    clusters.targetPartitions(database, table).values()
        .forEach(p -> referenced.add(new Path(p.getSd().getLocation()).toUri().getPath()));
    FileSystem fs = clusters.targetFs();
    List<String> strays = new ArrayList<>();
    collect(fs, new Path(tableLocation), referenced, strays);
    assertEquals(List.of(), strays, "orphans under " + tableLocation);
    assertEquals(List.of(), allFileNames(fs, tableLocation + "/.partsync"), "lock and records gone");
  }

  private static void collect(FileSystem fs, Path dir, Set<String> referenced, List<String> strays)
      throws Exception {
    for (FileStatus status : fs.listStatus(dir)) {
      String path = status.getPath().toUri().getPath();
      if (status.getPath().getName().equals(".partsync") || referenced.contains(path)
          || status.getPath().getName().equals(RunOwner.MARKER)) {
        continue;
      }
      if (status.isDirectory() && referenced.stream().anyMatch(r -> r.startsWith(path + "/"))) {
        collect(fs, status.getPath(), referenced, strays);
      } else {
        strays.add(path);
      }
    }
  }
}
