package io.partsync.bench;

import io.partsync.embedded.EmbeddedCluster;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The bandwidth ceiling: the same files copied with plain FileSystem streams by N threads, 1 MiB
 * buffer each; no Spark, no metastore, no verification, no temporary names.
 */
final class RawCopyTool implements SyncTool {
  static final int BUFFER_BYTES = 1 << 20;

  private final FileSystem source;
  private final FileSystem target;
  private final int threads;

  RawCopyTool(EmbeddedCluster source, EmbeddedCluster target, int threads) throws Exception {
    this.source = FileSystem.newInstance(clientConf(source));
    this.target = FileSystem.newInstance(clientConf(target));
    this.threads = threads;
  }

  static Configuration clientConf(EmbeddedCluster cluster) {
    Configuration conf = cluster.conf();
    conf.set(EmbeddedCluster.FAST_CLOSE_KEY, "10");
    return conf;
  }

  @Override
  public String key() {
    return "raw";
  }

  @Override
  public String label() {
    return "raw stream copy";
  }

  @Override
  public boolean registers() {
    return false;
  }

  @Override
  public boolean copiesFiles() {
    return true;
  }

  @Override
  public Measurement run(BenchTable table, int run) throws Exception {
    long started = System.nanoTime();
    copyTree(table.sourceDir(), table.targetDir());
    return new Measurement((System.nanoTime() - started) / 1e9, Map.of(), Map.of());
  }

  /** Copies every file under {@code from} to the same relative path under {@code to}; returns the bytes. */
  long copyTree(String from, String to) throws Exception {
    Path root = source.makeQualified(new Path(from));
    String prefix = root.toUri().getPath();
    List<LocatedFileStatus> files = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> listing = source.listFiles(root, true);
    while (listing.hasNext()) {
      files.add(listing.next());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ThreadLocal<byte[]> buffers = ThreadLocal.withInitial(() -> new byte[BUFFER_BYTES]);
    try {
      List<Future<Long>> copies = new ArrayList<>();
      for (LocatedFileStatus file : files) {
        String relative = file.getPath().toUri().getPath().substring(prefix.length());
        Path destination = new Path(to + relative);
        copies.add(pool.submit(() -> copyFile(file.getPath(), destination, buffers.get())));
      }
      long bytes = 0;
      for (Future<Long> copy : copies) {
        bytes += copy.get();
      }
      return bytes;
    } finally {
      pool.shutdownNow();
    }
  }

  private long copyFile(Path from, Path to, byte[] buffer) throws Exception {
    long bytes = 0;
    try (InputStream in = source.open(from); OutputStream out = target.create(to, true)) {
      int read;
      while ((read = in.read(buffer)) > 0) {
        out.write(buffer, 0, read);
        bytes += read;
      }
    }
    return bytes;
  }

  @Override
  public void close() throws Exception {
    source.close();
    target.close();
  }
}
