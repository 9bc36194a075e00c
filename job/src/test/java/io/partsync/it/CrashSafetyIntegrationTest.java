package io.partsync.it;

import static io.partsync.it.LockRecoveryIntegrationTest.assertNoOrphans;
import static io.partsync.it.LockRecoveryIntegrationTest.writeLock;
import static io.partsync.it.SyncIntegrationTest.read;
import static io.partsync.it.SyncIntegrationTest.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.failure.FaultInjection;
import io.partsync.failure.FaultPoint;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.run.RunOptions;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs killed at each phase, locks, and checksum verification across block sizes. */
class CrashSafetyIntegrationTest {
  private static final String EXECUTORS = "  count: 2\n  memory: 16m";
  private static final String NO_GRACE = "housekeeping:\n  grace-period: 0s\n";
  private static Clusters clusters;

  @BeforeAll
  static void start() throws Exception {
    clusters = Clusters.get();
  }

  @ParameterizedTest
  @EnumSource(FaultPoint.class)
  void aRunKilledAtAnyPhaseIsFinishedExactlyByTheNextRun(FaultPoint point) throws Exception {
    String table = "t_" + point.name().toLowerCase(Locale.ROOT);
    String dir = clusters.sourceTextTable("crash", table, 3);
    String yaml = clusters.config(NO_GRACE + "tables:\n  - crash." + table, EXECUTORS);
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    // New, appended and rewritten partitions, so the killed run has something to add, alter and supersede.
    write(clusters.sourceFs(), dir + "/dt=1/000002_0", "13,appended\n");
    write(clusters.sourceFs(), dir + "/dt=2/000000_0", "20,rewritten and longer\n");
    write(clusters.sourceFs(), dir + "/dt=4/000000_0", "40,new\n");
    try (var writer = clusters.sourceTables()) {
      writer.addPartition("crash", table, List.of("4"), dir + "/dt=4", Map.of());
    }

    System.setProperty(FaultInjection.PROPERTY, point.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    Clusters.Run killed;
    try {
      killed = clusters.run(yaml);
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
    }
    assertEquals(ExitCode.FAILED, killed.code(), killed.toString());
    assertTrue(killed.toString().contains("injected fault at"), killed.toString());

    Clusters.Run rerun = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertTargetEqualsSource("crash", table, dir, 4);
    assertNoOrphans(clusters, "crash", table, rerun.report().tables().get(0).targetLocation());
  }

  @Test
  void aSchedulersRetryUnderTheSameRunIdLeavesNothingOfTheEarlierAttempt() throws Exception {
    String dir = clusters.sourceTextTable("crash", "retried", 2);
    String yaml = clusters.config(NO_GRACE + "tables:\n  - crash.retried", EXECUTORS);
    RunOptions scheduled = new RunOptions(false, Optional.of("hourly-20261123T030000"));
    System.setProperty(FaultInjection.PROPERTY, "after-copy");
    Clusters.Run killed;
    try {
      killed = clusters.run(yaml, scheduled);
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
    }
    assertEquals(ExitCode.FAILED, killed.code(), killed.toString());
    // Between the attempts a file goes away: the earlier attempt's copy of it must not be published.
    clusters.sourceFs().delete(new Path(dir + "/dt=1/000001_0"), false);

    Clusters.Run retried = clusters.run(yaml, scheduled);

    assertEquals(ExitCode.SUCCESS, retried.code(), retried.toString());
    assertEquals("hourly-20261123T030000", retried.report().runId());
    assertTargetEqualsSource("crash", "retried", dir, 2);
    assertNoOrphans(clusters, "crash", "retried", retried.report().tables().get(0).targetLocation());
  }

  @Test
  void aLiveLockFailsFastNamingItsHolderAndAnExpiredOneIsTakenOver() throws Exception {
    String dir = clusters.sourceTextTable("crash", "locked", 2);
    String yaml = clusters.config(NO_GRACE + "tables:\n  - crash.locked", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    String location = first.report().tables().get(0).targetLocation();
    write(clusters.sourceFs(), dir + "/dt=1/000002_0", "13,appended\n");
    String deadRun = "20261101T000000Z-dead01";
    Instant since = Instant.now().minusSeconds(60);
    writeLock(clusters, location, deadRun, "elsewhere.example", since, Instant.now().plusSeconds(600));
    // What that run had written when it was killed, in its run directory marked as the table's.
    write(clusters.targetFs(), location + "/partsync-" + deadRun + "/dt=1/000000_0", "half");
    String tableId = clusters.targetTables().client().getTable("crash", "locked").getParameters()
        .get(io.partsync.metastore.PartsyncParameters.TABLE_ID);
    write(clusters.targetFs(), location + "/partsync-" + deadRun + "/" + io.partsync.housekeeping.RunOwner.MARKER,
        "table=crash.locked\nid=" + tableId + "\n");
    Map<String, Partition> before = clusters.targetPartitions("crash", "locked");

    Clusters.Run refused = clusters.run(yaml);

    assertEquals(ExitCode.LOCKED, refused.code(), refused.toString());
    assertTrue(refused.err().contains("target table crash.locked is being written by run " + deadRun
        + " on elsewhere.example since " + since), refused.err());
    assertEquals(before, clusters.targetPartitions("crash", "locked"), "nothing committed");

    writeLock(clusters, location, deadRun, "elsewhere.example", since, Instant.now().minusSeconds(1));
    Clusters.Run takeover = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, takeover.code(), takeover.toString());
    assertEquals(1, takeover.report().tables().get(0).partitionsCopied());
    assertFalse(clusters.targetFs().exists(new Path(location + "/partsync-" + deadRun)), "swept");
    assertTargetEqualsSource("crash", "locked", dir, 2);
    assertNoOrphans(clusters, "crash", "locked", location);
  }

  @Test
  void aSecondRunWhileTheFirstIsCopyingIsRefusedNamingTheFirst() throws Exception {
    String dir = clusters.sourceTextTable("crash", "twice", 2);
    write(clusters.sourceFs(), dir + "/dt=1/" + BlockingHdfs.MARKER, "11,held\n");
    String yaml = clusters.config(NO_GRACE + "tables:\n  - crash.twice", EXECUTORS);
    String held = yaml.replaceFirst("\nexecutors:", "\n    fs.hdfs.impl: " + BlockingHdfs.class.getName()
        + "\nexecutors:");
    BlockingHdfs.reset();
    CompletableFuture<Clusters.Run> first = CompletableFuture.supplyAsync(() -> {
      try {
        return clusters.run(held);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Clusters.Run second;
    try {
      assertTrue(BlockingHdfs.reached.await(2, TimeUnit.MINUTES), "the first run reached its copy");
      second = clusters.run(yaml);
    } finally {
      BlockingHdfs.release.countDown();
    }
    Clusters.Run firstRun = first.get(2, TimeUnit.MINUTES);

    assertEquals(ExitCode.LOCKED, second.code(), second.toString());
    assertTrue(second.err().contains("target table crash.twice is being written by run "
        + firstRun.report().runId() + " on "), second.err());
    assertEquals(ExitCode.SUCCESS, firstRun.code(), firstRun.toString());
    assertTargetEqualsSource("crash", "twice", dir, 2);
    Clusters.Run after = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, after.code(), "the lock is free again: " + after);
    assertEquals(0, after.report().tables().get(0).partitionsCopied());
  }

  @Test
  void checksumsAreComparedAcrossDifferentBlockSizes() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/crash_blocks";
    byte[] content = new byte[3 << 20];
    new Random(3).nextBytes(content);
    FileSystem sourceFs = clusters.sourceFs();
    try (OutputStream out = sourceFs.create(new Path(dir + "/dt=1/part-0"), true, 4096, (short) 1, 1 << 20)) {
      out.write(content);
    }
    try (var writer = clusters.sourceTables()) {
      writer.createTable("crash", "blocks", List.of("payload binary"), List.of("dt string"),
          io.partsync.demo.SourceTableWriter.Format.TEXT, dir, Map.of());
      writer.addPartition("crash", "blocks", List.of("1"), dir + "/dt=1", Map.of());
    }
    String yaml = clusters.config("verify: checksum\ntables:\n  - crash.blocks", EXECUTORS)
        .replaceFirst("\nexecutors:", "\n    dfs.blocksize: \"2097152\"\nexecutors:");

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    String copied = clusters.targetPartitions("crash", "blocks").get("dt=1").getSd().getLocation() + "/part-0";
    FileStatus target = clusters.targetFs().getFileStatus(new Path(copied));
    assertNotEquals(sourceFs.getFileStatus(new Path(dir + "/dt=1/part-0")).getBlockSize(), target.getBlockSize());
    assertArrayEquals(content, read(clusters.targetFs(), copied));
    // Verification compared the two clusters' stored checksums, without re-reading the copy.
    try (ClusterFileSystem sourceSide = ClusterFileSystem.open("source", Map.of("fs.defaultFS",
            clusters.source.defaultFs()));
        ClusterFileSystem targetSide = ClusterFileSystem.open("target", Map.of("fs.defaultFS",
            clusters.target.defaultFs()))) {
      OptionalLong sourceCrc = sourceSide.storedCrc32c(dir + "/dt=1/part-0");
      assertTrue(sourceCrc.isPresent(), "COMPOSITE-CRC32C available on HDFS");
      assertEquals(sourceCrc, targetSide.storedCrc32c(copied));
    }
  }

  @Test
  void aChecksumMismatchFailsOnlyItsPartitionWhichIsNotPublished() throws Exception {
    String dir = clusters.sourceTextTable("crash", "corrupted", 3);
    String yaml = clusters.config(NO_GRACE + "tables:\n  - crash.corrupted", EXECUTORS);
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    Map<String, Partition> before = clusters.targetPartitions("crash", "corrupted");
    write(clusters.sourceFs(), dir + "/dt=2/" + CorruptingHdfs.MARKER, "25,corrupted on the way\n");
    write(clusters.sourceFs(), dir + "/dt=3/000002_0", "32,fine\n");
    String corrupting = yaml.replaceFirst("\nexecutors:", "\n    fs.hdfs.impl: " + CorruptingHdfs.class.getName()
        + "\nexecutors:");

    Clusters.Run run = clusters.run(corrupting);

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    assertTrue(run.err().contains("1 partition(s) failed"), run.err());
    var table = run.report().tables().get(0);
    assertEquals("dt=2", table.failures().get(0).partition());
    assertTrue(table.failures().get(0).reason().contains("differs from the bytes read from the source"),
        table.failures().get(0).reason());
    assertEquals(1, table.partitionsCopied(), "dt=3 is published all the same");
    Map<String, Partition> after = clusters.targetPartitions("crash", "corrupted");
    assertEquals(before.get("dt=2"), after.get("dt=2"), "dt=2 still shows its previous version");
    assertNotEquals(before.get("dt=3").getSd().getLocation(), after.get("dt=3").getSd().getLocation());

    Clusters.Run repaired = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, repaired.code(), repaired.toString());
    assertEquals(1, repaired.report().tables().get(0).partitionsCopied());
    assertTargetEqualsSource("crash", "corrupted", dir, 3);
    assertNoOrphans(clusters, "crash", "corrupted", repaired.report().tables().get(0).targetLocation());
  }

  /** Every source partition is on the target with exactly the source's files and bytes. */
  private static void assertTargetEqualsSource(String database, String table, String sourceDir, int partitions)
      throws Exception {
    Map<String, Partition> target = clusters.targetPartitions(database, table);
    assertEquals(partitions, target.size(), target.keySet().toString());
    for (int p = 1; p <= partitions; p++) {
      String location = target.get("dt=" + p).getSd().getLocation();
      Map<String, byte[]> expected = files(clusters.sourceFs(), sourceDir + "/dt=" + p);
      Map<String, byte[]> actual = files(clusters.targetFs(), location);
      assertEquals(expected.keySet(), actual.keySet(), "files of dt=" + p);
      for (Map.Entry<String, byte[]> file : expected.entrySet()) {
        assertArrayEquals(file.getValue(), actual.get(file.getKey()), "dt=" + p + "/" + file.getKey());
      }
    }
  }

  private static Map<String, byte[]> files(FileSystem fs, String dir) throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    for (FileStatus status : fs.listStatus(new Path(dir))) {
      files.put(status.getPath().getName(), read(fs, status.getPath().toString()));
    }
    return files;
  }
}
