package io.partsync.lock;

/**
 * Another run holds the lock of a target table. Each message names the table and the holder, and says
 * what to do: wait, or break the lock of a dead run.
 */
public final class LockHeldException extends RuntimeException {
  public LockHeldException(String message) {
    super(message);
  }

  /** {@code holder} holds the lock; null when a run took it just now and its record cannot be read yet. */
  static LockHeldException heldBy(String table, LockRecord holder, Liveness.Verdict verdict) {
    if (holder == null) {
      return new LockHeldException("target table " + table + " is being written by another run that just took"
          + " its lock; wait for that run to finish");
    }
    return new LockHeldException("target table " + table + " is being written by " + describe(holder)
        + state(holder, verdict) + "; wait for that run to finish, or, if it is dead, re-run with --break-lock "
        + holder.runId() + " (a holder on the same host whose process is gone is taken over at once)");
  }

  /**
   * A scheduler retried a run it had given this run id while the earlier attempt's lock is still live
   * and its process cannot be seen to be gone: that attempt may still be running (a retry after a
   * timeout does not always kill it), so it is not taken over unless an operator breaks it.
   */
  static LockHeldException heldByEarlierAttempt(String table, LockRecord holder, Liveness.Verdict verdict) {
    return new LockHeldException("target table " + table + " is still locked by an earlier attempt of this run ("
        + describe(holder) + state(holder, verdict) + "); if that attempt is dead, retry after the lock expires"
        + " or with --break-lock " + holder.runId());
  }

  /**
   * Run {@code runId} found its lock at {@code path} taken by {@code now}, or removed when null.
   */
  static LockHeldException lost(String runId, String table, String path, LockRecord now) {
    String by = now == null ? "the lock file " + path + " was removed while run " + runId + " was writing it"
        : "it was taken over by " + describe(now) + " while run " + runId + " was writing it";
    return new LockHeldException("run " + runId + " lost the lock of target table " + table + ": " + by
        + " (not renewed within lock.ttl, or broken with --break-lock); this run stopped and published nothing"
        + " more to it; the next run to take the lock sweeps what this run left");
  }

  /** "run R on H since T". */
  static String describe(LockRecord holder) {
    return "run " + holder.runId() + " on " + holder.host() + " since " + holder.since();
  }

  private static String state(LockRecord holder, Liveness.Verdict verdict) {
    return " (lock expires " + holder.expires() + " unless renewed" + (verdict == null ? "" : "; "
        + verdict.reason()) + ")";
  }
}
