package io.partsync.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.embedded.S3Server;
import io.partsync.it.OpenUploads;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What partsync asks of an object store, against a real S3 API server through S3A. */
class ObjectStoreFileSystemTest {
  @TempDir
  static Path dir;
  private static S3Server s3;
  private static ClusterFileSystem store;
  private static ClusterFileSystem hdfsLike;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Server.start(dir, "store", "other");
    Map<String, String> properties = new TreeMap<>(s3.s3aProperties());
    properties.put("fs.defaultFS", "s3a://store");
    properties.put("fs.s3a.multipart.size", "5M");
    store = ClusterFileSystem.open("target", properties);
    properties.put("fs.defaultFS", "file:///");
    hdfsLike = ClusterFileSystem.open("source", properties);
  }

  @AfterAll
  static void stop() throws Exception {
    store.close();
    hdfsLike.close();
    s3.close();
  }

  @Test
  void aCreateIfAbsentIsRefusedByTheStoreWhenTheObjectAppearedMeanwhile() throws Exception {
    OutputStream first = store.createNew("s3a://store/t/.partsync/lock");
    first.write("first".getBytes(StandardCharsets.UTF_8));
    try (OutputStream second = store.createNew("s3a://store/t/.partsync/lock")) {
      second.write("second".getBytes(StandardCharsets.UTF_8));
    }

    assertThrows(FileAlreadyExistsException.class, first::close);
    assertEquals(Optional.of("second"), store.readSmallFile("s3a://store/t/.partsync/lock"));
    assertThrows(FileAlreadyExistsException.class, () -> store.createNew("s3a://store/t/.partsync/lock").close());
  }

  @Test
  void aPlainUploadsEtagIsTheMd5OfItsBytes() throws Exception {
    byte[] bytes = "a,b\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = store.create("s3a://store/t/partsync-r1/dt=1/000000_0")) {
      out.write(bytes);
    }

    ClusterFileSystem.ObjectStatus status = store.objectStatus("s3a://store/t/partsync-r1/dt=1/000000_0");
    assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes)), status.etag());
    assertEquals(bytes.length, status.length());
    assertTrue(store.isObjectStore("s3a://store/t"));
    assertFalse(hdfsLike.isObjectStore(dir.toUri().toString()));
  }

  @Test
  void theUploadsAKilledWriterLeftOpenUnderADirectoryAreFoundAndAbortedThereOnly() throws Exception {
    OutputStream killed = store.create("s3a://store/u/partsync-killed/dt=1/big_0");
    killed.write(new byte[6 << 20]);
    OutputStream live = store.create("s3a://store/u/partsync-live/dt=1/big_0");
    live.write(new byte[6 << 20]);

    OpenUploads.awaitPartsStored(killed);
    OpenUploads.awaitPartsStored(live);

    assertEquals(List.of("u/partsync-killed/dt=1/big_0"), store.openUploadsUnder("s3a://store/u/partsync-killed"));
    assertEquals(1, store.abortUploadsUnder("s3a://store/u/partsync-killed"));

    assertEquals(List.of(), store.openUploadsUnder("s3a://store/u/partsync-killed"));
    assertEquals(List.of("u/partsync-live/dt=1/big_0"), store.openUploadsUnder("s3a://store/u/partsync-live"));
    live.close();
    assertEquals(6 << 20, store.length("s3a://store/u/partsync-live/dt=1/big_0"), "the other upload completes");
  }

  @Test
  void aPathOnAnObjectStoreIsServedByThatStoreInAClusterWhoseDefaultIsAnother() throws Exception {
    try (OutputStream out = hdfsLike.create("s3a://other/landing/dt=1/000000_0")) {
      out.write("1,x\n".getBytes(StandardCharsets.UTF_8));
    }

    assertEquals(List.of("000000_0"), hdfsLike.listDataFiles("s3a://other/landing/dt=1").stream()
        .map(DataFile::relativePath).toList());
    assertEquals(Optional.of("1,x\n"), hdfsLike.readSmallFile("s3a://other/landing/dt=1/000000_0"));
    assertTrue(hdfsLike.isObjectStore("s3a://other/landing"));
  }
}
