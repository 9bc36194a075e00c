package io.partsync.fs;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.EtagSource;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The one place partsync touches a cluster's file systems. It uses its own FileSystem instances (not
 * Hadoop's shared cache) so the source and target settings never leak into each other, and asks for
 * composite CRC checksums, which do not depend on block size and so compare across clusters. A cluster's
 * default file system serves most paths; a path on an object store (a table location on
 * {@code s3a://bucket/...} in a cluster whose default is HDFS, say) is served by that store's own instance,
 * with the same properties. Listing many directories, stored checksums, snapshots and the writes that
 * differ between HDFS and object stores are each done by a helper of this package; this class is what the
 * rest of partsync calls.
 */
public final class ClusterFileSystem implements Closeable {
  private final Configuration conf;
  private final Store defaultStore;
  private final String role;
  /** The object stores this cluster's paths have named besides its default file system, by scheme://authority. */
  private final Map<String, Store> objectStores = new ConcurrentHashMap<>();

  private ClusterFileSystem(Configuration conf, FileSystem fs, String role) {
    this.conf = conf;
    this.role = role;
    this.defaultStore = new Store(fs, role);
  }

  public static ClusterFileSystem open(String role, Map<String, String> properties) {
    Configuration conf = HadoopConfs.toConfiguration(properties);
    StoredChecksums.requestComposite(conf, properties);
    try {
      return new ClusterFileSystem(conf, FileSystem.newInstance(FileSystem.getDefaultUri(conf), conf), role);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the " + role + " file system " + conf.get("fs.defaultFS")
          + ": " + e.getMessage(), e);
    }
  }

  /** One file system instance and the helpers that speak to it. */
  private record Store(FileSystem fs, BatchedLister lister, StoredChecksums checksums, Snapshots snapshots,
      Writes writes, ObjectStoreWrites objectWrites) {
    Store(FileSystem fs, String role) {
      this(fs, new BatchedLister(fs), new StoredChecksums(fs), new Snapshots(fs), new Writes(fs, role),
          ObjectStores.isObjectStore(fs.getUri()) ? new ObjectStoreWrites(fs) : null);
    }

    boolean isObjectStore() {
      return objectWrites != null;
    }
  }

  /**
   * The store that serves {@code path}: the default file system, unless the path names an object store
   * other than it. A path of another HDFS stays with the default, which reports it as foreign: another
   * cluster's name node is reached with that cluster's settings, not these.
   */
  private Store store(String path) {
    URI uri = new Path(path).toUri();
    URI home = defaultStore.fs().getUri();
    if (uri.getScheme() == null || !ObjectStores.isObjectStore(uri)
        || (uri.getScheme().equalsIgnoreCase(home.getScheme()) && Objects.equals(uri.getAuthority(), home.getAuthority()))) {
      return defaultStore;
    }
    String key = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getAuthority();
    return objectStores.computeIfAbsent(key, k -> {
      try {
        return new Store(FileSystem.newInstance(URI.create(k + "/"), conf), role);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot open the " + role + " object store " + k + ": " + e.getMessage(), e);
      }
    });
  }

  private FileSystem fs(String path) {
    return store(path).fs();
  }

  public String role() {
    return role;
  }

  /** A path made absolute and fully qualified against this file system. */
  public String qualify(String path) {
    return fs(path).makeQualified(new Path(path)).toString();
  }

  public static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /**
   * The data files under {@code dir}, with paths relative to it. Files and directories whose names start
   * with '_' or '.' are skipped, as Hive skips them. A missing directory is an empty partition.
   */
  public List<DataFile> listDataFiles(String dir) throws IOException {
    DirectoryListing listing = store(dir).lister().list(List.of(dir), true).get(0);
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
    return listDataFiles(dirs, true);
  }

  /**
   * As {@link #listDataFiles(List)}, with a directory that does not exist an error rather than empty
   * unless {@code missingIsEmpty}: for source partitions, whose directory deleted behind the metastore's
   * back must not look like an empty partition.
   */
  public List<DirectoryListing> listDataFiles(List<String> dirs, boolean missingIsEmpty) {
    Map<Store, List<String>> byStore = new LinkedHashMap<>();
    for (String dir : dirs) {
      byStore.computeIfAbsent(store(dir), s -> new ArrayList<>()).add(dir);
    }
    if (byStore.size() <= 1) {
      return byStore.isEmpty() ? List.of() : byStore.keySet().iterator().next().lister().list(dirs, missingIsEmpty);
    }
    Map<String, DirectoryListing> byDir = new HashMap<>();
    byStore.forEach((store, its) -> store.lister().list(its, missingIsEmpty).forEach(l -> byDir.put(l.dir(), l)));
    return new LinkedHashSet<>(dirs).stream().map(byDir::get).toList();
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
      RemoteIterator<FileStatus> entries = fs(dir).listStatusIterator(new Path(dir));
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
      for (FileStatus status : fs(dir).listStatus(new Path(dir))) {
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
    return store(dir).checksums().withChecksums(dir, files);
  }

  /** The CRC32C the file system stores for the whole file, where it keeps one and can tell it unread. */
  public OptionalLong storedCrc32c(String path) throws IOException {
    return store(path).checksums().crc32c(path);
  }

  /** Whether {@code dir} allows snapshots (an administrator ran {@code hdfs dfsadmin -allowSnapshot} on it). */
  public boolean isSnapshottable(String dir) throws IOException {
    return store(dir).snapshots().isSnapshottable(dir);
  }

  /** Creates a snapshot of {@code dir}; its files are then readable under the returned path as they are now. */
  public String createSnapshot(String dir, String name) throws IOException {
    return store(dir).snapshots().create(dir, name);
  }

  public void deleteSnapshot(String dir, String name) throws IOException {
    store(dir).snapshots().delete(dir, name);
  }

  /** The names of {@code dir}'s snapshots, oldest first. */
  public List<String> snapshotNames(String dir) throws IOException {
    return store(dir).snapshots().names(dir);
  }

  /** What changed under {@code dir} from snapshot {@code from} to snapshot {@code to}. */
  public List<SnapshotChange> snapshotDiff(String dir, String from, String to) throws IOException {
    return store(dir).snapshots().diff(dir, from, to);
  }

  public InputStream openForRead(String path) throws IOException {
    return fs(path).open(new Path(path));
  }

  /** The whole (small) file as UTF-8 text, or empty when it does not exist. */
  public Optional<String> readSmallFile(String path) throws IOException {
    try (InputStream in = fs(path).open(new Path(path))) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  public boolean exists(String path) throws IOException {
    return fs(path).exists(new Path(path));
  }

  public long length(String path) throws IOException {
    return fs(path).getFileStatus(new Path(path)).getLen();
  }

  /**
   * Why this run's user could not write under {@code dir}, asked of the name node without writing
   * anything. Empty when it can.
   */
  public Optional<String> whyNotWritable(String dir) throws IOException {
    return store(dir).writes().whyNotWritable(dir);
  }

  /**
   * Creates (or overwrites) a file, making its parent directories. On an object store the object appears
   * whole when the stream is closed, and nothing is checked about its parents first: partsync writes
   * under names no other writer uses.
   */
  public OutputStream create(String path) throws IOException {
    Store store = store(path);
    return store.isObjectStore() ? store.objectWrites().create(path) : store.fs().create(new Path(path), true);
  }

  /**
   * Creates a file that must not exist yet; fails with FileAlreadyExistsException when it does, also when
   * another writer created it first. On HDFS the name node decides at create; on an object store the store
   * decides when the stream is closed (a conditional write, {@code If-None-Match: *}), so the failure may
   * come from {@code close}.
   */
  public OutputStream createNew(String path) throws IOException {
    Store store = store(path);
    return store.isObjectStore() ? store.objectWrites().createNew(path) : store.fs().create(new Path(path), false);
  }

  /**
   * Writes a small file so that a reader sees the old content or the new, never neither: on HDFS through
   * {@code temporary} and one rename that replaces; on an object store in one write, which is atomic there.
   */
  public void writeWhole(String path, byte[] content, String temporary) throws IOException {
    Store store = store(path);
    String to = store.isObjectStore() ? path : temporary;
    try (OutputStream out = create(to)) {
      out.write(content);
    }
    if (!store.isObjectStore()) {
      replace(temporary, path);
    }
  }

  /** Whether {@code path} is on an object store (S3, GCS, ABFS, ...) rather than a file system. */
  public boolean isObjectStore(String path) {
    return store(path).isObjectStore();
  }

  /**
   * A file's length and its object store's entity tag, unquoted, where the store gives one (S3: the MD5 of
   * the bytes of a plain upload, or of the parts' MD5s for a multipart one), else null.
   */
  public record ObjectStatus(long length, String etag) {}

  /** The length and the entity tag together: one request to an object store, not two. */
  public ObjectStatus objectStatus(String path) throws IOException {
    FileStatus status = fs(path).getFileStatus(new Path(path));
    String etag = status instanceof EtagSource tagged && tagged.getEtag() != null && !tagged.getEtag().isEmpty()
        ? tagged.getEtag().replace("\"", "") : null;
    return new ObjectStatus(status.getLen(), etag);
  }

  /**
   * The size of the parts this cluster's client uploads a file to the object store at {@code path} in,
   * once it is larger than one part: S3A's {@code fs.s3a.multipart.size} (per-bucket settings applied),
   * raised to S3's minimum of 5 MiB as S3A raises it. Empty where the store has no such notion or
   * multipart uploads are off (every file is then one upload), and on other file systems.
   */
  public OptionalLong uploadPartBytes(String path) {
    Store store = store(path);
    if (!isS3a(store)) {
      return OptionalLong.empty();
    }
    Configuration s3a = store.fs().getConf();
    if (!s3a.getBoolean("fs.s3a.multipart.uploads.enabled", true)) {
      return OptionalLong.empty();
    }
    long size = s3a.getLongBytes("fs.s3a.multipart.size", 64L << 20);
    return OptionalLong.of(Math.min(Integer.MAX_VALUE, Math.max(5L << 20, size)));
  }

  /**
   * Why the object store's ETags at {@code path} are not MD5s of the bytes although they may look like
   * one, or empty: S3 objects encrypted with a KMS key or a key of the customer's, or by the client. The
   * encryption this cluster's settings ask for is known without a request; with {@code askTheObject}, the
   * object's own encryption is read too (one request), for a bucket that encrypts with KMS by default.
   */
  public Optional<String> whyEtagIsNotMd5(String path, boolean askTheObject) throws IOException {
    Store store = store(path);
    if (!isS3a(store)) {
      return Optional.empty();
    }
    Configuration s3a = store.fs().getConf();
    String algorithm = s3a.getTrimmed("fs.s3a.encryption.algorithm",
        s3a.getTrimmed("fs.s3a.server-side-encryption-algorithm", "")).toUpperCase(Locale.ROOT);
    if (algorithm.contains("KMS") || algorithm.equals("SSE-C") || algorithm.startsWith("CSE")) {
      return Optional.of("objects are written with " + algorithm + " encryption (fs.s3a.encryption.algorithm)");
    }
    if (!askTheObject) {
      return Optional.empty();
    }
    try {
      byte[] header = store.fs().getXAttr(new Path(path), "header.x-amz-server-side-encryption");
      String encryption = header == null ? "" : new String(header, StandardCharsets.UTF_8).trim();
      return encryption.toLowerCase(Locale.ROOT).contains("kms")
          ? Optional.of("the object is encrypted with " + encryption + " (the bucket's default encryption)")
          : Optional.empty();
    } catch (UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  /** Whether S3A serves the store: the part size and encryption settings above are S3A's. */
  private static boolean isS3a(Store store) {
    return store.isObjectStore() && "s3a".equalsIgnoreCase(store.fs().getUri().getScheme());
  }

  /**
   * Aborts the multipart uploads still open under {@code dir} on an object store (those of a killed run:
   * invisible to listings, yet stored and billed) and returns how many; 0 elsewhere.
   */
  public int abortUploadsUnder(String dir) throws IOException {
    Store store = store(dir);
    return store.isObjectStore() ? store.objectWrites().abortUploadsUnder(dir) : 0;
  }

  /** The keys of the multipart uploads still open under {@code dir} on an object store that lists them. */
  public List<String> openUploadsUnder(String dir) throws IOException {
    Store store = store(dir);
    return store.isObjectStore() ? store.objectWrites().openUploadsUnder(dir) : List.of();
  }

  /**
   * Whether many directories under {@code base} are removed in fewer requests by
   * {@link #deleteDirectories} than by one recursive {@link #delete} each: on an object store that deletes
   * several objects a request (S3). HDFS removes a whole tree in one name node call, so not there.
   */
  public boolean deletesInPages(String base) throws IOException {
    Store store = store(base);
    return store.isObjectStore() && new PagedDeletes(store.fs()).inPages(base);
  }

  /**
   * Deletes each of {@code dirs}, all under {@code base}, with everything in it: one flat listing of
   * {@code base} and a delete request per page of objects (see {@link #deletesInPages}). Returns how many
   * files it deleted.
   */
  public int deleteDirectories(String base, java.util.Collection<String> dirs) throws IOException {
    return new PagedDeletes(fs(base)).delete(base, dirs);
  }

  /** The file system instance that serves {@code path}: for tests that read its request statistics. */
  FileSystem fileSystemOf(String path) {
    return fs(path);
  }

  public void mkdirs(String dir) throws IOException {
    if (!fs(dir).mkdirs(new Path(dir))) {
      throw new IOException("cannot create directory " + dir + " on the " + role + " file system");
    }
  }

  /** Renames without replacing: false when {@code to} exists or {@code from} does not. */
  public boolean renameIfAbsent(String from, String to) throws IOException {
    try {
      return fs(from).rename(new Path(from), new Path(to));
    } catch (FileNotFoundException | FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      // An object store's rename is a copy and a delete: the source can vanish between them, when another
      // writer renamed it first.
      if (causedByMissingFile(e)) {
        return false;
      }
      throw e;
    }
  }

  private static boolean causedByMissingFile(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof FileNotFoundException) {
        return true;
      }
    }
    return false;
  }

  /** Moves a finished temporary file to its final name, replacing what was there. */
  public void replace(String from, String to) throws IOException {
    store(to).writes().replace(from, to);
  }

  public void delete(String path, boolean recursive) throws IOException {
    fs(path).delete(new Path(path), recursive);
  }

  /** Deletes {@code dir} only if it is empty; false otherwise, in one name node call on HDFS. */
  public boolean deleteIfEmpty(String dir) throws IOException {
    return store(dir).writes().deleteIfEmpty(dir);
  }

  @Override
  public void close() throws IOException {
    try {
      for (Store store : objectStores.values()) {
        store.fs().close();
      }
    } finally {
      defaultStore.fs().close();
    }
  }
}
