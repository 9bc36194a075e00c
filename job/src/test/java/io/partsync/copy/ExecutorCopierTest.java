package io.partsync.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.VerifyMode;
import io.partsync.failure.FaultInjection;
import io.partsync.failure.Faults;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.DataFile;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor-side copy on local file systems: no cluster needed to check verification and cleanup. */
class ExecutorCopierTest {
  private static final CopySettings SETTINGS = new CopySettings(2, 2 * 64 * 1024, VerifyMode.CHECKSUM, null,
      FaultInjection.FROM_SYSTEM_PROPERTIES);
  private static final CopySettings ONE_STREAM = new CopySettings(1, 64 * 1024, VerifyMode.CHECKSUM, null,
      FaultInjection.FROM_SYSTEM_PROPERTIES);

  @TempDir
  Path source;
  @TempDir
  Path target;

  @Test
  void aRetriedAttemptEmptiesTheVersionDirectoryFirst() throws Exception {
    byte[] big = new byte[300_000];
    new java.util.Random(7).nextBytes(big);
    Files.write(source.resolve("big.bin"), big);
    Files.createDirectories(source.resolve("sub"));
    Files.writeString(source.resolve("sub/small.txt"), "hello");
    Files.writeString(source.resolve("empty"), "");
    Path partition = target.resolve("p=1");
    Files.createDirectories(partition);
    Files.writeString(partition.resolve("stale-from-last-run"), "old");
    Files.writeString(partition.resolve("big.bin"), "half written by a failed attempt");

    ExecutorResult result = copy("file", true, partitionOf(List.of(
        new DataFile("big.bin", big.length, 0), new DataFile("empty", 0, 0),
        new DataFile("sub/small.txt", 5, 0))));

    PartitionResult copied = result.partitions().get(0);
    assertNull(copied.error());
    assertEquals(big.length + 5, copied.bytes());
    assertArrayEquals(big, Files.readAllBytes(partition.resolve("big.bin")));
    assertEquals("hello", Files.readString(partition.resolve("sub/small.txt")));
    assertEquals(List.of("big.bin", "empty", "sub"), names(partition));
    assertTrue(result.peakBufferBytes() <= SETTINGS.bufferBudgetBytes());
  }

  @Test
  void anAttemptKilledMidFileThenRetriedLeavesExactlyTheSourceFiles() throws Exception {
    byte[] big = new byte[500_000];
    new java.util.Random(11).nextBytes(big);
    Files.write(source.resolve("big.bin"), big);
    Files.writeString(source.resolve("small.txt"), "hello");
    PartitionCopy partition = partitionOf(List.of(new DataFile("big.bin", big.length, 0),
        new DataFile("small.txt", 5, 0)));

    System.setProperty(FaultInjection.PROPERTY, "mid-file");
    try {
      Faults.InjectedFault killed = assertThrows(Faults.InjectedFault.class,
          () -> copy("file", false, partition));
      assertTrue(killed.getMessage().contains("injected fault at mid-file"), killed.getMessage());
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
    }

    PartitionResult retried = copy("file", true, partition).partitions().get(0);

    assertNull(retried.error());
    Path dir = target.resolve("p=1");
    assertArrayEquals(big, Files.readAllBytes(dir.resolve("big.bin")));
    assertEquals("hello", Files.readString(dir.resolve("small.txt")));
    assertEquals(List.of("big.bin", "small.txt"), names(dir));
  }

  @Test
  void aCorruptedCopyFailsItsPartition() throws Exception {
    Files.writeString(source.resolve("data.txt"), "important bytes", StandardCharsets.UTF_8);

    ExecutorResult result = copy("corrupting", false, partitionOf(List.of(new DataFile("data.txt", 15, 0))));

    PartitionResult failed = result.partitions().get(0);
    assertFalse(failed.succeeded());
    assertTrue(failed.error().startsWith("CRC32C of the copy of "), failed.error());
    assertTrue(failed.error().contains("differs from the bytes read from the source"), failed.error());
  }

  @Test
  void aSourceFileThatChangedSincePlanningFailsItsPartition() throws Exception {
    Files.writeString(source.resolve("data.txt"), "rewritten bytes", StandardCharsets.UTF_8);
    DataFile planned = new DataFile("data.txt", 15, 0, 0x1234L);

    PartitionResult failed = copy("file", false, partitionOf(List.of(planned))).partitions().get(0);

    assertFalse(failed.succeeded());
    assertTrue(failed.error().contains("changed since it was planned"), failed.error());
  }

  @Test
  void partitionsAreListedOnTheTargetIndependentlyOfEachOther() throws Exception {
    // Each copy is listed for its target version: one partition's round trip must not wait for another's.
    Files.createDirectories(source.resolve("p=1"));
    Files.createDirectories(source.resolve("p=2"));
    Files.writeString(source.resolve("p=1/a.txt"), "first");
    Files.writeString(source.resolve("p=2/b.txt"), "second");
    RendezvousListingFileSystem.reset();

    ExecutorResult result = copy("rendezvous", false, List.of(
        partitionOf("p=1", source.resolve("p=1"), List.of(new DataFile("a.txt", 5, 0))),
        partitionOf("p=2", source.resolve("p=2"), List.of(new DataFile("b.txt", 6, 0)))));

    assertEquals(List.of("p=1", "p=2"), result.partitions().stream().map(PartitionResult::name).toList());
    for (PartitionResult copied : result.partitions()) {
      assertNull(copied.error(), copied.error());
      assertNotNull(copied.targetVersion(), copied.name());
    }
    assertEquals("first", Files.readString(target.resolve("p=1/a.txt")));
    assertEquals("second", Files.readString(target.resolve("p=2/b.txt")));
  }

  @Test
  void aStreamGoesOnToTheNextFileWhileASmallFileIsClosing() throws Exception {
    // One stream: with the close on the stream, b.txt could not start before a.txt's close returned.
    Files.createDirectories(source.resolve("p=1"));
    Files.createDirectories(source.resolve("p=2"));
    Files.writeString(source.resolve("p=1/a.txt"), "first");
    Files.writeString(source.resolve("p=2/b.txt"), "second");
    WaitingCloseFileSystem.reset();

    ExecutorResult result = copy("waitingclose", false, ONE_STREAM, List.of(
        partitionOf("p=1", source.resolve("p=1"), List.of(new DataFile("a.txt", 5, 0))),
        partitionOf("p=2", source.resolve("p=2"), List.of(new DataFile("b.txt", 6, 0)))));

    for (PartitionResult copied : result.partitions()) {
      assertNull(copied.error(), copied.error());
    }
    assertEquals("first", Files.readString(target.resolve("p=1/a.txt")));
    assertEquals("second", Files.readString(target.resolve("p=2/b.txt")));
    assertTrue(result.peakBufferBytes() <= ONE_STREAM.bufferBudgetBytes());
  }

  @Test
  void aCloseThatFailsAfterTheStreamWentOnFailsItsPartitionOnly() throws Exception {
    Files.createDirectories(source.resolve("p=1"));
    Files.createDirectories(source.resolve("p=2"));
    Files.writeString(source.resolve("p=1/broken.txt"), "first");
    Files.writeString(source.resolve("p=2/b.txt"), "second");

    ExecutorResult result = copy("waitingclose", false, ONE_STREAM, List.of(
        partitionOf("p=1", source.resolve("p=1"), List.of(new DataFile("broken.txt", 5, 0))),
        partitionOf("p=2", source.resolve("p=2"), List.of(new DataFile("b.txt", 6, 0)))));

    PartitionResult failed = result.partitions().get(0);
    assertTrue(failed.error().startsWith("closing ") && failed.error().contains("did not complete"),
        failed.error());
    assertNull(result.partitions().get(1).error());
  }

  @Test
  void aFaultInjectedMidFileFailsTheTaskWhateverPartitionHitIt() throws Exception {
    Files.createDirectories(source.resolve("p=1"));
    Files.createDirectories(source.resolve("p=2"));
    Files.writeString(source.resolve("p=1/a.txt"), "first");
    Files.writeString(source.resolve("p=2/b.txt"), "second");
    List<PartitionCopy> partitions = List.of(
        partitionOf("p=1", source.resolve("p=1"), List.of(new DataFile("a.txt", 5, 0))),
        partitionOf("p=2", source.resolve("p=2"), List.of(new DataFile("b.txt", 6, 0))));

    System.setProperty(FaultInjection.PROPERTY, "mid-file");
    try {
      assertThrows(Faults.InjectedFault.class, () -> copy("file", false, partitions));
    } finally {
      System.clearProperty(FaultInjection.PROPERTY);
    }
  }

  private PartitionCopy partitionOf(List<DataFile> files) {
    return partitionOf("p=1", source, files);
  }

  private PartitionCopy partitionOf(String name, Path dir, List<DataFile> files) {
    return new PartitionCopy("db.t", name, List.of(name.substring(2)), dir.toUri().toString(), files,
        PartitionVersion.of(files), List.of(new PartitionCopy.Destination("t1", "db.t",
            target.resolve(name).toUri().toString(), PartitionCopy.Change.NEW)));
  }

  private ExecutorResult copy(String targetScheme, boolean retry, PartitionCopy partition) throws Exception {
    return copy(targetScheme, retry, List.of(partition));
  }

  private ExecutorResult copy(String targetScheme, boolean retry, List<PartitionCopy> partitions) throws Exception {
    return copy(targetScheme, retry, SETTINGS, partitions);
  }

  private ExecutorResult copy(String targetScheme, boolean retry, CopySettings settings,
      List<PartitionCopy> partitions) throws Exception {
    Map<String, String> targetProperties = Map.of("fs.defaultFS", targetScheme + ":///",
        "fs.corrupting.impl", CorruptingFileSystem.class.getName(),
        "fs.rendezvous.impl", RendezvousListingFileSystem.class.getName(),
        "fs.waitingclose.impl", WaitingCloseFileSystem.class.getName());
    List<PartitionCopy> routed = partitions.stream().map(partition -> {
      PartitionCopy.Destination destination = partition.destinations().get(0);
      String targetDir = destination.targetDir().replaceFirst("^file:", targetScheme + ":");
      return partition.withDestinations(List.of(new PartitionCopy.Destination(destination.target(),
          destination.table(), targetDir, destination.change())));
    }).toList();
    try (ClusterFileSystem from = ClusterFileSystem.open("source", Map.of("fs.defaultFS", "file:///"));
        ClusterFileSystem to = ClusterFileSystem.open("target", targetProperties)) {
      return new ExecutorCopier(from, Map.of("t1", to), null, settings, retry)
          .copy(new ExecutorPlan(0, routed, 0), "host");
    }
  }

  private static List<String> names(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc")).sorted().toList();
    }
  }
}
