package io.partsync.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.RunId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table lock's life cycle on a local file system. */
class TableLockTest {
  private static final Duration TTL = Duration.ofMinutes(2);
  /** No process of the holders these tests invent can be checked: only TTLs and --break-lock decide. */
  private static final Liveness.Processes NONE = pid -> Optional.empty();

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
  void aSecondRunFailsNamingTheHolderAndTheWayOutUntilTheFirstEndsCleanly() {
    TableLock first = acquire("run-1");
    assertEquals(Optional.empty(), first.previousUncleanRun());

    LockHeldException held = assertThrows(LockHeldException.class, () -> acquire("run-2"));
    assertTrue(held.getMessage().matches("target table db\\.t is being written by run run-1 on host-run-1 since \\S+"
        + " \\(lock expires \\S+ unless renewed; its process on host-run-1 cannot be checked from host-run-2\\);"
        + " wait for that run to finish, or, if it is dead, re-run with --break-lock run-1 \\(a holder on the same"
        + " host whose process is gone is taken over at once\\)"), held.getMessage());
    assertFalse(held.getMessage().contains("delete"), "no advice to delete the lock by hand");

    first.release(true);
    assertFalse(Files.exists(table.resolve(".partsync/lock")));
    assertEquals(List.of(), names(table.resolve(".partsync/runs")), "a clean end leaves no record");
    assertEquals(Optional.empty(), acquire("run-2").previousUncleanRun());
  }

  @Test
  void aLockLeftUncleanIsTakenOverAndNamesTheRunToSweepAfter() {
    acquire("run-1").release(false);

    TableLock next = acquire("run-2");

    assertEquals(Optional.of("run-1"), next.previousUncleanRun());
    assertThrows(LockHeldException.class, () -> acquire("run-3"), "the new holder holds it");
    next.release(true);
    assertEquals(List.of(), names(table.resolve(".partsync/runs")), "the swept run's record goes too");
  }

  @Test
  void anExpiredLockOfAKilledRunIsTakenOver() throws Exception {
    writeLock(new LockRecord("killed", LockHolder.hostOnly("h"), Instant.now().minusSeconds(900),
        Instant.now().minusSeconds(1), true));

    assertEquals(Optional.of("killed"), acquire("run-2").previousUncleanRun());
  }

  @Test
  void anUnreadableLockCountsAsExpired() throws Exception {
    Files.createDirectories(table.resolve(".partsync"));
    Files.writeString(table.resolve(".partsync/lock"), "run=half-writ");

    assertEquals(Optional.of("half-writ"), acquire("run-2").previousUncleanRun());
  }

  @Test
  void aLiveLockOfAProcessGoneFromThisHostIsTakenOverAtOnce() throws Exception {
    LockHolder here = holder("host-a", 4242);
    writeLock(new LockRecord("killed", here, Instant.now().minusSeconds(5), Instant.now().plus(TTL), true));

    TableLock next = TableLock.acquire(fs, "db.t", location(), new RunId("run-2"), holder("host-a", 99), TTL, Optional.empty(),
        new Liveness(holder("host-a", 99), NONE, Liveness.Applications.NONE));

    assertEquals(Optional.of("killed"), next.previousUncleanRun());
  }

  @Test
  void breakLockTakesOverALiveLockOfThatRunOnlyAndItsHolderFindsItLost() throws Exception {
    TableLock first = acquire("run-1");
    AtomicReference<LockHeldException> told = new AtomicReference<>();
    first.whenLost(told::set);

    assertThrows(LockHeldException.class, () -> acquire("run-2", Optional.of("run-9")), "another run's id");
    TableLock breaker = acquire("run-2", Optional.of("run-1"));

    assertEquals(Optional.of("run-1"), breaker.previousUncleanRun());
    first.renew();
    first.renew();
    assertTrue(told.get().getMessage().startsWith("run run-1 lost the lock of target table db.t: it was taken over"
        + " by run run-2 on host-run-2 since "), told.get().getMessage());
    assertSame(told.get(), assertThrows(LockHeldException.class, first::ensureHeld), "told once, the same");
    first.release(true);
    assertTrue(Files.exists(table.resolve(".partsync/lock")), "another run's lock is never removed");
    assertTrue(Files.exists(table.resolve(".partsync/runs/run-1")), "the lost run's record stays for a sweep");
  }

  @Test
  void aRunRecordLeftBehindWithoutALockStillCallsForASweep() throws Exception {
    TableLock killed = acquire("run-1");
    // An operator deletes the lock of a run that was killed, by hand.
    Files.delete(table.resolve(".partsync/lock"));

    TableLock next = acquire("run-2");

    assertEquals(Optional.of("run-1"), next.previousUncleanRun());
    assertTrue(TableLock.names(fs, location(), "run-1"), "--break-lock run-1 finds the run's record");
    next.release(true);
    killed.release(true);
    assertEquals(List.of(), names(table.resolve(".partsync")));
  }

  @Test
  void aHolderWhoseLockWasTakenStopsCommitting() throws Exception {
    TableLock first = acquire("run-1");
    writeLock(new LockRecord("run-2", LockHolder.hostOnly("h"), Instant.now(), Instant.now().plus(TTL), true));

    LockHeldException lost = assertThrows(LockHeldException.class, first::ensureHeld);

    assertEquals("run run-1 lost the lock of target table db.t: it was taken over by run run-2 on h since "
        + lost.getMessage().split(" since ")[1].split(" ")[0] + " while run run-1 was writing it (not renewed within"
        + " lock.ttl, or broken with --break-lock); this run stopped and published nothing more to it; the next run"
        + " to take the lock sweeps what this run left", lost.getMessage());
  }

  private TableLock acquire(String runId) {
    return acquire(runId, Optional.empty());
  }

  private TableLock acquire(String runId, Optional<String> breakLock) {
    LockHolder self = LockHolder.hostOnly("host-" + runId);
    return TableLock.acquire(fs, "db.t", location(), new RunId(runId), self, TTL, breakLock,
        new Liveness(self, NONE, Liveness.Applications.NONE));
  }

  private static LockHolder holder(String host, long pid) {
    return new LockHolder(host, pid, Instant.parse("2026-11-23T10:00:00Z"), "pid:[1]", "boot-1", null, "local[*]");
  }

  /** Through Hadoop, so the local file system's checksum file stays in step. */
  private void writeLock(LockRecord record) throws Exception {
    try (var out = fs.create(TableLock.path(location()))) {
      out.write(record.format().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static List<String> names(Path dir) {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".crc")).sorted().toList();
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private String location() {
    return table.toUri().toString();
  }
}
