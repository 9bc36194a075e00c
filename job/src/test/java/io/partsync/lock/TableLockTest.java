package io.partsync.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.fs.ClusterFileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table lock's life cycle on a local file system. */
class TableLockTest {
  private static final Duration TTL = Duration.ofMinutes(10);

  @TempDir
  Path table;
  private ClusterFileSystem fs;

  @BeforeEach
  void open() {
    fs = ClusterFileSystem.open("target", Map.of("fs.defaultFS", "file:///"));
  }

  @AfterEach
  void close() throws Exception {
    fs.close();
  }

  @Test
  void aSecondRunFailsNamingTheHolderUntilTheFirstEndsCleanly() {
    TableLock first = acquire("run-1");
    assertEquals(Optional.empty(), first.previousUncleanRun());

    LockHeldException held = assertThrows(LockHeldException.class, () -> acquire("run-2"));
    assertTrue(held.getMessage().startsWith("target table db.t is being written by run run-1 on host-run-1 since "),
        held.getMessage());
    assertTrue(held.getMessage().contains(TableLock.path(location())), held.getMessage());

    first.release(true);
    assertFalse(Files.exists(table.resolve(".partsync/lock")));
    assertEquals(Optional.empty(), acquire("run-2").previousUncleanRun());
  }

  @Test
  void aLockLeftUncleanIsTakenOverAndNamesTheRunToSweepAfter() {
    acquire("run-1").release(false);

    TableLock next = acquire("run-2");

    assertEquals(Optional.of("run-1"), next.previousUncleanRun());
    assertThrows(LockHeldException.class, () -> acquire("run-3"), "the new holder holds it");
  }

  @Test
  void anExpiredLockOfAKilledRunIsTakenOver() throws Exception {
    Files.createDirectories(table.resolve(".partsync"));
    Files.writeString(table.resolve(".partsync/lock"), new LockRecord("killed", "h", Instant.now().minusSeconds(900),
        Instant.now().minusSeconds(1), true).format());

    assertEquals(Optional.of("killed"), acquire("run-2").previousUncleanRun());
  }

  @Test
  void anUnreadableLockCountsAsExpired() throws Exception {
    Files.createDirectories(table.resolve(".partsync"));
    Files.writeString(table.resolve(".partsync/lock"), "run=half-writ");

    assertEquals(Optional.of("half-writ"), acquire("run-2").previousUncleanRun());
  }

  @Test
  void aHolderWhoseLockWasTakenStopsCommitting() throws Exception {
    TableLock first = acquire("run-1");
    // Through Hadoop, so the local file system's checksum file stays in step.
    try (var out = fs.create(TableLock.path(location()))) {
      out.write(new LockRecord("run-2", "h", Instant.now(), Instant.now().plus(TTL), true).format()
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    first.renew();

    LockHeldException lost = assertThrows(LockHeldException.class, first::ensureHeld);
    assertTrue(lost.getMessage().startsWith("run run-1 lost the lock of target table db.t"), lost.getMessage());
    first.release(true);
    assertTrue(Files.exists(table.resolve(".partsync/lock")), "another run's lock is never removed");
  }

  private TableLock acquire(String runId) {
    return TableLock.acquire(fs, "db.t", location(), runId, "host-" + runId, TTL);
  }

  private String location() {
    return table.toUri().toString();
  }
}
