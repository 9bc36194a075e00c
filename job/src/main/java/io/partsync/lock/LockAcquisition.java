package io.partsync.lock;

import io.partsync.plan.RunId;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may take a table's lock: a run takes a free lock, and takes over one that expired, that a failed
 * holder left unclean, whose holder's process is provably gone, or that an operator breaks with
 * {@code --break-lock}, by renaming it aside first; any other lock refuses the run, naming its holder.
 */
final class LockAcquisition {
  /** Under the lock's own name, where operators follow a table's lock. */
  private static final Logger LOG = LoggerFactory.getLogger(TableLock.class);

  private final LockFile file;
  private final String table;
  private final RunId runId;
  private final LockHolder holder;
  private final Duration ttl;

  LockAcquisition(LockFile file, String table, RunId runId, LockHolder holder, Duration ttl) {
    this.file = file;
    this.table = table;
    this.runId = runId;
    this.holder = holder;
    this.ttl = ttl;
  }

  /**
   * Takes the lock and records this run, or fails naming the holder; the lock then names the runs whose
   * leftovers this run sweeps.
   */
  TableLock acquire(Optional<String> breakLock, Liveness liveness) throws IOException {
    file.makeStateDirectory();
    LockRecord mine = newRecord();
    Set<String> toSweep = new LinkedHashSet<>();
    if (!file.tryCreate(mine)) {
      LockRecord found = file.read().orElseThrow(() -> LockHeldException.heldBy(table, null, null));
      mine = takeOver(found, why(found, breakLock, liveness));
      // Also an earlier attempt under this run id (a scheduler's retry): what it published may have
      // superseded versions it never recorded.
      toSweep.add(found.runId());
    }
    file.writeRunRecord(runId, mine);
    toSweep.addAll(file.otherRuns(runId));
    if (!toSweep.isEmpty()) {
      LOG.warn("{}: run(s) {} did not end cleanly; their leftovers will be swept", table, toSweep);
    }
    return new TableLock(file, table, mine, ttl, new ArrayList<>(toSweep));
  }

  /**
   * Why the lock {@code found} may be taken over, or the refusal naming its holder: it expired or was
   * left unclean, its process is gone, or an operator breaks it.
   */
  private String why(LockRecord found, Optional<String> breakLock, Liveness liveness) {
    if (!found.heldAt(Instant.now())) {
      return found.active() ? "expired" : "ended uncleanly";
    }
    if (breakLock.isPresent() && breakLock.get().equals(found.runId())) {
      return "broken with --break-lock " + found.runId();
    }
    Liveness.Verdict verdict = liveness.of(found.holder());
    if (verdict.dead()) {
      return "dead: " + verdict.reason();
    }
    throw found.runId().equals(runId.value()) ? LockHeldException.heldByEarlierAttempt(table, found, verdict)
        : LockHeldException.heldBy(table, found, verdict);
  }

  private LockRecord takeOver(LockRecord stale, String why) throws IOException {
    Optional<String> movedAside = file.moveAside(runId);
    if (movedAside.isEmpty()) {
      throw LockHeldException.heldBy(table, file.read().orElse(null), null);
    }
    String aside = movedAside.get();
    LockRecord moved = file.readAside(aside).orElse(stale);
    boolean renewedSince = !stale.heldAt(Instant.now()) && moved.heldAt(Instant.now());
    if (!moved.sameHoldAs(stale) || renewedSince) {
      // Another contender took over, or a stalled holder renewed, between our read and our rename.
      file.putBack(aside);
      throw LockHeldException.heldBy(table, moved, null);
    }
    file.deleteAside(aside);
    LockRecord mine = newRecord();
    if (!file.tryCreate(mine)) {
      throw LockHeldException.heldBy(table, file.read().orElse(null), null);
    }
    LOG.warn("took over the lock of {} from run {} on {} (held since {}, {}); leftovers of that run will be swept",
        table, stale.runId(), stale.host(), stale.since(), why);
    return mine;
  }

  private LockRecord newRecord() {
    Instant now = Instant.now();
    return new LockRecord(runId.value(), holder, now, now.plus(ttl), true);
  }
}
