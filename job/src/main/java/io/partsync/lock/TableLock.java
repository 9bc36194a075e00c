package io.partsync.lock;

import io.partsync.failure.Messages;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.RunId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per target table: a lock file in the table's state directory on the target file system,
 * created only if absent (an atomic name node operation), renewed while the run lasts and removed at its
 * end. A lock that expired, that a failed holder left unclean, whose holder's process is provably gone,
 * or that an operator breaks with {@code --break-lock} is taken over by renaming it aside first, which
 * only one contender can do ({@link LockAcquisition}); the new holder then sweeps the table for leftovers
 * of the previous run.
 *
 * <p>Every holder also records itself under {@code runs/} in the state directory for as long as it runs,
 * and removes that record only at a clean end. A run that finds another run's record there sweeps too: so
 * a lock deleted by hand, or lost to another run, still leaves the table cleaned up by the next run.
 */
public final class TableLock {
  private static final Logger LOG = LoggerFactory.getLogger(TableLock.class);

  private final LockFile file;
  private final String table;
  private final LockRecord mine;
  private final Duration ttl;
  private final List<String> toSweep;
  /** Set once this run let the lock go: a renewal after that must not write it back. */
  private boolean released;
  private volatile LockHeldException lost;
  private volatile Consumer<LockHeldException> lostListener = e -> {};

  TableLock(LockFile file, String table, LockRecord mine, Duration ttl, List<String> toSweep) {
    this.file = file;
    this.table = table;
    this.mine = mine;
    this.ttl = ttl;
    this.toSweep = List.copyOf(toSweep);
  }

  public static String path(String tableLocation) {
    return LockFile.path(tableLocation);
  }

  /**
   * Takes the lock of {@code table} or fails naming its holder.
   *
   * @param breakLock the run whose lock an operator breaks ({@code --break-lock}): taken over even when it
   *     looks live; empty to take over only expired, unclean or dead holders' locks
   */
  public static TableLock acquire(ClusterFileSystem fs, String table, String tableLocation, RunId runId,
      LockHolder holder, Duration ttl, Optional<String> breakLock) {
    return acquire(fs, table, tableLocation, runId, holder, ttl, breakLock,
        new Liveness(holder, Liveness.Processes.LOCAL, YarnApplications.SHARED));
  }

  static TableLock acquire(ClusterFileSystem fs, String table, String tableLocation, RunId runId,
      LockHolder holder, Duration ttl, Optional<String> breakLock, Liveness liveness) {
    LockFile file = new LockFile(fs, tableLocation);
    try {
      return new LockAcquisition(file, table, runId, holder, ttl).acquire(breakLock, liveness);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock target table " + table + " (lock file " + file.path() + "): "
          + e.getMessage(), e);
    }
  }

  /**
   * Who holds the lock of the table at {@code tableLocation} now, without taking it: "run R on H since
   * T", or empty when a run on {@code self}'s host could take it (free, expired, or its holder dead).
   */
  public static Optional<String> holder(ClusterFileSystem fs, String tableLocation, LockHolder self)
      throws IOException {
    Liveness liveness = new Liveness(self, Liveness.Processes.LOCAL, YarnApplications.SHARED);
    return new LockFile(fs, tableLocation).read().filter(record -> record.heldAt(Instant.now()))
        .filter(record -> !liveness.of(record.holder()).dead()).map(LockHeldException::describe);
  }

  /**
   * Whether {@code runId} left a trace on the table at {@code tableLocation} that {@code --break-lock}
   * can act on: the lock names it, or its in-progress record is there.
   */
  public static boolean names(ClusterFileSystem fs, String tableLocation, String runId) throws IOException {
    LockFile file = new LockFile(fs, tableLocation);
    return file.read().map(r -> r.runId().equals(runId)).orElse(false) || file.hasRunRecord(runId);
  }

  /**
   * The run that held this table before and did not end cleanly (its lock was taken over, or its record
   * was left behind), if any: this run then sweeps the table for its leftovers.
   */
  public Optional<String> previousUncleanRun() {
    return toSweep.stream().findFirst();
  }

  /** Called once, from the renewal thread, when this run finds that another run has taken its lock. */
  public void whenLost(Consumer<LockHeldException> listener) {
    lostListener = listener;
  }

  /** Pushes the expiry forward; a holder that finds the lock taken from it stops, once. */
  public synchronized void renew() {
    if (lost != null || released) {
      return;
    }
    try {
      Optional<LockRecord> current = file.read();
      if (current.isEmpty() || !current.get().sameHoldAs(mine)) {
        lose(current.orElse(null));
        return;
      }
      file.replace(".renew-" + mine.runId(), new LockRecord(mine.runId(), mine.holder(), mine.since(),
          Instant.now().plus(ttl), true));
    } catch (IOException e) {
      LOG.warn("cannot renew the lock of {} ({}): {}", table, file.path(), Messages.oneLine(e.getMessage()));
    }
  }

  private synchronized void lose(LockRecord now) {
    if (lost != null) {
      return;
    }
    lost = LockHeldException.lost(mine.runId(), table, file.path(), now);
    LOG.error(lost.getMessage());
    lostListener.accept(lost);
  }

  /** Fails when the lock was lost, e.g. because this run stalled past its expiry; checked just now. */
  public void ensureHeld() {
    renew();
    if (lost != null) {
      throw lost;
    }
  }

  /**
   * Ends this run's hold: a clean end removes the lock and the records of this run and of the runs it
   * swept after; otherwise the lock stays, released but marked unclean, and so does this run's record,
   * so the next run sweeps what this one may have left.
   */
  public synchronized void release(boolean clean) {
    released = true;
    try {
      Optional<LockRecord> current = file.read();
      if (current.isEmpty() || !current.get().sameHoldAs(mine)) {
        return;
      }
      if (clean) {
        for (String run : toSweep) {
          file.deleteRunRecord(run);
        }
        file.deleteRunRecord(mine.runId());
        file.delete();
      } else {
        file.replace(".release-" + mine.runId(), new LockRecord(mine.runId(), mine.holder(), mine.since(),
            Instant.now(), false));
      }
    } catch (IOException e) {
      LOG.warn("cannot release the lock of {} ({}): {}; it expires by itself", table, file.path(),
          Messages.oneLine(e.getMessage()));
    }
  }
}
