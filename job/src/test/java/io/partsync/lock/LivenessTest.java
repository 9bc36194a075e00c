package io.partsync.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.partsync.lock.Liveness.Status;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a holder is declared dead, and when only its lock's TTL can tell. */
class LivenessTest {
  private static final Instant STARTED = Instant.parse("2026-11-23T10:00:00.120Z");
  private static final LockHolder SELF = new LockHolder("worker-7", 100, STARTED.plusSeconds(600), "pid:[1]",
      "boot-1", "local-1700000000000", "local[*]");

  @Test
  void onThisHostAGonePidIsDead() {
    Liveness.Verdict verdict = liveness(Map.of()).of(holder("worker-7", 4242, "pid:[1]", "boot-1"));

    assertEquals(new Liveness.Verdict(Status.DEAD, "its process 4242 on worker-7 is gone"), verdict);
  }

  @Test
  void onThisHostAPidReusedByAnotherProcessIsDead() {
    Liveness.Verdict verdict = liveness(Map.of(4242L, STARTED.plusSeconds(30)))
        .of(holder("worker-7", 4242, "pid:[1]", "boot-1"));

    assertEquals(Status.DEAD, verdict.status());
    assertEquals("its process 4242 on worker-7 is gone (that pid is now a process started at "
        + STARTED.plusSeconds(30) + ")", verdict.reason());
  }

  @Test
  void onThisHostTheSameProcessIsAlive() {
    Liveness.Verdict verdict = liveness(Map.of(4242L, STARTED.plusMillis(10)))
        .of(holder("worker-7", 4242, "pid:[1]", "boot-1"));

    assertEquals(new Liveness.Verdict(Status.ALIVE, "its process 4242 on worker-7 is running"), verdict);
  }

  @Test
  void anotherMachineOrBootUnderTheSameHostNameIsNotJudgedByPid() {
    Liveness.Verdict verdict = liveness(Map.of()).of(holder("worker-7", 4242, "pid:[1]", "boot-0"));

    assertEquals(Status.UNKNOWN, verdict.status(), "two machines called alike, or a reboot: the TTL decides");
  }

  @Test
  void anotherPidNamespaceUnderTheSameHostNameIsNotJudgedByPid() {
    Liveness.Verdict verdict = liveness(Map.of()).of(holder("worker-7", 4242, "pid:[2]", "boot-1"));

    assertEquals(Status.UNKNOWN, verdict.status(), "a container sharing the host name");
  }

  @Test
  void anotherHostOrAnOldLockCannotBeJudged() {
    assertEquals(new Liveness.Verdict(Status.UNKNOWN, "its process on worker-8 cannot be checked from worker-7"),
        liveness(Map.of()).of(holder("worker-8", 4242, "pid:[1]", "boot-1")));
    assertEquals(Status.UNKNOWN, liveness(Map.of()).of(LockHolder.hostOnly("worker-7")).status(),
        "a lock file of an older partsync names no pid");
  }

  @Test
  void onYarnTheApplicationStateDecidesFromAnyHost() {
    LockHolder onYarn = new LockHolder("nm-3", 4242, STARTED, "pid:[9]", "boot-9",
        "application_1700000000000_0042", "yarn");
    Liveness killed = new Liveness(SELF, pid -> Optional.empty(), id -> Optional.of("KILLED"));
    Liveness running = new Liveness(SELF, pid -> Optional.empty(), id -> Optional.of("RUNNING"));
    Liveness unreachable = new Liveness(SELF, pid -> Optional.empty(), Liveness.Applications.NONE);

    assertEquals(new Liveness.Verdict(Status.DEAD, "YARN reports its application application_1700000000000_0042"
        + " as KILLED"), killed.of(onYarn));
    assertEquals(Status.ALIVE, running.of(onYarn).status());
    assertEquals(Status.UNKNOWN, unreachable.of(onYarn).status());
  }

  private static Liveness liveness(Map<Long, Instant> processes) {
    return new Liveness(SELF, pid -> Optional.ofNullable(processes.get(pid))
        .map(start -> new Liveness.Process(pid, Optional.of(start))), Liveness.Applications.NONE);
  }

  private static LockHolder holder(String host, long pid, String namespace, String boot) {
    return new LockHolder(host, pid, STARTED, namespace, boot, "local-1", "local[*]");
  }
}
