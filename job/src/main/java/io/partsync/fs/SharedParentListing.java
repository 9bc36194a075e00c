package io.partsync.fs;

import io.partsync.failure.Messages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists many directories that share a parent in one go, on an object store whose recursive listing is one
 * flat, paged listing of a key prefix (S3A: a LIST request per 1,000 objects, however deep), where listing
 * the directories one by one is a LIST request each and more for their subdirectories. The parent is
 * listed once and what it holds split by directory, as {@link BatchedLister} lists each on its own: hidden
 * names skipped, nested subdirectories included. A flat listing shows no empty directory, so a directory
 * it finds nothing in (empty, missing, or a file) is left to be listed on its own, which tells those apart.
 */
final class SharedParentListing {
  private static final Logger LOG = LoggerFactory.getLogger(SharedParentListing.class);
  /** Fewer directories than this under one parent are listed one by one: one request each is no worse. */
  static final int MIN_SHARED = 8;
  /** The most objects one LIST request returns (S3). */
  static final int OBJECTS_PER_REQUEST = 1000;

  private final FileSystem fs;
  private final int objectsPerRequest;

  SharedParentListing(FileSystem fs) {
    this(fs, OBJECTS_PER_REQUEST);
  }

  /** With another count of objects a request is taken to return: for tests of the budget. */
  SharedParentListing(FileSystem fs, int objectsPerRequest) {
    this.fs = fs;
    this.objectsPerRequest = objectsPerRequest;
  }

  /** Whether this file system lists a tree in one flat, paged listing: S3A does. */
  static boolean listsFlat(FileSystem fs) {
    return "s3a".equals(fs.getUri().getScheme().toLowerCase(Locale.ROOT));
  }

  /** What the parent's listing found in one of the directories asked for. */
  private static final class Found {
    final List<String> roots = new ArrayList<>();
    final List<DataFile> files = new ArrayList<>();
    boolean seen;
    boolean isFile;
  }

  /**
   * The data files of those of {@code dirs} (partition directory as given, and its qualified path) this
   * listing could tell, by directory as given; the others are for the caller to list one by one.
   */
  Map<String, List<DataFile>> list(Map<String, Path> dirs) {
    Map<Path, Map<String, Found>> byParent = new LinkedHashMap<>();
    dirs.forEach((root, path) -> {
      if (path.getParent() != null) {
        byParent.computeIfAbsent(path.getParent(), p -> new HashMap<>())
            .computeIfAbsent(path.getName(), n -> new Found()).roots.add(root);
      }
    });
    Map<String, List<DataFile>> listed = new HashMap<>();
    byParent.forEach((parent, children) -> {
      if (children.size() >= MIN_SHARED && listParent(parent, children)) {
        children.values().stream().filter(child -> child.seen && !child.isFile)
            .forEach(child -> child.roots.forEach(root -> listed.put(root, child.files)));
      }
    });
    return listed;
  }

  /**
   * Lists {@code parent} recursively into {@code children}; false when the listing failed or outgrew the
   * requests listing the children one by one would at least take (one each), so that this way is never
   * more than twice that: they are then listed one by one, each with its own error.
   */
  private boolean listParent(Path parent, Map<String, Found> children) {
    long budget = (long) children.size() * objectsPerRequest;
    String prefix = parent.toUri().getPath().endsWith("/") ? parent.toUri().getPath()
        : parent.toUri().getPath() + "/";
    long objects = 0;
    try {
      RemoteIterator<LocatedFileStatus> listing = fs.listFiles(parent, true);
      while (listing.hasNext()) {
        if (++objects > budget) {
          LOG.debug("{} holds more than {} objects besides the {} directories asked for; listing them one by one",
              parent, budget, children.size());
          return false;
        }
        accept(listing.next(), prefix, children);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("listing {} for {} of its directories failed ({}); listing them one by one", parent,
          children.size(), Messages.firstLine(e));
      return false;
    }
  }

  private static void accept(LocatedFileStatus status, String prefix, Map<String, Found> children) {
    String path = status.getPath().toUri().getPath();
    if (!path.startsWith(prefix)) {
      return;
    }
    String rest = path.substring(prefix.length());
    int slash = rest.indexOf('/');
    Found child = children.get(slash < 0 ? rest : rest.substring(0, slash));
    if (child == null) {
      return;
    }
    if (slash < 0) {
      child.isFile = true; // the directory asked for is a file: listing it on its own says so
      return;
    }
    child.seen = true;
    String relative = rest.substring(slash + 1);
    if (!hasHiddenName(relative)) {
      child.files.add(new DataFile(relative, status.getLen(), status.getModificationTime()));
    }
  }

  /** Whether the file or a directory on its way is hidden, which a directory-by-directory listing skips. */
  private static boolean hasHiddenName(String relativePath) {
    for (String name : relativePath.split("/")) {
      if (name.isEmpty() || ClusterFileSystem.isHidden(name)) {
        return true;
      }
    }
    return false;
  }
}
