package io.partsync.lock;

import io.partsync.failure.Messages;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.RunId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks a run holds on one target's tables, renewed on a thread of their own until the run releases
 * them. Each renewal is also how the run finds out that another run took a lock from it.
 */
public final class TableLocks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TableLocks.class);

  private final String target;
  private final Map<String, TableLock> byTable;
  private final Map<String, LockHeldException> refused;
  private final ScheduledExecutorService renewal;
  private boolean released;

  private TableLocks(String target, Map<String, TableLock> byTable, Map<String, LockHeldException> refused,
      Duration ttl) {
    this.target = target;
    this.byTable = Map.copyOf(byTable);
    this.refused = Map.copyOf(refused);
    this.renewal = byTable.isEmpty() ? null : renewal(ttl);
  }

  /** A table to lock: its name and location on the target. */
  public record Request(String table, String location) {}

  /**
   * Takes each table's lock; a table another run holds is left out, and {@link #refused} says why.
   * {@code onLost} is told, from the renewal thread, when a lock this run holds is found taken.
   */
  public static TableLocks acquire(String target, ClusterFileSystem fs, Iterable<Request> tables, RunId runId,
      LockHolder holder, Duration ttl, Optional<String> breakLock, Consumer<LockHeldException> onLost) {
    Map<String, TableLock> locks = new LinkedHashMap<>();
    Map<String, LockHeldException> refused = new LinkedHashMap<>();
    for (Request table : tables) {
      try {
        TableLock lock = TableLock.acquire(fs, table.table(), table.location(), runId, holder, ttl, breakLock);
        lock.whenLost(onLost);
        locks.put(table.table(), lock);
      } catch (LockHeldException e) {
        refused.put(table.table(), e);
      }
    }
    return new TableLocks(target, locks, refused, ttl);
  }

  /** By table, why its lock could not be taken: another run holds it. */
  public Map<String, LockHeldException> refused() {
    return refused;
  }

  public boolean holds(String table) {
    return byTable.containsKey(table);
  }

  public boolean isEmpty() {
    return byTable.isEmpty();
  }

  /** The lock of a table this run holds. */
  public TableLock of(String table) {
    TableLock lock = byTable.get(table);
    if (lock == null) {
      throw new IllegalArgumentException("this run holds no lock of " + table + " on " + target);
    }
    return lock;
  }

  /**
   * Stops renewing and releases every lock: cleanly for the {@code clean} tables (published and cleaned
   * up), marked for the others, so the next run sweeps them. Once only: later calls do nothing.
   */
  public synchronized void release(Set<String> clean) {
    if (released) {
      return;
    }
    released = true;
    stopRenewing();
    byTable.forEach((table, lock) -> lock.release(clean.contains(table)));
  }

  /** Releases every lock not released yet as unclean: a run that failed leaves its tables to be swept. */
  @Override
  public void close() {
    release(Set.of());
  }

  private void stopRenewing() {
    if (renewal == null) {
      return;
    }
    // A renewal under way finishes first, so it cannot write the lock back after it is released.
    renewal.shutdown();
    try {
      if (!renewal.awaitTermination(30, TimeUnit.SECONDS)) {
        renewal.shutdownNow();
      }
    } catch (InterruptedException e) {
      renewal.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private ScheduledExecutorService renewal(Duration ttl) {
    ScheduledExecutorService renewing = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "partsync-lock-renewal-" + target);
      thread.setDaemon(true);
      return thread;
    });
    // Four chances to renew before the lock expires, so one slow name node call does not lose it; and at
    // least every 15 s, since each renewal is also how a run finds out, and stops, that it lost its lock.
    long period = Math.max(1, Math.min(ttl.toMillis() / 4, 15_000));
    renewing.scheduleAtFixedRate(() -> {
      try {
        byTable.values().forEach(TableLock::renew);
      } catch (RuntimeException e) {
        // An exception would silently end the schedule, and with it every later renewal.
        LOG.warn("renewing the locks on target {} failed: {}", target, Messages.oneLine(e.getMessage()));
        LOG.debug("renewing the locks on target {} failed", target, e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    return renewing;
  }
}
