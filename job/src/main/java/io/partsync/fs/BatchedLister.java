package io.partsync.fs;

import io.partsync.plan.SourceFile;
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

/**
 * Lists the data files of many directories, recursively. Where the file system lists several
 * directories in one call (HDFS: up to {@code dfs.batched.ls.limit}, default 100, per name node round
 * trip) it does; on a table of thousands of small partitions the round trips, not the listing, are the
 * cost. Elsewhere it lists one directory per call.
 */
final class BatchedLister {
  static final String BATCH_LIMIT_KEY = "dfs.batched.ls.limit";
  private static final int DEFAULT_BATCH_LIMIT = 100;

  private final FileSystem fs;
  private final int batchLimit;

  BatchedLister(FileSystem fs) {
    this.fs = fs;
    this.batchLimit = Math.max(1, fs.getConf().getInt(BATCH_LIMIT_KEY, DEFAULT_BATCH_LIMIT));
  }

  /** A directory still to list: the partition directory it belongs to and its path relative to that. */
  private record Pending(String root, Path path, String prefix) {}

  List<DirectoryListing> list(List<String> dirs) {
    Map<String, List<SourceFile>> files = new LinkedHashMap<>();
    Map<String, String> errors = new HashMap<>();
    Deque<Pending> pending = new ArrayDeque<>();
    for (String dir : new LinkedHashSet<>(dirs)) {
      files.put(dir, new ArrayList<>());
      pending.add(new Pending(dir, new Path(dir), ""));
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
      found.sort(Comparator.comparing(SourceFile::relativePath));
      String error = errors.get(dir);
      listings.add(new DirectoryListing(dir, error == null ? found : List.of(), error));
    });
    return listings;
  }

  /**
   * Lists a batch in one call and returns the directories it dealt with. When the file system cannot list
   * this batch so (a path of another file system, a router without batched listing) it returns none, and
   * each is listed on its own. When the call breaks off midway, a directory may have been listed in part,
   * so every directory of the batch fails rather than be fingerprinted from half a listing.
   */
  private Set<Pending> listBatch(BatchListingOperations batching, List<Pending> batch, Deque<Pending> pending,
      Map<String, List<SourceFile>> files, Map<String, String> errors) {
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
            accept(dir, partial.get(), pending, files);
          } catch (IOException e) {
            failed(dir, e, errors);
          }
        }
      }
      return done;
    } catch (IOException | RuntimeException e) {
      if (done.isEmpty() && !(e instanceof IOException)) {
        return done;
      }
      batch.forEach(dir -> errors.putIfAbsent(dir.root(), "listing " + dir.path() + " in a batch failed: "
          + e.getMessage()));
      return new HashSet<>(batch);
    }
  }

  private void listOne(Pending dir, Deque<Pending> pending, Map<String, List<SourceFile>> files,
      Map<String, String> errors) {
    try {
      accept(dir, List.of(fs.listStatus(dir.path())), pending, files);
    } catch (IOException | IllegalArgumentException e) {
      failed(dir, e, errors);
    }
  }

  private static void accept(Pending dir, List<FileStatus> statuses, Deque<Pending> pending,
      Map<String, List<SourceFile>> files) {
    for (FileStatus status : statuses) {
      String name = status.getPath().getName();
      if (ClusterFileSystem.isHidden(name)) {
        continue;
      }
      if (status.isDirectory()) {
        pending.add(new Pending(dir.root(), status.getPath(), dir.prefix() + name + "/"));
      } else {
        files.get(dir.root()).add(new SourceFile(dir.prefix() + name, status.getLen(),
            status.getModificationTime()));
      }
    }
  }

  /** A missing partition directory is an empty partition; a subdirectory gone mid-listing is a change. */
  private static void failed(Pending dir, Exception e, Map<String, String> errors) {
    if (e instanceof FileNotFoundException && dir.prefix().isEmpty()) {
      return;
    }
    errors.putIfAbsent(dir.root(), "cannot list " + dir.path() + ": " + e.getMessage());
  }

  private String key(Path path) {
    return Path.getPathWithoutSchemeAndAuthority(fs.makeQualified(path)).toString();
  }
}
