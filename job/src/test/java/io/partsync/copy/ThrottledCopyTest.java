package io.partsync.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.VerifyMode;
import io.partsync.failure.Faults;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.DataFile;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionVersion;
import io.partsync.plan.TargetTableName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a file copy takes from its executor's bandwidth cap, on a fake clock: at a billion bytes a second
 * each byte taken is one nanosecond waited, so the clock at the end counts the bytes that went through
 * the bucket. Local file systems store no CRC32C, so verifying a copy re-reads it.
 */
class ThrottledCopyTest {
  private static final int CHUNK = 64 * 1024;

  @TempDir
  Path source;
  @TempDir
  Path target;

  private long now;

  @Test
  void everyByteReadGoesThroughTheBucketTheCopysAndTheVerifyingReRead() throws Exception {
    byte[] data = new byte[300_000];
    new Random(3).nextBytes(data);
    Files.write(source.resolve("data.bin"), data);
    TokenBucket bucket = new TokenBucket(1_000_000_000L, 1, () -> now, nanos -> now += nanos);

    try (ClusterFileSystem from = ClusterFileSystem.open("source", Map.of("fs.defaultFS", "file:///"));
        ClusterFileSystem to = ClusterFileSystem.open("target", Map.of("fs.defaultFS", "file:///"))) {
      FileCopier copier = new FileCopier(from, null, null, new BufferPool(1, CHUNK), VerifyMode.CHECKSUM,
          CopyCounters.NONE, Faults.NONE, bucket);
      FileCopier.Sink sink = new FileCopier.Sink(new TargetTableName("t1", "db.t"), to,
          target.resolve("data.bin").toUri().toString());

      FileCopier.Written written = copier.copy(new DataFile("data.bin", data.length, 0),
          source.toUri().toString(), List.of(sink));
      assertEquals(data.length, now, "the copy read the file once");

      FileCopier.Verified verified = copier.verify(written);
      assertEquals(Map.of(), verified.failed());
      assertEquals(2L * data.length, now, "verifying read the copy once more");
    }
    assertArrayEquals(data, Files.readAllBytes(target.resolve("data.bin")));
    assertEquals(2L * data.length, bucket.waitedNanos());
  }

  /** The executor's cap reaches its streams; the waits are real here, so only their existence is checked. */
  @Test
  void anExecutorWithACapReportsTheTimeItsStreamsWaited() throws Exception {
    byte[] data = new byte[300_000];
    new Random(5).nextBytes(data);
    Files.write(source.resolve("data.bin"), data);
    List<DataFile> files = List.of(new DataFile("data.bin", data.length, 0));
    PartitionCopy partition = new PartitionCopy("db.t", "p=1", List.of("1"), source.toUri().toString(), files,
        PartitionVersion.of(files), List.of(new PartitionCopy.Destination("t1", "db.t",
            target.resolve("p=1").toUri().toString(), PartitionCopy.Change.NEW)));
    // 1 MiB/s: copying and re-reading 600 KB waits about half a second.
    CopySettings capped = new CopySettings(2, 2 * CHUNK, VerifyMode.CHECKSUM, null, Faults.NONE)
        .withBandwidth(1 << 20);

    ExecutorResult result;
    try (ClusterFileSystem from = ClusterFileSystem.open("source", Map.of("fs.defaultFS", "file:///"));
        ClusterFileSystem to = ClusterFileSystem.open("target", Map.of("fs.defaultFS", "file:///"))) {
      result = new ExecutorCopier(from, Map.of("t1", to), null, capped, false)
          .copy(new ExecutorPlan(0, List.of(partition), 0), "host");
    }

    assertEquals(null, result.partitions().get(0).error());
    assertTrue(result.throttledMillis() > 0, result.toString());
    assertArrayEquals(data, Files.readAllBytes(target.resolve("p=1/data.bin")));
  }
}
