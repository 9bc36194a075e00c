package io.partsync.lock;

import io.partsync.failure.Messages;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.TargetLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per target table: a lock file in the table's state directory on the target file system,
 * created only if absent (an atomic name node operation), renewed while the run lasts and removed at its
 * end. A lock that expired, that a failed holder left unclean, whose holder's process is provably gone,
 * or that an operator breaks with {@code --break-lock} is taken over by renaming it aside first, which
 * only one contender can do; the new holder then sweeps the table for leftovers of the previous run.
 *
 * <p>Every holder also records itself under {@code runs/} in the state directory for as long as it runs,
 * and removes that record only at a clean end. A run that finds another run's record there sweeps too: so
 * a lock deleted by hand, or lost to another run, still leaves the table cleaned up by the next run.
 */
public final class TableLock {
  private static final Logger LOG = LoggerFactory.getLogger(TableLock.class);
  static final String FILE_NAME = "lock";
  static final String RUNS = "runs";

  private final ClusterFileSystem fs;
  private final String table;
  private final String path;
  private final LockRecord mine;
  private final Duration ttl;
  private final List<String> toSweep;
  /** Set once this run let the lock go: a renewal after that must not write it back. */
  private boolean released;
  private volatile LockHeldException lost;
  private volatile Consumer<LockHeldException> lostListener = e -> {};

  private TableLock(ClusterFileSystem fs, String table, String path, LockRecord mine, Duration ttl,
      List<String> toSweep) {
    this.fs = fs;
    this.table = table;
    this.path = path;
    this.mine = mine;
    this.ttl = ttl;
    this.toSweep = List.copyOf(toSweep);
  }

  public static String path(String tableLocation) {
    return TargetLayout.stateDirectory(tableLocation) + "/" + FILE_NAME;
  }

  private static String runsDirectory(String tableLocation) {
    return TargetLayout.stateDirectory(tableLocation) + "/" + RUNS;
  }

  /**
   * Takes the lock of {@code table} or fails naming its holder.
   *
   * @param breakLock the run whose lock an operator breaks ({@code --break-lock}): taken over even when it
   *     looks live; empty to take over only expired, unclean or dead holders' locks
   */
  public static TableLock acquire(ClusterFileSystem fs, String table, String tableLocation, String runId,
      LockHolder holder, Duration ttl, Optional<String> breakLock) {
    return acquire(fs, table, tableLocation, runId, holder, ttl, breakLock,
        new Liveness(holder, Liveness.Processes.LOCAL, YarnApplications.SHARED));
  }

  static TableLock acquire(ClusterFileSystem fs, String table, String tableLocation, String runId,
      LockHolder holder, Duration ttl, Optional<String> breakLock, Liveness liveness) {
    String path = path(tableLocation);
    try {
      fs.mkdirs(TargetLayout.stateDirectory(tableLocation));
      Instant now = Instant.now();
      LockRecord mine = new LockRecord(runId, holder, now, now.plus(ttl), true);
      Set<String> toSweep = new LinkedHashSet<>();
      if (!tryCreate(fs, path, mine)) {
        LockRecord found = read(fs, path).orElseThrow(() -> held(table, null, null));
        mine = takeOver(fs, table, path, runId, holder, ttl, found, why(found, runId, breakLock, liveness, table));
        // Also an earlier attempt under this run id (a scheduler's retry): what it published may have
        // superseded versions it never recorded.
        toSweep.add(found.runId());
      }
      try (OutputStream out = fs.create(runsDirectory(tableLocation) + "/" + runId)) {
        out.write(mine.format().getBytes(StandardCharsets.UTF_8));
      }
      toSweep.addAll(otherRuns(fs, tableLocation, runId));
      if (!toSweep.isEmpty()) {
        LOG.warn("{}: run(s) {} did not end cleanly; their leftovers will be swept", table, toSweep);
      }
      return new TableLock(fs, table, path, mine, ttl, new ArrayList<>(toSweep));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock target table " + table + " (lock file " + path + "): "
          + e.getMessage(), e);
    }
  }

  /**
   * Why the lock {@code found} may be taken over, or the refusal naming its holder: it expired or was
   * left unclean, its process is gone, or an operator breaks it.
   */
  private static String why(LockRecord found, String runId, Optional<String> breakLock, Liveness liveness,
      String table) {
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
    throw found.runId().equals(runId) ? heldByEarlierAttempt(table, found, verdict) : held(table, found, verdict);
  }

  private static LockRecord takeOver(ClusterFileSystem fs, String table, String path, String runId,
      LockHolder holder, Duration ttl, LockRecord stale, String why) throws IOException {
    String aside = path + ".taken-by-" + runId;
    if (!fs.renameIfAbsent(path, aside)) {
      throw held(table, read(fs, path).orElse(null), null);
    }
    LockRecord moved = read(fs, aside).orElse(stale);
    boolean renewedSince = !stale.heldAt(Instant.now()) && moved.heldAt(Instant.now());
    if (!moved.sameHoldAs(stale) || renewedSince) {
      // Another contender took over, or a stalled holder renewed, between our read and our rename.
      fs.renameIfAbsent(aside, path);
      throw held(table, moved, null);
    }
    fs.delete(aside, false);
    Instant now = Instant.now();
    LockRecord mine = new LockRecord(runId, holder, now, now.plus(ttl), true);
    if (!tryCreate(fs, path, mine)) {
      throw held(table, read(fs, path).orElse(null), null);
    }
    LOG.warn("took over the lock of {} from run {} on {} (held since {}, {}); leftovers of that run will be swept",
        table, stale.runId(), stale.host(), stale.since(), why);
    return mine;
  }

  private static List<String> otherRuns(ClusterFileSystem fs, String tableLocation, String runId)
      throws IOException {
    List<String> runs = new ArrayList<>();
    for (String file : fs.listFiles(runsDirectory(tableLocation))) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      if (!name.equals(runId)) {
        runs.add(name);
      }
    }
    return runs;
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
      Optional<LockRecord> current = read(fs, path);
      if (current.isEmpty() || !current.get().sameHoldAs(mine)) {
        lose(current.orElse(null));
        return;
      }
      write(path + ".renew-" + mine.runId(), new LockRecord(mine.runId(), mine.holder(), mine.since(),
          Instant.now().plus(ttl), true));
    } catch (IOException e) {
      LOG.warn("cannot renew the lock of {} ({}): {}", table, path, Messages.oneLine(e.getMessage()));
    }
  }

  private synchronized void lose(LockRecord now) {
    if (lost != null) {
      return;
    }
    String runId = mine.runId();
    String by = now == null ? "the lock file " + path + " was removed while run " + runId + " was writing it"
        : "it was taken over by " + describe(now) + " while run " + runId + " was writing it";
    lost = new LockHeldException("run " + runId + " lost the lock of target table " + table + ": " + by
        + " (not renewed within lock.ttl, or broken with --break-lock); this run stopped and published nothing"
        + " more to it; the next run to take the lock sweeps what this run left");
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
      Optional<LockRecord> current = read(fs, path);
      if (current.isEmpty() || !current.get().sameHoldAs(mine)) {
        return;
      }
      if (clean) {
        String runs = path.substring(0, path.length() - FILE_NAME.length()) + RUNS;
        for (String run : toSweep) {
          fs.delete(runs + "/" + run, false);
        }
        fs.delete(runs + "/" + mine.runId(), false);
        fs.delete(path, false);
      } else {
        write(path + ".release-" + mine.runId(), new LockRecord(mine.runId(), mine.holder(), mine.since(),
            Instant.now(), false));
      }
    } catch (IOException e) {
      LOG.warn("cannot release the lock of {} ({}): {}; it expires by itself", table, path,
          Messages.oneLine(e.getMessage()));
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
   * Who holds the lock of the table at {@code tableLocation} now, without taking it: "run R on H since
   * T", or empty when a run on {@code self}'s host could take it (free, expired, or its holder dead).
   */
  public static Optional<String> holder(ClusterFileSystem fs, String tableLocation, LockHolder self)
      throws IOException {
    Liveness liveness = new Liveness(self, Liveness.Processes.LOCAL, YarnApplications.SHARED);
    return read(fs, path(tableLocation)).filter(record -> record.heldAt(Instant.now()))
        .filter(record -> !liveness.of(record.holder()).dead()).map(TableLock::describe);
  }

  /**
   * Whether {@code runId} left a trace on the table at {@code tableLocation} that {@code --break-lock}
   * can act on: the lock names it, or its in-progress record is there.
   */
  public static boolean names(ClusterFileSystem fs, String tableLocation, String runId) throws IOException {
    return read(fs, path(tableLocation)).map(r -> r.runId().equals(runId)).orElse(false)
        || fs.readSmallFile(runsDirectory(tableLocation) + "/" + runId).isPresent();
  }

  private static String describe(LockRecord holder) {
    return "run " + holder.runId() + " on " + holder.host() + " since " + holder.since();
  }

  private static String state(LockRecord holder, Liveness.Verdict verdict) {
    return " (lock expires " + holder.expires() + " unless renewed" + (verdict == null ? "" : "; "
        + verdict.reason()) + ")";
  }

  /**
   * A scheduler retried a run it had given this run id while the earlier attempt's lock is still live
   * and its process cannot be seen to be gone: that attempt may still be running (a retry after a
   * timeout does not always kill it), so it is not taken over unless an operator breaks it.
   */
  private static LockHeldException heldByEarlierAttempt(String table, LockRecord holder, Liveness.Verdict verdict) {
    return new LockHeldException("target table " + table + " is still locked by an earlier attempt of this run ("
        + describe(holder) + state(holder, verdict) + "); if that attempt is dead, retry after the lock expires"
        + " or with --break-lock " + holder.runId());
  }

  private static LockHeldException held(String table, LockRecord holder, Liveness.Verdict verdict) {
    if (holder == null) {
      return new LockHeldException("target table " + table + " is being written by another run that just took"
          + " its lock; wait for that run to finish");
    }
    return new LockHeldException("target table " + table + " is being written by " + describe(holder)
        + state(holder, verdict) + "; wait for that run to finish, or, if it is dead, re-run with --break-lock "
        + holder.runId() + " (a holder on the same host whose process is gone is taken over at once)");
  }
}
