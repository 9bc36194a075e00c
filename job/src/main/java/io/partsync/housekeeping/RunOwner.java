package io.partsync.housekeeping;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.path.PathStrings;
import io.partsync.plan.RunId;
import io.partsync.plan.TargetLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The table a run directory ({@code partsync-<run>}) belongs to: its name and the id partsync stamped on
 * it. Written into the run directory before any partition is copied there, and checked before anything
 * in it is deleted, so that one table's housekeeping never removes another's files, even when both
 * tables share a location. The marker's name starts with a dot: Hive, Spark and partsync's own listings
 * skip it, and it sits above the partition directories, never inside one.
 */
public record RunOwner(String table, String id) {
  public static final String MARKER = ".partsync-owner";

  public RunOwner {
    if (table == null || table.isBlank() || id == null || id.isBlank()) {
      throw new IllegalArgumentException("a run directory's owner needs a table and an id: " + table + ", " + id);
    }
  }

  public static String markerPath(String runDirectory) {
    return PathStrings.withoutTrailingSlash(runDirectory) + "/" + MARKER;
  }

  /** The marker's text: one {@code key=value} per line. */
  String text() {
    return "table=" + table + "\nid=" + id + "\n";
  }

  /** The owner a marker's text names, or empty when it names none. */
  static Optional<RunOwner> parse(String text) {
    String table = null;
    String id = null;
    for (String line : text.split("\n")) {
      if (line.startsWith("table=")) {
        table = line.substring("table=".length()).strip();
      } else if (line.startsWith("id=")) {
        id = line.substring("id=".length()).strip();
      }
    }
    return table == null || id == null || table.isEmpty() || id.isEmpty() ? Optional.empty()
        : Optional.of(new RunOwner(table, id));
  }

  /** The owner the marker of {@code runDirectory} names; empty when it has none. */
  public static Optional<RunOwner> read(ClusterFileSystem fs, String runDirectory) throws IOException {
    return fs.readSmallFile(markerPath(runDirectory)).flatMap(RunOwner::parse);
  }

  /**
   * Marks this run's directory of a table as the table's, before anything is copied into it. A directory
   * that already names another owner (two tables at one location, run under the same run id) is refused:
   * copying there would replace that table's files.
   */
  public void mark(ClusterFileSystem fs, String tableLocation, RunId runId) throws IOException {
    String runDirectory = TargetLayout.runDirectory(tableLocation, runId);
    Optional<RunOwner> found = read(fs, runDirectory);
    if (found.isPresent() && !found.get().equals(this)) {
      throw new IOException("run directory " + runDirectory + " belongs to table " + found.get().table()
          + " (id " + found.get().id() + "), not to " + table + " (id " + id + ")");
    }
    if (found.isEmpty()) {
      try (OutputStream out = fs.create(markerPath(runDirectory))) {
        out.write(text().getBytes(StandardCharsets.UTF_8));
      }
    }
  }
}
