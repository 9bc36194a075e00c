package io.partsync.copy;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.ExecutorPlan;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.SourceFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one virtual executor's partitions: all their files go through one bounded buffer pool, several
 * files at once, and each partition ends with its target directory holding exactly the source's files.
 */
public final class ExecutorCopier {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorCopier.class);

  private final ClusterFileSystem source;
  private final ClusterFileSystem target;
  private final CopySettings settings;
  private final String attemptId;

  public ExecutorCopier(ClusterFileSystem source, ClusterFileSystem target, CopySettings settings,
      String attemptId) {
    this.source = source;
    this.target = target;
    this.settings = settings;
    this.attemptId = attemptId;
  }

  public ExecutorResult copy(ExecutorPlan plan, String host) throws InterruptedException {
    long started = System.nanoTime();
    BufferPool buffers = new BufferPool(settings.streams(), settings.chunkBytes());
    FileCopier copier = new FileCopier(source, target, buffers, settings.verify(), attemptId);
    ExecutorService streams = Executors.newFixedThreadPool(settings.streams(), runnable -> {
      Thread thread = new Thread(runnable, "partsync-copy-" + plan.executor());
      thread.setDaemon(true);
      return thread;
    });
    AtomicLong bytesCopied = new AtomicLong();
    try {
      List<List<Future<Long>>> pending = new ArrayList<>();
      for (PartitionCopy partition : plan.partitions()) {
        List<Future<Long>> files = new ArrayList<>();
        for (SourceFile file : partition.files()) {
          files.add(streams.submit(() -> {
            long copied = copier.copy(file, partition.sourceDir(), partition.targetDir());
            bytesCopied.addAndGet(copied);
            return copied;
          }));
        }
        pending.add(files);
      }
      List<PartitionResult> results = new ArrayList<>();
      for (int i = 0; i < plan.partitions().size(); i++) {
        results.add(finish(plan.partitions().get(i), pending.get(i), started));
      }
      return new ExecutorResult(plan.executor(), host, results, bytesCopied.get(), buffers.peakBytes(),
          (System.nanoTime() - started) / 1_000_000);
    } finally {
      streams.shutdownNow();
    }
  }

  private PartitionResult finish(PartitionCopy partition, List<Future<Long>> files, long started)
      throws InterruptedException {
    String error = null;
    long bytes = 0;
    for (Future<Long> file : files) {
      try {
        bytes += file.get();
      } catch (ExecutionException e) {
        if (error == null) {
          error = describe(e.getCause());
        }
      }
    }
    if (error == null) {
      try {
        if (partition.files().isEmpty()) {
          target.mkdirs(partition.targetDir());
        }
        removeOthers(partition);
      } catch (IOException e) {
        error = describe(e);
      }
    }
    if (error != null) {
      LOG.error("{} failed: {}", partition.label(), error);
    }
    return new PartitionResult(partition.table(), partition.name(), partition.values(), partition.targetDir(),
        partition.files().size(), bytes, (System.nanoTime() - started) / 1_000_000, error);
  }

  /** Leaves the target partition holding exactly the source's data files (a re-run may find old ones). */
  private void removeOthers(PartitionCopy partition) throws IOException {
    Set<String> wanted = new HashSet<>();
    partition.files().forEach(f -> wanted.add(f.relativePath()));
    for (String existing : target.listAllRelative(partition.targetDir())) {
      if (!wanted.contains(existing)) {
        target.delete(partition.targetDir() + "/" + existing, false);
      }
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return e instanceof IOException ? message : e.getClass().getSimpleName() + ": " + message;
  }
}
