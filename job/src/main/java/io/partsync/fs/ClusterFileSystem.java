package io.partsync.fs;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.protocol.SnapshotDiffReport;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The one place partsync touches a cluster's file system. It uses its own FileSystem instance (not
 * Hadoop's shared cache) so the source and target settings never leak into each other, and asks for
 * composite CRC checksums, which do not depend on block size and so compare across clusters.
 */
public final class ClusterFileSystem implements Closeable {
  private static final String COMPOSITE_CRC32C = "COMPOSITE-CRC32C";
  private static final String CHECKSUM_COMBINE_MODE = "dfs.checksum.combine.mode";

  private final FileSystem fs;
  private final String role;
  private final BatchedLister lister;

  private ClusterFileSystem(FileSystem fs, String role) {
    this.fs = fs;
    this.role = role;
    this.lister = new BatchedLister(fs);
  }

  public static ClusterFileSystem open(String role, Map<String, String> properties) {
    Configuration conf = HadoopConfs.toConfiguration(properties);
    // Not setIfUnset: once hdfs-default.xml is loaded the key is never unset, and its default (MD5MD5CRC)
    // would silently turn every checksum verification into a re-read of the copy.
    if (!properties.containsKey(CHECKSUM_COMBINE_MODE)) {
      conf.set(CHECKSUM_COMBINE_MODE, "COMPOSITE_CRC");
    }
    try {
      return new ClusterFileSystem(FileSystem.newInstance(FileSystem.getDefaultUri(conf), conf), role);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the " + role + " file system " + conf.get("fs.defaultFS")
          + ": " + e.getMessage(), e);
    }
  }

  public String role() {
    return role;
  }

  /** A path made absolute and fully qualified against this file system. */
  public String qualify(String path) {
    return fs.makeQualified(new Path(path)).toString();
  }

  /**
   * The data files under {@code dir}, with paths relative to it. Files and directories whose names start
   * with '_' or '.' are skipped, as Hive skips them. A missing directory is an empty partition.
   */
  public List<DataFile> listDataFiles(String dir) throws IOException {
    DirectoryListing listing = lister.list(List.of(dir), true).get(0);
    if (!listing.succeeded()) {
      throw new IOException(listing.error());
    }
    return listing.files();
  }

  /**
   * As {@link #listDataFiles(String)} for each of {@code dirs}, several directories per name node call
   * where the file system can. A directory that cannot be listed gets its error; the others are listed.
   */
  public List<DirectoryListing> listDataFiles(List<String> dirs) {
    return lister.list(dirs, true);
  }

  /**
   * As {@link #listDataFiles(List)}, with a directory that does not exist an error rather than empty
   * unless {@code missingIsEmpty}: for source partitions, whose directory deleted behind the metastore's
   * back must not look like an empty partition.
   */
  public List<DirectoryListing> listDataFiles(List<String> dirs, boolean missingIsEmpty) {
    return lister.list(dirs, missingIsEmpty);
  }

  /** The files of {@code dir} with each one's stored CRC32C where the file system can tell it. */
  public List<DataFile> withChecksums(String dir, List<DataFile> files) throws IOException {
    List<DataFile> checked = new ArrayList<>(files.size());
    for (DataFile file : files) {
      OptionalLong crc = file.length() == 0 ? OptionalLong.empty() : storedCrc32c(dir + "/" + file.relativePath());
      checked.add(crc.isPresent() ? file.withChecksum(crc.getAsLong()) : file);
    }
    return checked;
  }

  public static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /** Whether {@code dir} allows snapshots (an administrator ran {@code hdfs dfsadmin -allowSnapshot} on it). */
  public boolean isSnapshottable(String dir) throws IOException {
    return fs.getFileStatus(new Path(dir)).isSnapshotEnabled();
  }

  /** Creates a snapshot of {@code dir}; its files are then readable under the returned path as they are now. */
  public String createSnapshot(String dir, String name) throws IOException {
    return fs.createSnapshot(new Path(dir), name).toString();
  }

  public void deleteSnapshot(String dir, String name) throws IOException {
    fs.deleteSnapshot(new Path(dir), name);
  }

  /**
   * The names of {@code dir}'s snapshots, oldest first: HDFS gives each snapshot's root the time it was
   * taken as its modification time, which orders snapshots whatever they are named.
   */
  public List<String> snapshotNames(String dir) throws IOException {
    FileStatus[] snapshots;
    try {
      snapshots = fs.listStatus(new Path(dir, ".snapshot"));
    } catch (FileNotFoundException e) {
      return List.of();
    }
    return java.util.Arrays.stream(snapshots).filter(FileStatus::isDirectory)
        .sorted(java.util.Comparator.comparingLong(FileStatus::getModificationTime)
            .thenComparing(s -> s.getPath().getName()))
        .map(s -> s.getPath().getName()).toList();
  }

  /** What changed under {@code dir} from snapshot {@code from} to snapshot {@code to}. */
  public List<SnapshotChange> snapshotDiff(String dir, String from, String to) throws IOException {
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

  public InputStream openForRead(String path) throws IOException {
    return fs.open(new Path(path));
  }

  /** Creates (or overwrites) a file, making its parent directories. */
  public OutputStream create(String path) throws IOException {
    return fs.create(new Path(path), true);
  }

  /** Creates a file that must not exist yet; fails with FileAlreadyExistsException when it does. */
  public OutputStream createNew(String path) throws IOException {
    return fs.create(new Path(path), false);
  }

  /** The whole (small) file as UTF-8 text, or empty when it does not exist. */
  public Optional<String> readSmallFile(String path) throws IOException {
    try (InputStream in = fs.open(new Path(path))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Renames without replacing: false when {@code to} exists or {@code from} does not. */
  public boolean renameIfAbsent(String from, String to) throws IOException {
    try {
      return fs.rename(new Path(from), new Path(to));
    } catch (FileNotFoundException | FileAlreadyExistsException e) {
      return false;
    }
  }

  /** The sub-directories of {@code dir} (full paths), or none when it does not exist. */
  public List<String> listDirectories(String dir) throws IOException {
    return listChildren(dir, FileStatus::isDirectory);
  }

  /** The files directly in {@code dir} (full paths), or none when it does not exist. */
  public List<String> listFiles(String dir) throws IOException {
    return listChildren(dir, FileStatus::isFile);
  }

  /**
   * Up to {@code limit} entries of {@code dir} (full paths, files and directories), or none when it does
   * not exist: one name node call however large the directory is.
   */
  public List<String> firstChildren(String dir, int limit) throws IOException {
    List<String> children = new ArrayList<>();
    try {
      org.apache.hadoop.fs.RemoteIterator<FileStatus> entries = fs.listStatusIterator(new Path(dir));
      while (children.size() < limit && entries.hasNext()) {
        children.add(entries.next().getPath().toString());
      }
    } catch (FileNotFoundException e) {
      return children;
    }
    return children;
  }

  private List<String> listChildren(String dir, Predicate<FileStatus> wanted) throws IOException {
    List<String> children = new ArrayList<>();
    try {
      for (FileStatus status : fs.listStatus(new Path(dir))) {
        if (wanted.test(status)) {
          children.add(status.getPath().toString());
        }
      }
    } catch (FileNotFoundException e) {
      return children;
    }
    children.sort(null);
    return children;
  }

  /**
   * Deletes {@code dir} only if it is empty; false otherwise. On HDFS this is one non-recursive delete,
   * which the name node refuses for a non-empty directory: listing it first would cost a round trip per
   * thousand entries, and a run directory can hold tens of thousands of partitions.
   */
  public boolean deleteIfEmpty(String dir) throws IOException {
    Path path = new Path(dir);
    if (fs instanceof DistributedFileSystem) {
      try {
        return fs.delete(path, false);
      } catch (PathIsNotEmptyDirectoryException e) {
        return false;
      } catch (RemoteException e) {
        if (PathIsNotEmptyDirectoryException.class.getName().equals(e.getClassName())) {
          return false;
        }
        throw e;
      }
    }
    try {
      if (fs.listStatus(path).length > 0) {
        return false;
      }
    } catch (FileNotFoundException e) {
      return false;
    }
    return fs.delete(path, false);
  }

  public long length(String path) throws IOException {
    return fs.getFileStatus(new Path(path)).getLen();
  }

  /**
   * Why this run's user could not write under {@code dir}, asked of the name node without writing
   * anything: {@code dir} itself when it exists, else its nearest existing ancestor, where the run would
   * create it. Empty when it can.
   */
  public Optional<String> whyNotWritable(String dir) throws IOException {
    Path path = new Path(dir);
    while (path != null && !fs.exists(path)) {
      path = path.getParent();
    }
    if (path == null) {
      return Optional.empty();
    }
    if (!fs.getFileStatus(path).isDirectory()) {
      return Optional.of(path + " is a file, not a directory");
    }
    try {
      fs.access(path, FsAction.WRITE_EXECUTE);
      return Optional.empty();
    } catch (AccessControlException e) {
      return Optional.of("user " + UserGroupInformation.getCurrentUser().getShortUserName() + " may not write "
          + path + " (" + fs.getFileStatus(path).getOwner() + ":" + fs.getFileStatus(path).getGroup() + " "
          + fs.getFileStatus(path).getPermission() + ")");
    }
  }

  public void mkdirs(String dir) throws IOException {
    if (!fs.mkdirs(new Path(dir))) {
      throw new IOException("cannot create directory " + dir + " on the " + role + " file system");
    }
  }

  /** Moves a finished temporary file to its final name, replacing what was there. */
  public void replace(String from, String to) throws IOException {
    Path target = new Path(to);
    if (fs instanceof DistributedFileSystem hdfs) {
      // One atomic RPC: readers see the old file or the new one, never neither.
      hdfs.rename(new Path(from), target, Options.Rename.OVERWRITE);
      return;
    }
    fs.delete(target, false);
    if (!fs.rename(new Path(from), target)) {
      throw new IOException("cannot rename " + from + " to " + to + " on the " + role + " file system");
    }
  }

  public void delete(String path, boolean recursive) throws IOException {
    fs.delete(new Path(path), recursive);
  }

  /**
   * The CRC32C of the whole file where the file system keeps it and can answer without reading the data:
   * HDFS in composite CRC mode with CRC32C chunks, whose file checksum is exactly that, whatever the
   * block and chunk sizes. Empty otherwise (other file systems, CRC32 clusters, empty files).
   */
  public OptionalLong storedCrc32c(String path) throws IOException {
    FileChecksum checksum = fs.getFileChecksum(new Path(path));
    if (checksum == null || !COMPOSITE_CRC32C.equals(checksum.getAlgorithmName())
        || checksum.getLength() != Integer.BYTES) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(ByteBuffer.wrap(checksum.getBytes()).getInt() & 0xffffffffL);
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
