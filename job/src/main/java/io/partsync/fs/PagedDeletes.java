package io.partsync.fs;

import io.partsync.failure.Messages;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.BulkDelete;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Deletes many directories under one base directory of an object store in pages of objects (S3:
 * DeleteObjects, up to {@code fs.s3a.bulk.delete.page.size} keys a request) rather than one recursive
 * delete per directory, which there is a LIST and a DELETE each: the base is listed once, flat and paged,
 * and the files under the directories to remove are deleted page by page.
 */
final class PagedDeletes {
  private final FileSystem fs;

  PagedDeletes(FileSystem fs) {
    this.fs = fs;
  }

  /**
   * Whether the store deletes more than one object a request under {@code base}; asks the store nothing. A
   * store without bulk delete deletes one object a call (page size 1): a recursive delete per directory is
   * then cheaper.
   */
  boolean inPages(String base) throws IOException {
    try (BulkDelete bulk = fs.createBulkDelete(fs.makeQualified(new Path(base)))) {
      return bulk.pageSize() > 1;
    } catch (NoSuchMethodError e) {
      return false; // a Hadoop client before 3.4.1, which has no bulk delete
    }
  }

  /**
   * Deletes each of {@code dirs} (all under {@code base}) with everything in it, and returns how many files
   * that was. A directory with no files left is gone with them, except for the marker object a store keeps
   * for an empty directory (S3A's {@code mkdirs}, for an empty partition, or the parent a delete leaves):
   * the marker of each directory removed, and of each parent left with nothing, is deleted in the same
   * pages, after the files. A name no object has is no error to a bulk delete.
   */
  int delete(String base, Collection<String> dirs) throws IOException {
    Path root = fs.makeQualified(new Path(base));
    Set<Path> doomed = new HashSet<>();
    dirs.forEach(dir -> doomed.add(fs.makeQualified(new Path(dir))));
    List<Path> files = new ArrayList<>();
    Set<Path> emptiedParents = new HashSet<>();
    Set<Path> keptParents = new HashSet<>();
    try {
      RemoteIterator<LocatedFileStatus> listed = fs.listFiles(root, true);
      while (listed.hasNext()) {
        Path file = listed.next().getPath();
        if (isUnder(file, doomed, root)) {
          files.add(file);
          ancestorsBelow(file, root).forEach(emptiedParents::add);
        } else {
          ancestorsBelow(file, root).forEach(keptParents::add);
        }
      }
    } catch (FileNotFoundException e) {
      return 0; // nothing under the base: nothing to delete
    }
    emptiedParents.removeAll(keptParents);
    emptiedParents.removeAll(doomed);
    List<Path> markers = new ArrayList<>();
    markers.addAll(doomed);
    markers.addAll(emptiedParents);
    // Deepest first: a store that keeps directories as such removes a marker only once it is empty.
    markers.sort(Comparator.comparingInt(Path::depth).reversed().thenComparing(Path::toString));
    List<Path> objects = new ArrayList<>(files);
    markers.forEach(dir -> objects.add(markerOf(dir)));
    deleteInPages(root, objects);
    return files.size();
  }

  private void deleteInPages(Path root, List<Path> objects) throws IOException {
    try (BulkDelete bulk = fs.createBulkDelete(root)) {
      int page = bulk.pageSize();
      List<Map.Entry<Path, String>> failed = new ArrayList<>();
      for (int from = 0; from < objects.size(); from += page) {
        failed.addAll(bulk.bulkDelete(objects.subList(from, Math.min(objects.size(), from + page))));
      }
      if (!failed.isEmpty()) {
        throw new IOException("cannot delete " + failed.size() + " of the " + objects.size() + " objects under "
            + root + ", " + failed.get(0).getKey() + " among them: " + failed.get(0).getValue()
            + "; check that this run's user may delete objects there (S3: s3:DeleteObject)");
      }
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot delete under " + root + ": " + Messages.firstLine(e), e);
    }
  }

  /** Whether {@code file} is inside one of {@code dirs}, which are all under {@code root}. */
  private static boolean isUnder(Path file, Set<Path> dirs, Path root) {
    for (Path parent = file.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
      if (dirs.contains(parent)) {
        return true;
      }
    }
    return false;
  }

  /** The directories between {@code root} and {@code file}, both left out. */
  private static List<Path> ancestorsBelow(Path file, Path root) {
    List<Path> ancestors = new ArrayList<>();
    for (Path parent = file.getParent(); parent != null && !parent.equals(root); parent = parent.getParent()) {
      ancestors.add(parent);
    }
    return ancestors;
  }

  /**
   * The object that marks {@code dir} as a directory: its key with a trailing slash. A path made from a URI
   * keeps the slash that a path made from a string drops.
   */
  private static Path markerOf(Path dir) {
    URI uri = dir.toUri();
    try {
      return new Path(new URI(uri.getScheme(), uri.getAuthority(), uri.getPath() + "/", null, null));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("no marker name for " + dir + ": " + e.getMessage(), e);
    }
  }
}
