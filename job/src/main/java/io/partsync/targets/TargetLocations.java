package io.partsync.targets;

import io.partsync.failure.SyncRefusedException;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.metastore.HiveTable;
import io.partsync.plan.Location;
import io.partsync.plan.TargetLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Where a target table may be. Checked before anything is written on either side: partsync writes only to
 * the configured target file system, never into its source, and creates a table only in a directory of its
 * own, since a table sharing its directory with another could read or (by housekeeping) delete its files.
 */
public final class TargetLocations {
  private TargetLocations() {}

  /** Refuses an existing target table whose location is on another file system than the target's. */
  public static void checkExisting(HiveTable target, String defaultFs) {
    if (!onFileSystem(target.location(), defaultFs)) {
      throw new SyncRefusedException("target table " + target.qualifiedName() + " is at " + target.location()
          + ", which is not on the target's 'default-fs' " + Location.fileSystem(defaultFs)
          + "; partsync writes only to that file system: set the target's 'default-fs' to the file system of the"
          + " table's location, or name another target table");
    }
  }

  /** Refuses a configured location of a new table on another file system than the target's. */
  public static void checkConfigured(String table, String location, String defaultFs) {
    if (!onFileSystem(location, defaultFs)) {
      throw new SyncRefusedException("the 'location' " + location + " of target table " + table
          + " is not on the target's 'default-fs' " + Location.fileSystem(defaultFs) + "; give a location on "
          + Location.fileSystem(defaultFs) + ", or a path without scheme");
    }
  }

  /** Refuses to create a table under a database located on another file system than the target's. */
  public static void checkDatabase(String database, String databaseLocation, boolean databaseExists, String table,
      String defaultFs) {
    if (!onFileSystem(databaseLocation, defaultFs)) {
      throw new SyncRefusedException("target database " + database + (databaseExists ? " is at "
          : " does not exist, and the target metastore would create it at ") + databaseLocation
          + ", which is not on the target's 'default-fs' " + Location.fileSystem(defaultFs)
          + ", so target table " + table + " cannot be created under it; give the table a 'location' on "
          + Location.fileSystem(defaultFs) + " in the config");
    }
  }

  /** The two sides of a table mapping, each with its cluster's default file system and metastore. */
  public record Sides(HiveTable source, String sourceFs, String sourceMetastore, String targetTable,
      String targetLocation, boolean targetExists, String targetFs, String targetMetastore) {}

  /**
   * Refuses a target that is the source table itself, or whose location is inside the source table's
   * directory or holds it: writing it would write the source, and later runs would read their own copies.
   */
  public static void checkNotSource(Sides sides) {
    Location source = Location.of(sides.source().location(), sides.sourceFs());
    Location target = Location.of(sides.targetLocation(), sides.targetFs());
    if (!source.overlaps(target)) {
      return;
    }
    String name = sides.targetTable();
    String sourceName = sides.source().qualifiedName();
    if (source.equals(target) && sides.targetExists() && name.equals(sourceName)
        && sides.sourceMetastore().equals(sides.targetMetastore())) {
      throw new SyncRefusedException("target table " + name + " is the source table " + sourceName
          + " itself (metastore " + sides.sourceMetastore() + ", location " + source
          + "); partsync never writes its source: point the target at another cluster, or name another target"
          + " table");
    }
    String where = (sides.targetExists() ? " is at " : " would be created at ") + sides.targetLocation();
    String relation = source.equals(target) ? ", the location of source table " + sourceName
        : target.contains(source) ? ", which holds " + source + ", the directory of source table " + sourceName
        : ", inside " + source + ", the directory of source table " + sourceName;
    String consequence = source.equals(target) || target.contains(source) ? "partsync never writes its source"
        : "the next run would read its copies back as source data";
    throw new SyncRefusedException("target table " + name + where + relation + "; " + consequence + ": "
        + (sides.targetExists() ? "name another target table" : "give " + name + " its own 'location' in the config"));
  }

  /**
   * Refuses to create {@code table} at, inside or around the location of another table of the target
   * metastore ({@code others}: locations by table name).
   */
  public static void checkApart(String table, String location, String defaultFs, Map<String, String> others) {
    Location created = Location.of(location, defaultFs);
    for (Map.Entry<String, String> other : others.entrySet()) {
      Location taken = Location.of(other.getValue(), defaultFs);
      if (other.getKey().equals(table) || !created.overlaps(taken)) {
        continue;
      }
      String relation = created.equals(taken) ? ", the location of table " + other.getKey()
          : created.contains(taken) ? ", which holds " + other.getValue() + ", the location of table " + other.getKey()
          : ", inside " + other.getValue() + ", the location of table " + other.getKey();
      throw new SyncRefusedException("target table " + table + " would be created at " + location + relation
          + "; a table partsync creates needs a directory of its own: give " + table + " its own 'location' in"
          + " the config");
    }
  }

  /**
   * Refuses to create {@code table} in a directory that already holds files or directories. partsync's own
   * state directory does not count: a creation that failed after taking its lock leaves it behind, and
   * what it holds (a lock, records naming another table) is never taken for this table's.
   */
  public static void checkEmpty(ClusterFileSystem fs, String table, String location) {
    List<String> found;
    try {
      found = fs.firstChildren(location, 2).stream()
          .filter(child -> !child.endsWith("/" + TargetLayout.STATE_DIRECTORY)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + location + ", where target table " + table
          + " would be created: " + e.getMessage(), e);
    }
    if (!found.isEmpty()) {
      throw new SyncRefusedException("target table " + table + " would be created at " + location
          + ", which already holds files (" + found.get(0).substring(found.get(0).lastIndexOf('/') + 1)
          + "); partsync creates a table only in a new or empty directory: give " + table + " its own"
          + " 'location' in the config, or empty that directory");
    }
  }

  private static boolean onFileSystem(String location, String defaultFs) {
    return Location.of(location, defaultFs).sameFileSystem(Location.of("/", defaultFs));
  }
}
