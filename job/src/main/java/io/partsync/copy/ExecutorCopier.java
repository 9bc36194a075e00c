package io.partsync.copy;

import io.partsync.failure.Faults;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.DataFile;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.PartitionCopy.Destination;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionVersion;
import io.partsync.plan.TargetTableName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one virtual executor's partitions: all their files go through one bounded buffer pool, several
 * files at once, each file read once and written to every destination of its partition. A finished file
 * is verified on a separate pool, so the copy streams never wait for the targets' checksum round trips,
 * and a partition whose files are all verified gets its results there too (its copies listed), so the
 * task thread, which only collects them, never puts a round trip per partition on the critical path.
 * A destination that fails fails only its own copy of the partition.
 */
public final class ExecutorCopier {
  private static final long STOP_WAIT_SECONDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorCopier.class);

  private final ClusterFileSystem source;
  private final Map<String, ClusterFileSystem> targets;
  private final ClusterFileSystem replica;
  private final CopySettings settings;
  private final boolean retry;
  private final CopyCounters counters;

  /**
   * @param targets each target cluster's file system, by target name
   * @param replica the file system source files are read from first, or null; see {@link CopySettings#replica()}
   * @param retry whether an earlier attempt of this task may have written into the same version
   *     directories; they are then emptied first, so a retry never leaves a duplicate or partial file
   */
  public ExecutorCopier(ClusterFileSystem source, Map<String, ClusterFileSystem> targets, ClusterFileSystem replica,
      CopySettings settings, boolean retry) {
    this(source, targets, replica, settings, retry, CopyCounters.NONE);
  }

  /** @param counters where the copy counts its bytes, files and partitions per target, for progress and metrics */
  public ExecutorCopier(ClusterFileSystem source, Map<String, ClusterFileSystem> targets, ClusterFileSystem replica,
      CopySettings settings, boolean retry, CopyCounters counters) {
    this.counters = counters;
    this.source = source;
    this.targets = Map.copyOf(targets);
    this.replica = replica;
    this.settings = settings;
    this.retry = retry;
  }

  public ExecutorResult copy(ExecutorPlan plan, String host) throws InterruptedException {
    long started = System.nanoTime();
    BufferPool buffers = new BufferPool(settings.streams(), settings.chunkBytes());
    // One bucket for the task's streams and verifiers: the cap is the executor's, not each stream's.
    TokenBucket bucket = TokenBucket.of(settings.bytesPerSecond(), settings.chunkBytes());
    FileCopier copier = new FileCopier(source, replica, settings.replica(), buffers, settings.verify(),
        counters, settings.faults(), bucket);
    ExecutorService streams = pool(settings.streams(), "partsync-copy-" + plan.executor());
    // Twice the streams: a small file's close waits here too (see FileCopier), besides the checksum calls.
    ExecutorService verifiers = pool(2 * settings.streams(), "partsync-verify-" + plan.executor());
    AtomicLong bytesCopied = new AtomicLong();
    try {
      List<Started> pending = new ArrayList<>();
      for (PartitionCopy partition : plan.partitions()) {
        pending.add(start(partition, copier, streams, verifiers, bytesCopied));
      }
      List<PartitionResult> results = new ArrayList<>();
      for (Started partition : pending) {
        results.addAll(collect(partition));
      }
      return new ExecutorResult(plan.executor(), host, results, bytesCopied.get(), buffers.peakBytes(),
          (System.nanoTime() - started) / 1_000_000, bucket.waitedNanos() / 1_000_000, copier.verification());
    } finally {
      streams.shutdownNow();
      verifiers.shutdownNow();
      copier.abortPending();
      awaitStopped(streams, verifiers);
    }
  }

  /**
   * Waits a little for the pools' threads to stop once a task ends: a failed task's retry first empties
   * its version directories, and a copy still writing from the failed attempt must not land after that.
   */
  private static void awaitStopped(ExecutorService... pools) {
    try {
      for (ExecutorService pool : pools) {
        if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
          LOG.warn("copy threads still running {} s after their task ended", STOP_WAIT_SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A partition whose files are on their way: each file's verification, the destinations that failed
   * before any file (their directory could not be made), and why files were read from the source rather
   * than the replica; and, once every file is settled, the partition's outcome.
   */
  private record Started(PartitionCopy partition, List<CompletableFuture<FileCopier.Verified>> files,
      Map<TargetTableName, String> unprepared, List<String> fromPrimary, Timing timing,
      CompletableFuture<Finished> finished) {}

  /**
   * A settled partition: one result per destination, or the injected fault one of its files hit, which
   * stands for the executor dying mid-file and so fails the whole task when the task thread reaches it.
   */
  private record Finished(List<PartitionResult> results, Faults.InjectedFault fault) {}

  /**
   * When the first file of a partition started copying and its last file was done. All partitions are
   * queued at once, so the time since the task started would rank them by queue position, not cost.
   */
  private record Timing(AtomicLong firstNanos, AtomicLong lastNanos) {
    private static final long UNSET = Long.MIN_VALUE;

    Timing() {
      this(new AtomicLong(UNSET), new AtomicLong(UNSET));
    }

    void begin() {
      firstNanos.compareAndSet(UNSET, System.nanoTime());
    }

    <T> CompletableFuture<T> track(CompletableFuture<T> step) {
      return step.whenComplete((result, error) -> lastNanos.accumulateAndGet(System.nanoTime(), Math::max));
    }

    long millis() {
      long first = firstNanos.get();
      long last = lastNanos.get();
      return first == UNSET || last == UNSET ? 0 : Math.max(0, last - first) / 1_000_000;
    }
  }

  private Started start(PartitionCopy partition, FileCopier copier, ExecutorService streams,
      ExecutorService verifiers, AtomicLong bytesCopied) {
    Map<TargetTableName, String> unprepared = new ConcurrentHashMap<>();
    List<String> fromPrimary = new CopyOnWriteArrayList<>();
    List<CompletableFuture<FileCopier.Verified>> files = new ArrayList<>();
    Timing timing = new Timing();
    CompletableFuture<List<Destination>> prepared = CompletableFuture.supplyAsync(() -> {
      if (partition.files().isEmpty()) {
        timing.begin(); // making its directory is all the work an empty partition takes
      }
      return prepare(partition, unprepared);
    }, streams);
    for (DataFile file : partition.files()) {
      files.add(timing.track(prepared
          .thenApplyAsync(ready -> {
            timing.begin();
            return unchecked(() -> copier.copy(file, partition.sourceDir(), sinks(ready, file)));
          }, streams)
          .thenApplyAsync(written -> {
            if (written.replicaMismatch() != null) {
              fromPrimary.add(written.replicaMismatch());
            }
            FileCopier.Verified verified = unchecked(() -> copier.verify(written));
            bytesCopied.addAndGet(written.bytes());
            return verified;
          }, verifiers)));
    }
    if (partition.files().isEmpty()) {
      files.add(timing.track(prepared.thenApply(ignored -> null)));
    }
    // allOf settles only once every file has, failed or not: the outcome never races a file still copying.
    CompletableFuture<Finished> finished = CompletableFuture.allOf(files.toArray(CompletableFuture[]::new))
        .handleAsync((ignored, error) -> finish(partition, files, unprepared, fromPrimary, timing), verifiers);
    return new Started(partition, files, unprepared, fromPrimary, timing, finished);
  }

  private List<FileCopier.Sink> sinks(List<Destination> destinations, DataFile file) throws IOException {
    if (destinations.isEmpty()) {
      throw new IOException("no destination could be prepared");
    }
    return destinations.stream().map(d -> new FileCopier.Sink(d.targetTable(), targets.get(d.target()),
        d.targetDir() + "/" + file.relativePath())).toList();
  }

  /**
   * Makes each version directory exist (an empty partition is an empty directory), emptied on a retry.
   * Returns the destinations ready to be written; the others are recorded in {@code unprepared}.
   */
  private List<Destination> prepare(PartitionCopy partition, Map<TargetTableName, String> unprepared) {
    List<Destination> ready = new ArrayList<>();
    for (Destination destination : partition.destinations()) {
      ClusterFileSystem target = targets.get(destination.target());
      try {
        if (retry) {
          target.delete(destination.targetDir(), true);
        }
        if (retry || partition.files().isEmpty()) {
          target.mkdirs(destination.targetDir());
        }
        ready.add(destination);
      } catch (IOException e) {
        unprepared.put(destination.targetTable(), "cannot prepare " + destination.targetDir() + ": " + e.getMessage());
      }
    }
    return ready;
  }

  /**
   * Waits for a partition's outcome, in plan order, and gives its results; a partition whose file hit an
   * injected fault fails the whole task, as the executor dying mid-file would.
   */
  private static List<PartitionResult> collect(Started started) throws InterruptedException {
    Finished finished;
    try {
      finished = started.finished().get();
    } catch (ExecutionException e) {
      // finish() handles every file's failure itself: this is a bug or an Error, not a copy that failed
      throw new IllegalStateException("settling " + started.partition().label() + " failed", rootOf(e));
    }
    if (finished.fault() != null) {
      throw finished.fault();
    }
    return finished.results();
  }

  /**
   * Gives one result per destination of a partition whose files are all settled. Its version is computed
   * from the files as verified: a partition planned without checksums (it was new to the target) gets the
   * checksums read while verifying, so its version is the one a later run computes from the source.
   * Each copy's target version is its listing's, once that listing shows exactly the files verified.
   */
  private Finished finish(PartitionCopy partition, List<CompletableFuture<FileCopier.Verified>> files,
      Map<TargetTableName, String> unprepared, List<String> fromPrimary, Timing timing) {
    String error = null;
    long bytes = 0;
    Map<TargetTableName, String> failed = new LinkedHashMap<>(unprepared);
    List<DataFile> verified = new ArrayList<>();
    for (CompletableFuture<FileCopier.Verified> file : files) {
      try {
        FileCopier.Verified done = file.join();
        if (done != null) {
          verified.add(done.file());
          bytes += done.bytes();
          done.failed().forEach(failed::putIfAbsent);
        }
      } catch (CompletionException | CancellationException e) {
        if (rootOf(e) instanceof Faults.InjectedFault fault) {
          return new Finished(null, fault);
        }
        if (error == null) {
          error = describe(rootOf(e));
        }
      }
    }
    String version = error == null ? PartitionVersion.of(verified) : partition.version();
    String listing = error == null ? PartitionVersion.ofListing(verified) : null;
    long millis = timing.millis();
    List<PartitionResult> results = new ArrayList<>();
    for (Destination destination : partition.destinations()) {
      String destinationError = error != null ? error : failed.get(destination.targetTable());
      String targetVersion = null;
      if (destinationError == null) {
        try {
          List<DataFile> listed = targets.get(destination.target()).listDataFiles(destination.targetDir());
          destinationError = CopyListing.mismatch(destination.targetDir(), verified, listed);
          targetVersion = destinationError == null ? PartitionVersion.of(listed) : null;
        } catch (IOException e) {
          destinationError = "cannot list the copy at " + destination.targetDir() + ": " + e.getMessage();
        }
      }
      if (destinationError != null) {
        LOG.error("{} to {} failed: {}", partition.label(), destination.targetTable(), destinationError);
      }
      counters.partitionDone(destination.target(), destinationError == null, partition.files().size());
      results.add(new PartitionResult(destination.target(), destination.table(), partition.name(),
          partition.values(), destination.targetDir(), version, listing, targetVersion, partition.files().size(),
          bytes, millis, fromPrimary, destinationError));
    }
    return new Finished(results, null);
  }

  private static ExecutorService pool(int threads, String name) {
    return Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  @FunctionalInterface
  private interface IoStep<T> {
    T run() throws IOException, InterruptedException;
  }

  private static <T> T unchecked(IoStep<T> step) {
    try {
      return step.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CompletionException(e);
    }
  }

  private static Throwable rootOf(Throwable e) {
    Throwable cause = e;
    while ((cause instanceof ExecutionException || cause instanceof CompletionException
        || cause instanceof UncheckedIOException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return e instanceof IOException ? message : e.getClass().getSimpleName() + ": " + message;
  }
}
