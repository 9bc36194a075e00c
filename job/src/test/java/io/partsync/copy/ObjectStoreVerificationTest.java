package io.partsync.copy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.VerifyMode;
import io.partsync.embedded.S3Server;
import io.partsync.failure.FaultInjection;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.DataFile;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Copies to a real S3 server (S3Proxy through S3A) are proven by their length and ETag, from one metadata
 * request each, without reading a byte back; a corrupted upload, an ETag that cannot prove content and a
 * listing that misses a file are each caught.
 */
class ObjectStoreVerificationTest {
  private static final String BUCKET = "bucket";
  private static final CopySettings SETTINGS = new CopySettings(2, 2 * 256 * 1024, VerifyMode.CHECKSUM, null,
      FaultInjection.FROM_SYSTEM_PROPERTIES);
  private static final AtomicInteger RUNS = new AtomicInteger();

  @TempDir
  static Path serverDir;
  private static S3Server s3;

  @TempDir
  Path source;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3Server.start(serverDir, BUCKET);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  /** One copy to S3: its result, where it went, and the S3A client's own counters for the target. */
  private record Copied(ExecutorResult result, String targetDir, Map<String, Long> s3a) {
    PartitionResult partition() {
      return result.partitions().get(0);
    }

    Verification verification() {
      return result.verification();
    }
  }

  @Test
  void aCopyToS3IsVerifiedWithoutReadingItBack() throws Exception {
    byte[] big = random(300_000, 1);
    Files.write(source.resolve("big.bin"), big);
    Files.writeString(source.resolve("small.txt"), "hello");
    Files.writeString(source.resolve("empty"), "");

    Copied copied = copy("", Map.of(), List.of(new DataFile("big.bin", big.length, 0),
        new DataFile("small.txt", 5, 0), new DataFile("empty", 0, 0)));

    assertNull(copied.partition().error(), copied.partition().error());
    assertNotNull(copied.partition().targetVersion());
    assertArrayEquals(big, Files.readAllBytes(s3.objectFile(BUCKET, key(copied, "big.bin"))));
    assertEquals(new Verification(0, 3, 0), copied.verification());
    assertEquals(0, copied.s3a().get("stream_read_bytes"));
    assertEquals(0, copied.s3a().get("stream_read_opened"));
  }

  @Test
  void aMultipartCopyIsVerifiedByItsEtag() throws Exception {
    byte[] big = random(12 << 20, 2);
    byte[] other = random(11 << 20, 22);
    Files.write(source.resolve("big.bin"), big);
    Files.write(source.resolve("other.bin"), other);

    Copied copied = copy("", Map.of("fs.s3a.multipart.size", "5M"),
        List.of(new DataFile("big.bin", big.length, 0), new DataFile("other.bin", other.length, 0)));

    assertNull(copied.partition().error(), copied.partition().error());
    assertTrue(copied.s3a().get("object_multipart_initiated") >= 2, "uploaded in parts: " + copied.s3a());
    assertEquals(new Verification(0, 2, 0), copied.verification());
    assertEquals(0, copied.s3a().get("stream_read_bytes"));
    assertArrayEquals(big, Files.readAllBytes(s3.objectFile(BUCKET, key(copied, "big.bin"))));
  }

  @Test
  void aCorruptedUploadFailsItsPartitionNamingTheFile() throws Exception {
    Files.write(source.resolve("data.bin"), random(100_000, 3));

    Copied copied = copy("flip-byte", Map.of(), List.of(new DataFile("data.bin", 100_000, 0)));

    PartitionResult failed = copied.partition();
    assertFalse(failed.succeeded());
    String error = failed.error();
    assertTrue(error.startsWith("copy of " + sourceDir() + "/data.bin at " + copied.targetDir() + "/data.bin "),
        error);
    assertTrue(error.contains("is not the bytes read from the source"), error);
    assertTrue(error.matches(".*ETag is [0-9a-f]{32}, the bytes read have [0-9a-f]{32}.*"), error);
    assertEquals(new Verification(0, 0, 0), copied.verification());
    assertEquals(0, copied.s3a().get("stream_read_bytes"));
  }

  @Test
  void anEtagThatIsNoMd5IsVerifiedByLengthOnlyAndCounted() throws Exception {
    Files.write(source.resolve("data.bin"), random(50_000, 4));

    Copied copied = copy("opaque-etag", Map.of(), List.of(new DataFile("data.bin", 50_000, 0)));

    assertNull(copied.partition().error(), copied.partition().error());
    assertEquals(new Verification(0, 0, 1), copied.verification());
    assertEquals(0, copied.s3a().get("stream_read_bytes"));
  }

  @Test
  void anObjectEncryptedWithKmsByTheBucketsDefaultIsVerifiedByLengthOnlyNotFailed() throws Exception {
    // Its ETag looks like an MD5 and differs from the bytes': the object's own encryption tells why.
    Files.write(source.resolve("data.bin"), random(50_000, 7));

    Copied copied = copy("kms-bucket", Map.of(), List.of(new DataFile("data.bin", 50_000, 0)));

    assertNull(copied.partition().error(), copied.partition().error());
    assertEquals(new Verification(0, 0, 1), copied.verification());
  }

  @Test
  void aShortUploadFailsOnItsLengthWhateverItsEtag() throws Exception {
    Files.write(source.resolve("data.bin"), random(50_000, 5));

    Copied copied = copy("drop-byte,opaque-etag", Map.of(), List.of(new DataFile("data.bin", 50_000, 0)));

    String error = copied.partition().error();
    assertNotNull(error);
    assertTrue(error.contains(copied.targetDir() + "/data.bin has 49999 bytes on the target, expected 50000"), error);
    assertEquals(new Verification(0, 0, 0), copied.verification());
  }

  @Test
  void aListingThatMissesAFileFailsThePartitionRatherThanRecordAPartialVersion() throws Exception {
    Files.writeString(source.resolve("a.txt"), "first");
    Files.writeString(source.resolve("b.txt"), "second");

    Copied copied = copy("hide:b.txt", Map.of(), List.of(new DataFile("a.txt", 5, 0), new DataFile("b.txt", 6, 0)));

    PartitionResult failed = copied.partition();
    assertFalse(failed.succeeded());
    assertNull(failed.targetVersion());
    assertTrue(failed.error().contains("the listing of " + copied.targetDir()), failed.error());
    assertTrue(failed.error().contains("missing: b.txt"), failed.error());
    assertTrue(failed.error().contains("not published"), failed.error());
  }

  @Test
  void aFileSystemWithoutStoredChecksumsIsReadBackAndTheBytesCounted(@TempDir Path target) throws Exception {
    byte[] big = random(200_000, 6);
    Files.write(source.resolve("big.bin"), big);
    List<DataFile> files = List.of(new DataFile("big.bin", big.length, 0));
    PartitionCopy partition = partition(files, target.resolve("p=1").toUri().toString());

    ExecutorResult result;
    try (ClusterFileSystem from = ClusterFileSystem.open("source", Map.of("fs.defaultFS", "file:///"));
        ClusterFileSystem to = ClusterFileSystem.open("target", Map.of("fs.defaultFS", "file:///"))) {
      result = new ExecutorCopier(from, Map.of("t1", to), null, SETTINGS, false)
          .copy(new ExecutorPlan(0, List.of(partition), 0), "host");
    }

    assertNull(result.partitions().get(0).error());
    assertEquals(new Verification(big.length, 0, 0), result.verification());
  }

  private Copied copy(String tamper, Map<String, String> extra, List<DataFile> files) throws Exception {
    String name = "run-" + RUNS.incrementAndGet();
    Map<String, String> properties = new HashMap<>(s3.s3aProperties());
    properties.put("fs.defaultFS", "s3a://" + BUCKET + "/");
    properties.put("fs.s3a.impl", TamperingS3AFileSystem.class.getName());
    properties.put(TamperingS3AFileSystem.NAME, name);
    properties.put(TamperingS3AFileSystem.TAMPER, tamper);
    properties.putAll(extra);
    String targetDir = "s3a://" + BUCKET + "/warehouse/" + name + "/p=1";
    try (ClusterFileSystem from = ClusterFileSystem.open("source", Map.of("fs.defaultFS", "file:///"));
        ClusterFileSystem to = ClusterFileSystem.open("target", properties)) {
      ExecutorResult result = new ExecutorCopier(from, Map.of("t1", to), null, SETTINGS, false)
          .copy(new ExecutorPlan(0, List.of(partition(files, targetDir)), 0), "host");
      return new Copied(result, targetDir, Map.copyOf(TamperingS3AFileSystem.named(name).counters()));
    }
  }

  private PartitionCopy partition(List<DataFile> files, String targetDir) {
    return new PartitionCopy("db.t", "p=1", List.of("1"), sourceDir(), files,
        PartitionVersion.of(files), List.of(new PartitionCopy.Destination("t1", "db.t", targetDir,
            PartitionCopy.Change.NEW)));
  }

  private String sourceDir() {
    return source.toUri().toString().replaceFirst("/$", "");
  }

  private static String key(Copied copied, String file) {
    return copied.targetDir().substring(("s3a://" + BUCKET + "/").length()) + "/" + file;
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
