package io.partsync.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the process that holds a live-looking lock is still running, so that a dead holder's
 * lock is taken over at once instead of after its TTL. A holder is declared dead only on proof: its pid is
 * gone or is another process on this very machine (same host name, boot id and pid namespace), or YARN
 * reports its application finished. Anything else is unknown, and the lock's TTL decides.
 */
final class Liveness {
  /** Process start times are read from the kernel in clock ticks; two readings of one process agree. */
  private static final Duration SAME_START = Duration.ofSeconds(1);
  private static final Set<String> ENDED = Set.of("FINISHED", "FAILED", "KILLED");

  /** A process of this host as a pid lookup finds it. */
  record Process(long pid, Optional<Instant> start) {}

  /** The processes of this host by pid. */
  @FunctionalInterface
  interface Processes {
    Optional<Process> find(long pid);

    Processes LOCAL = pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .map(p -> new Process(pid, p.info().startInstant()));
  }

  /** The state of Spark applications on YARN, by application id. */
  @FunctionalInterface
  interface Applications {
    /** The YARN application state ({@code RUNNING}, {@code KILLED}, ...); empty when it cannot be asked. */
    Optional<String> state(String applicationId);

    Applications NONE = id -> Optional.empty();
  }

  enum Status { ALIVE, DEAD, UNKNOWN }

  /** A decision and the sentence that explains it. */
  record Verdict(Status status, String reason) {
    boolean dead() {
      return status == Status.DEAD;
    }
  }

  private final LockHolder self;
  private final Processes processes;
  private final Applications applications;

  Liveness(LockHolder self, Processes processes, Applications applications) {
    this.self = self;
    this.processes = processes;
    this.applications = applications;
  }

  Verdict of(LockHolder holder) {
    if (holder.sharesProcessTableWith(self)) {
      Verdict local = onThisHost(holder);
      if (local.status() != Status.UNKNOWN) {
        return local;
      }
    }
    if (holder.onYarn()) {
      return onYarn(holder);
    }
    return new Verdict(Status.UNKNOWN, "its process on " + holder.host() + " cannot be checked from "
        + self.host());
  }

  private Verdict onThisHost(LockHolder holder) {
    Optional<Process> found = processes.find(holder.pid());
    if (found.isEmpty()) {
      return new Verdict(Status.DEAD, "its process " + holder.pid() + " on " + holder.host() + " is gone");
    }
    Optional<Instant> start = found.get().start();
    if (holder.processStart() != null && start.isPresent()
        && Duration.between(holder.processStart(), start.get()).abs().compareTo(SAME_START) >= 0) {
      return new Verdict(Status.DEAD, "its process " + holder.pid() + " on " + holder.host()
          + " is gone (that pid is now a process started at " + start.get() + ")");
    }
    return new Verdict(Status.ALIVE, "its process " + holder.pid() + " on " + holder.host() + " is running");
  }

  private Verdict onYarn(LockHolder holder) {
    Optional<String> state = applications.state(holder.applicationId());
    if (state.isEmpty()) {
      return new Verdict(Status.UNKNOWN, "YARN cannot be asked about its application " + holder.applicationId());
    }
    String what = "YARN reports its application " + holder.applicationId() + " as " + state.get();
    return new Verdict(ENDED.contains(state.get()) ? Status.DEAD : Status.ALIVE, what);
  }
}
