package io.partsync.fs;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The one place partsync touches a cluster's file system. It uses its own FileSystem instance (not
 * Hadoop's shared cache) so the source and target settings never leak into each other, and asks for
 * composite CRC checksums, which do not depend on block size and so compare across clusters. Listing
 * many directories, stored checksums, snapshots and the writes that differ on HDFS are each done by a
 * helper of this package; this class is what the rest of partsync calls.
 */
public final class ClusterFileSystem implements Closeable {
  private final FileSystem fs;
  private final String role;
  private final BatchedLister lister;
  private final StoredChecksums checksums;
  private final Snapshots snapshots;
  private final Writes writes;

  private ClusterFileSystem(FileSystem fs, String role) {
    this.fs = fs;
    this.role = role;
    this.lister = new BatchedLister(fs);
    this.checksums = new StoredChecksums(fs);
    this.snapshots = new Snapshots(fs);
    this.writes = new Writes(fs, role);
  }

  public static ClusterFileSystem open(String role, Map<String, String> properties) {
    Configuration conf = HadoopConfs.toConfiguration(properties);
    StoredChecksums.requestComposite(conf, properties);
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

  public static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
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
      RemoteIterator<FileStatus> entries = fs.listStatusIterator(new Path(dir));
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

  /** The files of {@code dir} with each one's stored CRC32C where the file system can tell it. */
  public List<DataFile> withChecksums(String dir, List<DataFile> files) throws IOException {
    return checksums.withChecksums(dir, files);
  }

  /** The CRC32C the file system stores for the whole file, where it keeps one and can tell it unread. */
  public OptionalLong storedCrc32c(String path) throws IOException {
    return checksums.crc32c(path);
  }

  /** Whether {@code dir} allows snapshots (an administrator ran {@code hdfs dfsadmin -allowSnapshot} on it). */
  public boolean isSnapshottable(String dir) throws IOException {
    return snapshots.isSnapshottable(dir);
  }

  /** Creates a snapshot of {@code dir}; its files are then readable under the returned path as they are now. */
  public String createSnapshot(String dir, String name) throws IOException {
    return snapshots.create(dir, name);
  }

  public void deleteSnapshot(String dir, String name) throws IOException {
    snapshots.delete(dir, name);
  }

  /** The names of {@code dir}'s snapshots, oldest first. */
  public List<String> snapshotNames(String dir) throws IOException {
    return snapshots.names(dir);
  }

  /** What changed under {@code dir} from snapshot {@code from} to snapshot {@code to}. */
  public List<SnapshotChange> snapshotDiff(String dir, String from, String to) throws IOException {
    return snapshots.diff(dir, from, to);
  }

  public InputStream openForRead(String path) throws IOException {
    return fs.open(new Path(path));
  }

  /** The whole (small) file as UTF-8 text, or empty when it does not exist. */
  public Optional<String> readSmallFile(String path) throws IOException {
    try (InputStream in = fs.open(new Path(path))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  public boolean exists(String path) throws IOException {
    return fs.exists(new Path(path));
  }

  public long length(String path) throws IOException {
    return fs.getFileStatus(new Path(path)).getLen();
  }

  /**
   * Why this run's user could not write under {@code dir}, asked of the name node without writing
   * anything. Empty when it can.
   */
  public Optional<String> whyNotWritable(String dir) throws IOException {
    return writes.whyNotWritable(dir);
  }

  /** Creates (or overwrites) a file, making its parent directories. */
  public OutputStream create(String path) throws IOException {
    return fs.create(new Path(path), true);
  }

  /** Creates a file that must not exist yet; fails with FileAlreadyExistsException when it does. */
  public OutputStream createNew(String path) throws IOException {
    return fs.create(new Path(path), false);
  }

  public void mkdirs(String dir) throws IOException {
    if (!fs.mkdirs(new Path(dir))) {
      throw new IOException("cannot create directory " + dir + " on the " + role + " file system");
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

  /** Moves a finished temporary file to its final name, replacing what was there. */
  public void replace(String from, String to) throws IOException {
    writes.replace(from, to);
  }

  public void delete(String path, boolean recursive) throws IOException {
    fs.delete(new Path(path), recursive);
  }

  /** Deletes {@code dir} only if it is empty; false otherwise, in one name node call on HDFS. */
  public boolean deleteIfEmpty(String dir) throws IOException {
    return writes.deleteIfEmpty(dir);
  }

  @Override
  public void close() throws IOException {
    fs.close();
  }
}
