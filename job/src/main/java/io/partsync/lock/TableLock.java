package io.partsync.lock;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.TargetLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per target table: a lock file in the table's state directory on the target file system,
 * created only if absent (an atomic name node operation), renewed while the run lasts and removed at its
 * end. A lock that expired (its holder was killed) or that a failed holder left unclean is taken over by
 * renaming it aside first, which only one contender can do; the new holder then sweeps the table for
 * leftovers of the previous run.
 */
public final class TableLock {
  private static final Logger LOG = LoggerFactory.getLogger(TableLock.class);
  static final String FILE_NAME = "lock";

  private final ClusterFileSystem fs;
  private final String table;
  private final String path;
  private final String runId;
  private final String host;
  private final Instant since;
  private final Duration ttl;
  private final Optional<LockRecord> previous;
  private volatile boolean lost;

  private TableLock(ClusterFileSystem fs, String table, String path, String runId, String host, Instant since,
      Duration ttl, Optional<LockRecord> previous) {
    this.fs = fs;
    this.table = table;
    this.path = path;
    this.runId = runId;
    this.host = host;
    this.since = since;
    this.ttl = ttl;
    this.previous = previous;
  }

  public static String path(String tableLocation) {
    return TargetLayout.stateDirectory(tableLocation) + "/" + FILE_NAME;
  }

  /** Takes the lock of {@code table} or fails naming its holder. */
  public static TableLock acquire(ClusterFileSystem fs, String table, String tableLocation, String runId,
      String host, Duration ttl) {
    String path = path(tableLocation);
    Instant now = Instant.now();
    try {
      fs.mkdirs(TargetLayout.stateDirectory(tableLocation));
      if (tryCreate(fs, path, new LockRecord(runId, host, now, now.plus(ttl), true))) {
        return new TableLock(fs, table, path, runId, host, now, ttl, Optional.empty());
      }
      LockRecord holder = read(fs, path).orElseThrow(() -> held(table, path, null));
      if (holder.heldAt(now)) {
        throw holder.runId().equals(runId) ? heldByEarlierAttempt(table, path, holder) : held(table, path, holder);
      }
      return takeOver(fs, table, path, runId, host, ttl, holder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock target table " + table + " (lock file " + path + "): "
          + e.getMessage(), e);
    }
  }

  private static TableLock takeOver(ClusterFileSystem fs, String table, String path, String runId, String host,
      Duration ttl, LockRecord stale) throws IOException {
    String aside = path + ".taken-by-" + runId;
    if (!fs.renameIfAbsent(path, aside)) {
      throw held(table, path, read(fs, path).orElse(null));
    }
    LockRecord moved = read(fs, aside).orElse(stale);
    if (!moved.runId().equals(stale.runId()) || moved.heldAt(Instant.now())) {
      // Another contender took over between our read and our rename: give its lock back.
      fs.renameIfAbsent(aside, path);
      throw held(table, path, moved);
    }
    fs.delete(aside, false);
    Instant now = Instant.now();
    if (!tryCreate(fs, path, new LockRecord(runId, host, now, now.plus(ttl), true))) {
      throw held(table, path, read(fs, path).orElse(null));
    }
    LOG.warn("took over the lock of {} from run {} on {} ({} since {}); leftovers of that run will be swept",
        table, stale.runId(), stale.host(), stale.active() ? "expired, held" : "ended uncleanly, held",
        stale.since());
    return new TableLock(fs, table, path, runId, host, now, ttl, Optional.of(stale));
  }

  /** The run that held this lock before and did not end cleanly, if this run took it over. */
  public Optional<String> previousUncleanRun() {
    return previous.map(LockRecord::runId);
  }

  /** Pushes the expiry forward; a holder that finds the lock taken from it stops committing. */
  public void renew() {
    try {
      Optional<LockRecord> current = read(fs, path);
      if (current.isEmpty() || !current.get().runId().equals(runId)) {
        lost = true;
        LOG.error("the lock of {} ({}) is no longer held by this run; it will not commit", table, path);
        return;
      }
      write(path + ".renew-" + runId, new LockRecord(runId, host, since, Instant.now().plus(ttl), true));
    } catch (IOException e) {
      LOG.warn("cannot renew the lock of {} ({}): {}", table, path, e.getMessage());
    }
  }

  /** Fails when the lock was lost, e.g. because this run stalled past its expiry. */
  public void ensureHeld() {
    if (lost) {
      throw new LockHeldException("run " + runId + " lost the lock of target table " + table + " (" + path
          + "); nothing more was committed; re-run to finish");
    }
  }

  /**
   * Ends this run's hold: a clean end removes the lock; otherwise it stays, released but marked unclean, so
   * the next run sweeps what this one may have left.
   */
  public void release(boolean clean) {
    try {
      Optional<LockRecord> current = read(fs, path);
      if (current.isEmpty() || !current.get().runId().equals(runId)) {
        return;
      }
      if (clean) {
        fs.delete(path, false);
      } else {
        write(path + ".release-" + runId, new LockRecord(runId, host, since, Instant.now(), false));
      }
    } catch (IOException e) {
      LOG.warn("cannot release the lock of {} ({}): {}; it expires by itself", table, path, e.getMessage());
    }
  }

  private void write(String temporary, LockRecord record) throws IOException {
    try (OutputStream out = fs.create(temporary)) {
      out.write(record.format().getBytes(StandardCharsets.UTF_8));
    }
    fs.replace(temporary, path);
  }

  private static boolean tryCreate(ClusterFileSystem fs, String path, LockRecord record) throws IOException {
    try (OutputStream out = fs.createNew(path)) {
      out.write(record.format().getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  private static Optional<LockRecord> read(ClusterFileSystem fs, String path) throws IOException {
    return fs.readSmallFile(path).map(text -> LockRecord.parse(text));
  }

  /**
   * Who holds the lock of the table at {@code tableLocation} now, without taking it: "run R on H since T
   * (lock expires E unless renewed)", or empty when a run could take it.
   */
  public static Optional<String> holder(ClusterFileSystem fs, String tableLocation) throws IOException {
    return read(fs, path(tableLocation)).filter(record -> record.heldAt(Instant.now())).map(TableLock::describe);
  }

  private static String describe(LockRecord holder) {
    return "run " + holder.runId() + " on " + holder.host() + " since " + holder.since() + " (lock expires "
        + holder.expires() + " unless renewed)";
  }

  /**
   * A scheduler retried a run it had given this run id while the earlier attempt's lock is still live:
   * that attempt may still be running (a retry after a timeout does not always kill it), so it is not
   * taken over before it expires.
   */
  private static LockHeldException heldByEarlierAttempt(String table, String path, LockRecord holder) {
    return new LockHeldException("target table " + table + " is still locked by an earlier attempt of this run ("
        + describe(holder) + "); if that attempt is dead, retry after the lock expires or delete " + path);
  }

  private static LockHeldException held(String table, String path, LockRecord holder) {
    String who = holder == null ? "another run" : describe(holder);
    return new LockHeldException("target table " + table + " is being written by " + who + "; wait for that "
        + "run to finish, or, if it is dead, delete " + path + " or wait for the lock to expire");
  }
}
