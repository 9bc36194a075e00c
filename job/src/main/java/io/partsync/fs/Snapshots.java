package io.partsync.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.SnapshotDiffReport;

/** HDFS snapshots of a directory: taking and dropping them, finding them, and what changed between two. */
final class Snapshots {
  private final FileSystem fs;

  Snapshots(FileSystem fs) {
    this.fs = fs;
  }

  /** Whether {@code dir} allows snapshots (an administrator ran {@code hdfs dfsadmin -allowSnapshot} on it). */
  boolean isSnapshottable(String dir) throws IOException {
    return fs.getFileStatus(new Path(dir)).isSnapshotEnabled();
  }

  /** Creates a snapshot of {@code dir}; its files are then readable under the returned path as they are now. */
  String create(String dir, String name) throws IOException {
    return fs.createSnapshot(new Path(dir), name).toString();
  }

  void delete(String dir, String name) throws IOException {
    fs.deleteSnapshot(new Path(dir), name);
  }

  /**
   * The names of {@code dir}'s snapshots, oldest first: HDFS gives each snapshot's root the time it was
   * taken as its modification time, which orders snapshots whatever they are named.
   */
  List<String> names(String dir) throws IOException {
    FileStatus[] snapshots;
    try {
      snapshots = fs.listStatus(new Path(dir, ".snapshot"));
    } catch (FileNotFoundException e) {
      return List.of();
    }
    return Arrays.stream(snapshots).filter(FileStatus::isDirectory)
        .sorted(Comparator.comparingLong(FileStatus::getModificationTime)
            .thenComparing(s -> s.getPath().getName()))
        .map(s -> s.getPath().getName()).toList();
  }

  /** What changed under {@code dir} from snapshot {@code from} to snapshot {@code to}. */
  List<SnapshotChange> diff(String dir, String from, String to) throws IOException {
    if (!(fs instanceof DistributedFileSystem dfs)) {
      throw new IOException("snapshot diffs need HDFS; " + dir + " is on " + fs.getUri());
    }
    List<SnapshotChange> changes = new ArrayList<>();
    for (SnapshotDiffReport.DiffReportEntry entry : dfs.getSnapshotDiffReport(new Path(dir), from, to).getDiffList()) {
      byte[] target = entry.getTargetPath();
      changes.add(new SnapshotChange(entry.getType().name(), new String(entry.getSourcePath(), StandardCharsets.UTF_8),
          target == null ? null : new String(target, StandardCharsets.UTF_8)));
    }
    return changes;
  }
}
