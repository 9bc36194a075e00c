package io.partsync.bench;

import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;

/** The target cluster as the benchmark sees it between runs: emptied before, checked after. */
final class TargetSide implements AutoCloseable {
  private final EmbeddedCluster cluster;
  private final SourceTableWriter metastore;
  private final FileSystem fs;

  TargetSide(EmbeddedCluster cluster) throws Exception {
    this(cluster, FileSystem.newInstance(cluster.conf()));
  }

  /** The target whose tables live on {@code storage} (an object store's file system) rather than its HDFS. */
  TargetSide(EmbeddedCluster cluster, FileSystem storage) throws Exception {
    this.cluster = cluster;
    this.metastore = new SourceTableWriter(cluster.metastoreUri());
    this.fs = storage;
  }

  EmbeddedCluster cluster() {
    return cluster;
  }

  HiveMetaStoreClient client() {
    return metastore.client();
  }

  FileSystem fs() {
    return fs;
  }

  /** Creates the target database (at the metastore's default location) and returns its location. */
  String ensureDatabase(String database) throws Exception {
    metastore.ensureDatabase(database);
    return metastore.client().getDatabase(database).getLocationUri();
  }

  /** Drops the target table (with its data) and deletes its directory, so the next run is a full sync. */
  void reset(BenchTable table) throws Exception {
    metastore.client().dropTable(table.database(), table.name(), true, true);
    fs.delete(new Path(table.targetDir()), true);
  }

  /**
   * Checks what a run left on the target and returns what was found. Fails when bytes or registered
   * partitions are missing; a byte-for-byte copy must also have exactly the source's number of files.
   */
  Map<String, Object> verify(BenchTable table, SyncTool tool) throws Exception {
    Map<String, Object> found = new LinkedHashMap<>();
    ContentSummary summary = summary(table.targetDir());
    found.put("targetFiles", summary.getFileCount());
    found.put("targetBytes", summary.getLength());
    StringBuilder problems = new StringBuilder();
    if (tool.copiesFiles() && (summary.getFileCount() != table.files() || summary.getLength() != table.bytes())) {
      problems.append(" target has ").append(summary.getFileCount()).append(" files, ").append(summary.getLength())
          .append(" bytes; expected ").append(table.files()).append(" files, ").append(table.bytes())
          .append(" bytes;");
    }
    if (!tool.copiesFiles() && summary.getLength() < table.bytes()) {
      problems.append(" target has ").append(summary.getLength()).append(" bytes, less than the source's ")
          .append(table.bytes()).append(";");
    }
    if (tool.registers()) {
      int registered = metastore.client().listPartitionNames(table.database(), table.name(), (short) -1).size();
      found.put("partitionsRegistered", registered);
      if (registered != table.partitionValues().size()) {
        problems.append(" ").append(registered).append(" partitions registered, expected ")
            .append(table.partitionValues().size()).append(";");
      }
    }
    if (problems.length() > 0) {
      throw new IllegalStateException(tool.label() + " on " + table.qualifiedName() + ":" + problems);
    }
    return found;
  }

  /**
   * The data files under {@code dir} as Hive reads them: names starting with '.' or '_' (partsync's
   * run-directory markers and state, Hadoop's _SUCCESS) are not data, at any depth.
   */
  private ContentSummary summary(String dir) throws IOException {
    Path root = new Path(dir);
    long files = 0;
    long bytes = 0;
    if (fs.exists(root)) {
      org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> all = fs.listFiles(root, true);
      while (all.hasNext()) {
        org.apache.hadoop.fs.LocatedFileStatus file = all.next();
        if (isData(root, file.getPath())) {
          files++;
          bytes += file.getLen();
        }
      }
    }
    return new ContentSummary.Builder().fileCount(files).length(bytes).build();
  }

  static boolean isData(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root) && p.depth() > root.depth(); p = p.getParent()) {
      if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    metastore.close();
    fs.close();
  }
}
