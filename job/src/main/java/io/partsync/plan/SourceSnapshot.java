package io.partsync.plan;

import io.partsync.fs.SnapshotChange;
import io.partsync.path.PathStrings;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A source table read through an HDFS snapshot of its directory in this run: a consistent cut, whatever
 * writers do to the live directory meanwhile.
 *
 * @param createdByRun whether this run created it (and may delete it once no target needs it)
 */
public record SourceSnapshot(String table, String tableDir, String name, boolean createdByRun) {
  /** Names partsync gives the snapshots it creates: the prefix and the run id. */
  public static final String PREFIX = "partsync-";

  public SourceSnapshot {
    tableDir = PathStrings.withoutTrailingSlash(tableDir);
  }

  /** The path of a live location inside the snapshot, or null when it is outside the table directory. */
  public String map(String location) {
    String relative = relative(tableDir, location);
    return relative == null ? null : tableDir + "/.snapshot/" + name + (relative.isEmpty() ? "" : "/" + relative);
  }

  /**
   * The partitions a snapshot diff touches, by name: those whose directory (relative to the table
   * directory) has an entry created, modified, deleted or renamed in it or under it, or lies under a
   * directory created, deleted or renamed. A modified directory above the partition level only says that
   * a child came or went, which its own entry shows.
   *
   * @param locations the partitions' live locations by name
   */
  public static Set<String> touched(String tableDir, List<SnapshotChange> changes, Map<String, String> locations) {
    Set<String> touched = new HashSet<>();
    locations.forEach((name, location) -> {
      String partition = relative(PathStrings.withoutTrailingSlash(tableDir), location);
      if (partition == null || changes.stream().anyMatch(c -> touches(c, partition))) {
        touched.add(name);
      }
    });
    return touched;
  }

  private static boolean touches(SnapshotChange change, String partition) {
    for (String path : paths(change)) {
      if (under(path, partition)) {
        return true;
      }
      if (under(partition, path) && !change.type().equals("MODIFY")) {
        return true;
      }
    }
    return false;
  }

  private static Collection<String> paths(SnapshotChange change) {
    return change.targetPath() == null ? List.of(change.path()) : List.of(change.path(), change.targetPath());
  }

  /** Whether {@code path} is {@code dir} or lies under it; "" is the table directory itself. */
  private static boolean under(String path, String dir) {
    return dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/");
  }

  /** {@code location} relative to {@code dir} ("" for the directory itself), or null when not under it. */
  static String relative(String dir, String location) {
    String path = stripAuthority(PathStrings.withoutTrailingSlash(location));
    String root = stripAuthority(dir);
    if (path.equals(root)) {
      return "";
    }
    return path.startsWith(root + "/") ? path.substring(root.length() + 1) : null;
  }

  private static String stripAuthority(String uri) {
    int scheme = uri.indexOf("://");
    if (scheme < 0) {
      return uri;
    }
    int slash = uri.indexOf('/', scheme + 3);
    return slash < 0 ? "" : uri.substring(slash);
  }
}
