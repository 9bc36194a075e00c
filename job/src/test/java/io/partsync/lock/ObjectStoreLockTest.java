package io.partsync.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.embedded.S3Server;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.RunId;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The table lock on a real S3 API server: creating it is a conditional write ({@code If-None-Match: *}), so
 * the store itself refuses a lock that another run created after ours checked for one. (The test server
 * checks the condition and then writes; AWS S3, GCS and ABFS decide it atomically, so there runs that write
 * at the very same moment cannot both win either. See the README on locks.)
 */
class ObjectStoreLockTest {
  private static final Duration TTL = Duration.ofMinutes(2);
  private static final Liveness.Processes NONE = pid -> Optional.empty();

  @TempDir
  static Path dir;
  private static S3Server s3;
  private static ClusterFileSystem fs;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3Server.start(dir, "locks");
    Map<String, String> properties = new HashMap<>(s3.s3aProperties());
    properties.put("fs.defaultFS", "s3a://locks");
    fs = ClusterFileSystem.open("target", properties);
  }

  @AfterAll
  static void stop() throws Exception {
    fs.close();
    s3.close();
  }

  @Test
  void aLockCreatedByAnotherRunBetweenOurCheckAndOurWriteIsRefusedByTheStore() throws Exception {
    String table = "s3a://locks/warehouse/interleaved";
    LockFile ours = new LockFile(fs, table);
    LockRecord mine = new LockRecord("slow", LockHolder.hostOnly("host-slow"), Instant.now(),
        Instant.now().plus(TTL), true);
    // Our create finds no lock and our bytes are written, but the object is made only when the stream closes.
    OutputStream pending = fs.createNew(TableLock.path(table));
    pending.write(mine.format().getBytes());

    TableLock other = acquire(table, "fast");

    assertThrows(FileAlreadyExistsException.class, pending::close, "the store refuses our write: the lock exists");
    assertTrue(fs.readSmallFile(TableLock.path(table)).orElseThrow().contains("run=fast\n"), "theirs stands");
    assertFalse(ours.tryCreate(mine), "and a create after it is refused at once");
    other.release(true);
  }

  @Test
  void anExpiredLockIsTakenOverOnceAndAVanishedOneIsNoError() throws Exception {
    String table = "s3a://locks/warehouse/expired";
    try (var out = fs.create(TableLock.path(table))) {
      out.write(new LockRecord("killed", LockHolder.hostOnly("gone"), Instant.now().minusSeconds(900),
          Instant.now().minusSeconds(1), true).format().getBytes());
    }

    TableLock taker = acquire(table, "taker");

    assertEquals(Optional.of("killed"), taker.previousUncleanRun(), "it sweeps after the killed run");
    assertThrows(LockHeldException.class, () -> acquire(table, "late"), "the taker holds it");
    taker.release(true);
    // A taker whose rename aside finds the lock gone (another taker renamed it first) just tries to create it.
    assertEquals(Optional.empty(), new LockFile(fs, table).moveAside(new RunId("second-taker")));
  }

  @Test
  void aHeldLockIsRenewedInPlaceAndStaysHeld() throws Exception {
    String table = "s3a://locks/warehouse/renewed";
    TableLock lock = acquire(table, "renewer");

    lock.ensureHeld();
    assertThrows(LockHeldException.class, () -> acquire(table, "late"), "nobody else gets it while it is held");
    lock.release(true);
    assertFalse(fs.exists(TableLock.path(table)), "released cleanly, the lock is gone");
  }

  private static TableLock acquire(String table, String runId) {
    LockHolder self = LockHolder.hostOnly("host-" + runId);
    return TableLock.acquire(fs, "db.t", table, new RunId(runId), self, TTL, Optional.empty(),
        new Liveness(self, NONE, Liveness.Applications.NONE));
  }
}
