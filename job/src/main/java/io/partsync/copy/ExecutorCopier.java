package io.partsync.copy;

import io.partsync.FaultInjection;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionVersion;
import io.partsync.plan.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one virtual executor's partitions: all their files go through one bounded buffer pool, several
 * files at once. A finished file is verified on a separate pool, so the copy streams never wait for the
 * target's checksum round trips.
 */
public final class ExecutorCopier {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorCopier.class);

  private final ClusterFileSystem source;
  private final ClusterFileSystem target;
  private final ClusterFileSystem replica;
  private final CopySettings settings;
  private final boolean retry;

  /**
   * @param retry whether an earlier attempt of this task may have written into the same version
   *     directories; they are then emptied first, so a retry never leaves a duplicate or partial file
   */
  public ExecutorCopier(ClusterFileSystem source, ClusterFileSystem target, CopySettings settings, boolean retry) {
    this(source, target, null, settings, retry);
  }

  /** @param replica the file system source files are read from first, or null; see {@link CopySettings#replica()} */
  public ExecutorCopier(ClusterFileSystem source, ClusterFileSystem target, ClusterFileSystem replica,
      CopySettings settings, boolean retry) {
    this.source = source;
    this.target = target;
    this.replica = replica;
    this.settings = settings;
    this.retry = retry;
  }

  public ExecutorResult copy(ExecutorPlan plan, String host) throws InterruptedException {
    long started = System.nanoTime();
    BufferPool buffers = new BufferPool(settings.streams(), settings.chunkBytes());
    FileCopier copier = new FileCopier(source, target, replica, settings.replica(), buffers, settings.verify());
    ExecutorService streams = pool(settings.streams(), "partsync-copy-" + plan.executor());
    ExecutorService verifiers = pool(settings.streams(), "partsync-verify-" + plan.executor());
    AtomicLong bytesCopied = new AtomicLong();
    try {
      List<List<CompletableFuture<SourceFile>>> pending = new ArrayList<>();
      List<List<String>> fromPrimary = new ArrayList<>();
      for (PartitionCopy partition : plan.partitions()) {
        List<String> mismatches = new CopyOnWriteArrayList<>();
        fromPrimary.add(mismatches);
        pending.add(start(partition, copier, streams, verifiers, bytesCopied, mismatches));
      }
      List<PartitionResult> results = new ArrayList<>();
      for (int i = 0; i < plan.partitions().size(); i++) {
        results.add(finish(plan.partitions().get(i), pending.get(i), started, fromPrimary.get(i)));
      }
      return new ExecutorResult(plan.executor(), host, results, bytesCopied.get(), buffers.peakBytes(),
          (System.nanoTime() - started) / 1_000_000);
    } finally {
      streams.shutdownNow();
      verifiers.shutdownNow();
    }
  }

  /** @param fromPrimary collects why files were read from the source rather than the replica */
  private List<CompletableFuture<SourceFile>> start(PartitionCopy partition, FileCopier copier,
      ExecutorService streams, ExecutorService verifiers, AtomicLong bytesCopied, List<String> fromPrimary) {
    List<CompletableFuture<SourceFile>> files = new ArrayList<>();
    CompletableFuture<Void> prepared = CompletableFuture.runAsync(() -> prepare(partition), streams);
    for (SourceFile file : partition.files()) {
      files.add(prepared
          .thenApplyAsync(ignored -> unchecked(() -> copier.copy(file, partition.sourceDir(),
              partition.targetDir())), streams)
          .thenApplyAsync(written -> {
            if (written.replicaMismatch() != null) {
              fromPrimary.add(written.replicaMismatch());
            }
            SourceFile verified = unchecked(() -> copier.verify(written));
            bytesCopied.addAndGet(written.bytes());
            return verified;
          }, verifiers));
    }
    if (partition.files().isEmpty()) {
      files.add(prepared.thenApply(ignored -> null));
    }
    return files;
  }

  /** Makes the version directory exist (an empty partition is an empty directory), emptied on a retry. */
  private void prepare(PartitionCopy partition) {
    try {
      if (retry) {
        target.delete(partition.targetDir(), true);
      }
      if (retry || partition.files().isEmpty()) {
        target.mkdirs(partition.targetDir());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits for a partition's files. Its version is computed from the files as verified: a partition planned
   * without checksums (it was new to the target) gets the checksums read while verifying, so its version
   * is the one a later run computes from the source.
   */
  private PartitionResult finish(PartitionCopy partition, List<CompletableFuture<SourceFile>> files,
      long started, List<String> fromPrimary) throws InterruptedException {
    String error = null;
    long bytes = 0;
    List<SourceFile> verified = new ArrayList<>();
    for (CompletableFuture<SourceFile> file : files) {
      try {
        SourceFile done = file.get();
        if (done != null) {
          verified.add(done);
          bytes += done.length();
        }
      } catch (ExecutionException e) {
        if (rootOf(e) instanceof FaultInjection.InjectedFault fault) {
          throw fault; // stands for the executor dying mid-file: the whole task fails
        }
        if (error == null) {
          error = describe(rootOf(e));
        }
      }
    }
    String version = partition.version();
    String listing = null;
    String targetVersion = null;
    if (error == null) {
      version = PartitionVersion.of(verified);
      listing = PartitionVersion.ofListing(verified);
      try {
        targetVersion = PartitionVersion.of(target.listDataFiles(partition.targetDir()));
      } catch (IOException e) {
        error = "cannot list the copy at " + partition.targetDir() + ": " + e.getMessage();
      }
    }
    if (error != null) {
      LOG.error("{} failed: {}", partition.label(), error);
    }
    return new PartitionResult(partition.table(), partition.name(), partition.values(), partition.targetDir(),
        version, listing, targetVersion, partition.files().size(), bytes, (System.nanoTime() - started) / 1_000_000,
        fromPrimary, error);
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
