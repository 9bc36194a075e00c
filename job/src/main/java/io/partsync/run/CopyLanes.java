package io.partsync.run;

import io.partsync.copy.ExecutorResult;
import io.partsync.plan.CopyChunk;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The virtual executors on the driver: one lane each, running one copy task at a time as a Spark job of
 * one task, so never more copies at once than the user configured executors, and each within its own
 * memory budget, whatever slots the cluster has. A lane takes the tasks planned for it first; once it has
 * none left it takes the last queued task of the busy lane with the most predicted work still queued (an
 * idle lane is about to take its own). A wrong estimate so costs at most one task's time on one executor
 * instead of holding the whole run.
 */
final class CopyLanes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CopyLanes.class);

  /** A copy task as a lane ran it: the lane, the task as planned, and its result as that lane's. */
  record Ran(int lane, CopyChunk chunk, ExecutorResult result) {}

  private final Object monitor = new Object();
  private final Function<CopyChunk, ExecutorResult> runner;
  private final List<Deque<CopyChunk>> queues = new ArrayList<>();
  private final long[] queuedMillis;
  private final boolean[] active;
  private final List<Thread> threads = new ArrayList<>();
  private final List<Ran> ran = new ArrayList<>();
  private boolean finishing;
  private RuntimeException failure;

  /**
   * @param runner runs one copy task as a Spark job and returns its result; called on the lane's thread
   * @param onLaneStart what each lane's thread does first, e.g. tagging its Spark jobs as the run's
   */
  CopyLanes(int lanes, Function<CopyChunk, ExecutorResult> runner, Runnable onLaneStart) {
    this.runner = runner;
    this.queuedMillis = new long[lanes];
    this.active = new boolean[lanes];
    for (int lane = 0; lane < lanes; lane++) {
      queues.add(new ArrayDeque<>());
      int number = lane;
      Thread thread = new Thread(() -> {
        onLaneStart.run();
        work(number);
      }, "partsync-lane-" + lane);
      thread.setDaemon(true);
      threads.add(thread);
    }
    threads.forEach(Thread::start);
  }

  /** Queues each task on the lane of the executor it was planned for. */
  void submit(List<CopyChunk> chunks) {
    synchronized (monitor) {
      for (CopyChunk chunk : chunks) {
        queues.get(chunk.executor()).addLast(chunk);
        queuedMillis[chunk.executor()] += chunk.predictedMillis();
      }
      monitor.notifyAll();
    }
  }

  /** Whether a task is running or queued. */
  boolean busy() {
    synchronized (monitor) {
      for (int lane = 0; lane < active.length; lane++) {
        if (active[lane] || !queues.get(lane).isEmpty()) {
          return true;
        }
      }
      return false;
    }
  }

  /** Waits until every queued task ran; rethrows the first failure, after which no lane started another. */
  List<Ran> finish() {
    synchronized (monitor) {
      finishing = true;
      monitor.notifyAll();
    }
    for (Thread thread : threads) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the copy", e);
      }
    }
    synchronized (monitor) {
      if (failure != null) {
        throw failure;
      }
      return List.copyOf(ran);
    }
  }

  /** Stops the lanes from starting any queued task; a task running goes on to its end. */
  @Override
  public void close() {
    synchronized (monitor) {
      finishing = true;
      queues.forEach(Deque::clear);
      monitor.notifyAll();
    }
  }

  private void work(int lane) {
    while (true) {
      CopyChunk next;
      synchronized (monitor) {
        while ((next = take(lane)) == null && !finishing && failure == null) {
          try {
            monitor.wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        if (next == null) {
          return;
        }
        active[lane] = true;
      }
      run(lane, next);
    }
  }

  private void run(int lane, CopyChunk chunk) {
    try {
      ExecutorResult result = runner.apply(chunk);
      int moved = chunk.executor() == lane ? 0 : chunk.partitions().size();
      if (moved > 0) {
        LOG.info("virtual executor {} took over copy task {} of executor {} ({} partitions)", lane, chunk.index(),
            chunk.executor(), moved);
      }
      synchronized (monitor) {
        ran.add(new Ran(lane, chunk, result.ranBy(lane, moved)));
      }
    } catch (Throwable e) { // Spark's job failure is a checked exception Java's signature does not show
      synchronized (monitor) {
        failure = failure != null ? failure : e instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
    } finally {
      synchronized (monitor) {
        active[lane] = false;
        monitor.notifyAll();
      }
    }
  }

  /** The lane's own next task, else the last task of the busy lane with the most work queued; null if none. */
  private CopyChunk take(int lane) {
    if (failure != null) {
      return null;
    }
    int from = queues.get(lane).isEmpty() ? mostQueued() : lane;
    if (from < 0) {
      return null;
    }
    CopyChunk chunk = from == lane ? queues.get(from).pollFirst() : queues.get(from).pollLast();
    queuedMillis[from] -= chunk.predictedMillis();
    return chunk;
  }

  private int mostQueued() {
    int most = -1;
    for (int lane = 0; lane < queues.size(); lane++) {
      if (active[lane] && !queues.get(lane).isEmpty() && (most < 0 || queuedMillis[lane] > queuedMillis[most])) {
        most = lane;
      }
    }
    return most;
  }
}
