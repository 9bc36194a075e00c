package io.partsync.fs;

import io.partsync.failure.Messages;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.BatchListingOperations;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.PartialListing;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists the data files of many directories, recursively. Where the file system lists several
 * directories in one call (HDFS: up to {@code dfs.batched.ls.limit}, default 100, per name node round
 * trip) it does; on a table of thousands of small partitions the round trips, not the listing, are the
 * cost. On an object store whose recursive listing is flat (S3A), many directories that share a parent
 * (a run directory's partition versions) are found in one listing of that parent ({@link
 * SharedParentListing}). Elsewhere it lists one directory per call.
 */
final class BatchedLister {
  private static final Logger LOG = LoggerFactory.getLogger(BatchedLister.class);
  static final String BATCH_LIMIT_KEY = "dfs.batched.ls.limit";
  private static final int DEFAULT_BATCH_LIMIT = 100;

  private final FileSystem fs;
  private final int batchLimit;
  /** Null where directories are listed one by one (or in HDFS's batches). */
  private final SharedParentListing sharedParents;

  BatchedLister(FileSystem fs) {
    this.fs = fs;
    this.batchLimit = Math.max(1, fs.getConf().getInt(BATCH_LIMIT_KEY, DEFAULT_BATCH_LIMIT));
    this.sharedParents = SharedParentListing.listsFlat(fs) ? new SharedParentListing(fs) : null;
  }

  /** Why partition directories could not be listed, by partition directory, and which do not exist. */
  private static final class Errors {
    private final Map<String, String> byRoot = new HashMap<>();
    private final Set<String> missing = new HashSet<>();
    private final boolean missingIsEmpty;

    Errors(boolean missingIsEmpty) {
      this.missingIsEmpty = missingIsEmpty;
    }

    void add(String root, String why) {
      byRoot.putIfAbsent(root, why);
    }

    /** A partition directory that does not exist: empty where the caller says so, else its error. */
    void missing(Pending dir) {
      if (!missingIsEmpty) {
        missing.add(dir.root());
        add(dir.root(), dir.path() + " does not exist");
      }
    }
  }

  /** A directory still to list: the partition directory it belongs to and its path relative to that. */
  private record Pending(String root, Path path, String prefix) {}

  /**
   * @param missingIsEmpty whether a directory that does not exist is an empty partition; otherwise it is
   *     that directory's error
   */
  List<DirectoryListing> list(List<String> dirs, boolean missingIsEmpty) {
    Map<String, List<DataFile>> files = new LinkedHashMap<>();
    Errors errors = new Errors(missingIsEmpty);
    Deque<Pending> pending = new ArrayDeque<>();
    for (String dir : new LinkedHashSet<>(dirs)) {
      files.put(dir, new ArrayList<>());
      String foreign = foreign(dir);
      if (foreign != null) {
        errors.add(dir, foreign);
      } else {
        pending.add(new Pending(dir, new Path(dir), ""));
      }
    }
    if (sharedParents != null) {
      listSharedParents(pending, files);
    }
    while (!pending.isEmpty()) {
      List<Pending> batch = new ArrayList<>();
      while (!pending.isEmpty() && batch.size() < batchLimit) {
        batch.add(pending.poll());
      }
      Set<Pending> done = fs instanceof BatchListingOperations batching && batch.size() > 1
          ? listBatch(batching, batch, pending, files, errors) : Set.of();
      for (Pending dir : batch) {
        if (!done.contains(dir)) {
          listOne(dir, pending, files, errors);
        }
      }
    }
    List<DirectoryListing> listings = new ArrayList<>();
    files.forEach((dir, found) -> {
      found.sort(Comparator.comparing(DataFile::relativePath));
      String error = errors.byRoot.get(dir);
      listings.add(new DirectoryListing(dir, error == null ? found : List.of(), error,
          errors.missing.contains(dir)));
    });
    return listings;
  }

  /** Lists the directories that share a parent by parent; those it could not tell stay pending. */
  private void listSharedParents(Deque<Pending> pending, Map<String, List<DataFile>> files) {
    Map<String, Path> dirs = new LinkedHashMap<>();
    pending.forEach(dir -> dirs.put(dir.root(), fs.makeQualified(dir.path())));
    Map<String, List<DataFile>> listed = sharedParents.list(dirs);
    pending.removeIf(dir -> listed.containsKey(dir.root()));
    listed.forEach((root, found) -> files.get(root).addAll(found));
  }

  /**
   * Lists a batch in one call and returns the directories it dealt with. When the file system cannot list
   * this batch so (a path of another file system, a router without batched listing) it returns none, and
   * each is listed on its own. When the call breaks off midway, a directory may have been listed in part,
   * so every directory of the batch fails rather than be fingerprinted from half a listing.
   */
  private Set<Pending> listBatch(BatchListingOperations batching, List<Pending> batch, Deque<Pending> pending,
      Map<String, List<DataFile>> files, Errors errors) {
    Map<String, Pending> byPath = new LinkedHashMap<>();
    batch.forEach(dir -> byPath.putIfAbsent(key(dir.path()), dir));
    Set<Pending> done = new HashSet<>();
    try {
      RemoteIterator<PartialListing<FileStatus>> partials =
          batching.batchedListStatusIterator(byPath.values().stream().map(Pending::path).toList());
      while (partials.hasNext()) {
        PartialListing<FileStatus> partial = partials.next();
        Pending dir = byPath.get(key(partial.getListedPath()));
        if (dir != null) {
          done.add(dir);
          try {
            List<FileStatus> listed = partial.get();
            if (isFileItself(dir, listed)) {
              errors.add(dir.root(), dir.path() + " is a file, not a directory");
              continue;
            }
            accept(dir, listed, pending, files);
          } catch (IOException e) {
            failed(dir, e, errors);
          }
        }
      }
      return done;
    } catch (IOException | RuntimeException e) {
      // Nothing listed yet (one path is a file, or missing): each directory is listed on its own, so each
      // gets its own error rather than the first one's.
      if (done.isEmpty()) {
        return done;
      }
      batch.forEach(dir -> errors.add(dir.root(), "listing " + dir.path() + " in a batch failed: "
          + Messages.firstLine(e)));
      return new HashSet<>(batch);
    }
  }

  private void listOne(Pending dir, Deque<Pending> pending, Map<String, List<DataFile>> files,
      Errors errors) {
    try {
      List<FileStatus> statuses = List.of(fs.listStatus(dir.path()));
      if (isFileItself(dir, statuses)) {
        errors.add(dir.root(), dir.path() + " is a file, not a directory");
        return;
      }
      accept(dir, statuses, pending, files);
    } catch (IOException | IllegalArgumentException e) {
      failed(dir, e, errors);
    }
  }

  private static void accept(Pending dir, List<FileStatus> statuses, Deque<Pending> pending,
      Map<String, List<DataFile>> files) {
    for (FileStatus status : statuses) {
      String name = status.getPath().getName();
      if (ClusterFileSystem.isHidden(name)) {
        continue;
      }
      if (status.isDirectory()) {
        pending.add(new Pending(dir.root(), status.getPath(), dir.prefix() + name + "/"));
      } else {
        files.get(dir.root()).add(new DataFile(dir.prefix() + name, status.getLen(),
            status.getModificationTime()));
      }
    }
  }

  /**
   * A missing partition directory is empty where the caller says so, else its error; a subdirectory gone
   * mid-listing is a change.
   */
  private static void failed(Pending dir, Exception e, Errors errors) {
    if (e instanceof FileNotFoundException && dir.prefix().isEmpty()) {
      errors.missing(dir);
      return;
    }
    errors.add(dir.root(), "cannot list " + dir.path() + ": " + Messages.firstLine(e));
  }

  /** Listing a file lists the file itself: a partition location that is a file is no partition. */
  private boolean isFileItself(Pending dir, List<FileStatus> statuses) {
    return dir.prefix().isEmpty() && statuses.size() == 1 && statuses.get(0).isFile()
        && key(statuses.get(0).getPath()).equals(key(dir.path()));
  }

  /** Why {@code dir} is not on this file system, or null when it is. */
  private String foreign(String dir) {
    try {
      fs.makeQualified(new Path(dir));
      return null;
    } catch (IllegalArgumentException e) {
      LOG.debug("{} is not on {}", dir, fs.getUri(), e);
      return dir + " is not on the file system " + fs.getUri() + ", which this cluster's tables are read from";
    }
  }

  private String key(Path path) {
    return Path.getPathWithoutSchemeAndAuthority(fs.makeQualified(path)).toString();
  }
}
