package io.partsync.housekeeping;

import io.partsync.failure.FaultPoint;
import io.partsync.failure.Faults;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.path.PathStrings;
import io.partsync.plan.RunId;
import io.partsync.plan.TargetLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes partition versions nobody references any more, but only after the grace period, so that queries
 * planned against the previous version can finish. When a version stops being referenced (superseded,
 * dropped, or found orphaned after a failed run) it is written to a record in the table's state directory,
 * named by the time it was recorded; a later run deletes what those records name once their time plus the
 * grace period has passed. Only directories under the table's {@code partsync-<run>} directories are ever
 * removed, and only when that run directory's marker names this very table and its id ({@link RunOwner}):
 * data partsync did not write, and data of another table sharing the location, are left alone. Records
 * name the table that wrote them, so a table sharing the state directory skips the other's records.
 *
 * <p>On an object store that deletes in pages (S3) the directories to remove are removed together, a run
 * directory at a time: one flat listing of it and a delete request per page of objects, where one
 * recursive delete per directory would be a LIST and a DELETE each. A sweep there also aborts the multipart
 * uploads a killed run left open in its run directories, which no listing shows but the store keeps.
 */
public final class Housekeeper {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
  private static final String RECORDS = "superseded";
  private static final String RECORD_OWNER = "owner ";

  private final ClusterFileSystem fs;
  private final Duration grace;
  private final Faults faults;
  /** By run directory, whether its marker names the table being housekept: one read per directory. */
  private final java.util.Map<String, Boolean> owned = new java.util.HashMap<>();
  /** Run directories a removal emptied of everything but their marker, to remove at the end. */
  private final Set<String> emptied = new java.util.TreeSet<>();
  /** Earlier runs' directories of this table a sweep looked into: their open uploads are aborted. */
  private final List<String> swept = new ArrayList<>();
  private RunOwner owner;
  /** Whether this table's directories are removed in pages of objects rather than one tree at a time. */
  private boolean inPages;

  public Housekeeper(ClusterFileSystem fs, Duration grace, Faults faults) {
    this.fs = fs;
    this.grace = grace;
    this.faults = faults;
  }

  /**
   * What housekeeping did for one table.
   *
   * @param uploadsAborted open multipart uploads a sweep aborted in earlier runs' directories (object stores)
   */
  public record Outcome(int recorded, int removed, int pending, int uploadsAborted) {}

  /**
   * Housekeeping of one table after its commit.
   *
   * @param unreferenced version directories this run stopped referencing (superseded or dropped)
   * @param unpublished version directories of this run that were never registered (failed partitions)
   * @param referenced every partition location the target metastore now has, to sweep against
   * @param sweep whether to look for orphans a failed or killed earlier run may have left
   * @param owner the table being housekept: only run directories whose marker names it are touched
   */
  public Outcome run(String tableLocation, RunId runId, Collection<String> unreferenced,
      Collection<String> unpublished, Set<String> referenced, boolean sweep, int partitionDepth, RunOwner owner)
      throws IOException {
    this.owner = owner;
    owned.clear();
    emptied.clear();
    swept.clear();
    inPages = fs.deletesInPages(tableLocation);
    if (inPages) {
      removeInPages(tableLocation, unpublished);
    } else {
      for (String dir : unpublished) {
        removeVersion(tableLocation, dir);
      }
    }
    List<String> superseded = new ArrayList<>();
    unreferenced.stream().filter(dir -> TargetLayout.isVersionDirectory(tableLocation, dir))
        .forEach(superseded::add);
    int aborted = 0;
    if (sweep) {
      List<String> orphans = orphans(tableLocation, runId, referenced, partitionDepth);
      LOG.info("swept {} after an unclean earlier run: {} unreferenced version directories", tableLocation,
          orphans.size());
      superseded.addAll(orphans);
      aborted = abortUploads(tableLocation);
    }
    if (!superseded.isEmpty()) {
      record(tableLocation, runId, superseded);
    }
    Expired expired = expire(tableLocation, referenced);
    // This run's own directory too: a run that copied nothing, or whose copies all failed, leaves only its marker.
    emptied.add(normalize(TargetLayout.runDirectory(tableLocation, runId)));
    for (String runDirectory : emptied) {
      removeIfOnlyMarker(runDirectory);
    }
    return new Outcome(superseded.size(), expired.removed(), expired.pending(), aborted);
  }

  private void record(String tableLocation, RunId runId, List<String> dirs) throws IOException {
    String name = recordsDirectory(tableLocation) + "/" + Instant.now().toEpochMilli() + "-" + runId;
    try (OutputStream out = fs.create(name)) {
      out.write((RECORD_OWNER + owner.table() + " " + owner.id() + "\n" + String.join("\n", dirs) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
  }

  private record Expired(int removed, int pending) {}

  /** Deletes what records past their grace name; counts removed directories and records still waiting. */
  private Expired expire(String tableLocation, Set<String> referenced) throws IOException {
    long due = Instant.now().minus(grace).toEpochMilli();
    int removed = 0;
    int pending = 0;
    Map<String, List<String>> dueRecords = new LinkedHashMap<>();
    for (String record : fs.listFiles(recordsDirectory(tableLocation))) {
      String name = record.substring(record.lastIndexOf('/') + 1);
      long recordedAt = recordedAt(name);
      List<String> lines = List.of(fs.readSmallFile(record).orElse("").split("\n"));
      if (!lines.isEmpty() && lines.get(0).startsWith(RECORD_OWNER)
          && !lines.get(0).equals(RECORD_OWNER + owner.table() + " " + owner.id())) {
        LOG.debug("record {} is another table's ({}); left to it", record, lines.get(0));
        continue;
      }
      if (recordedAt > due) {
        pending++;
        continue;
      }
      List<String> dirs = lines.stream().filter(dir -> !dir.isBlank() && !dir.startsWith(RECORD_OWNER)
          && !referenced.contains(normalize(dir)) && TargetLayout.isVersionDirectory(tableLocation, dir)).toList();
      if (inPages) {
        dueRecords.put(record, dirs);
        continue;
      }
      for (String dir : dirs) {
        if (removeVersion(tableLocation, dir)) {
          removed++;
          faults.reach(FaultPoint.DURING_HOUSEKEEPING);
        }
      }
      fs.delete(record, false);
    }
    return inPages ? expireInPages(tableLocation, dueRecords, pending) : new Expired(removed, pending);
  }

  /**
   * Removes what all due records name in one go, then deletes the records: a run killed in between finds
   * them again and removes what is left.
   */
  private Expired expireInPages(String tableLocation, Map<String, List<String>> dueRecords, int pending)
      throws IOException {
    Set<String> gone = removeInPages(tableLocation,
        dueRecords.values().stream().flatMap(List::stream).distinct().toList());
    int removed = 0;
    for (Map.Entry<String, List<String>> record : dueRecords.entrySet()) {
      for (String dir : record.getValue()) {
        if (gone.contains(dir)) {
          removed++;
          faults.reach(FaultPoint.DURING_HOUSEKEEPING);
        }
      }
      fs.delete(record.getKey(), false);
    }
    return new Expired(removed, pending);
  }

  /**
   * Removes version directories a run directory at a time, each run directory listed once and its doomed
   * objects deleted in pages; returns those removed. Directories in a run directory whose marker does not
   * name this table are left alone. Unlike on HDFS, their emptied parents need no call of their own: on an
   * object store a directory is gone with the last object under it (and any marker it had goes in the same
   * pages).
   */
  private Set<String> removeInPages(String tableLocation, Collection<String> dirs) throws IOException {
    String table = normalize(tableLocation);
    Map<String, List<String>> byRunDirectory = new java.util.TreeMap<>();
    for (String dir : dirs) {
      byRunDirectory.computeIfAbsent(runDirectoryOf(table, normalize(dir)), r -> new ArrayList<>()).add(dir);
    }
    Set<String> removed = new HashSet<>();
    for (Map.Entry<String, List<String>> run : byRunDirectory.entrySet()) {
      if (!owns(run.getKey())) {
        continue;
      }
      int files = fs.deleteDirectories(run.getKey(), run.getValue());
      LOG.debug("removed {} version directories ({} files) under {}", run.getValue().size(), files, run.getKey());
      emptied.add(run.getKey());
      removed.addAll(run.getValue());
    }
    return removed;
  }

  private static long recordedAt(String recordName) {
    int dash = recordName.indexOf('-');
    try {
      return Long.parseLong(dash > 0 ? recordName.substring(0, dash) : recordName);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // not ours: never expires
    }
  }

  /**
   * Deletes a version directory and then its parents up to the run directory while they are empty; false,
   * leaving it alone, when its run directory's marker does not name this table.
   */
  private boolean removeVersion(String tableLocation, String dir) throws IOException {
    String table = normalize(tableLocation);
    String runDirectory = runDirectoryOf(table, normalize(dir));
    if (!owns(runDirectory)) {
      return false;
    }
    fs.delete(dir, true);
    String parent = normalize(dir);
    while ((parent = parent.substring(0, parent.lastIndexOf('/'))).length() > runDirectory.length()
        && fs.deleteIfEmpty(parent)) {
      LOG.debug("removed empty directory {}", parent);
    }
    emptied.add(runDirectory);
    return true;
  }

  /** The {@code partsync-<run>} directory directly under the table that holds {@code dir}. */
  private static String runDirectoryOf(String table, String dir) {
    int end = dir.indexOf('/', table.length() + 1);
    return end < 0 ? dir : dir.substring(0, end);
  }

  /** Whether the run directory's marker names this table and id; logs once why it is left alone if not. */
  private boolean owns(String runDirectory) throws IOException {
    Boolean known = owned.get(runDirectory);
    if (known != null) {
      return known;
    }
    java.util.Optional<RunOwner> marker = RunOwner.read(fs, runDirectory);
    boolean mine = marker.isPresent() && marker.get().equals(owner);
    if (!mine && marker.isPresent()) {
      LOG.warn("leaving {} alone: it belongs to table {} (id {}), not to {} (id {})", runDirectory,
          marker.get().table(), marker.get().id(), owner.table(), owner.id());
    } else if (!mine) {
      LOG.warn("leaving {} alone: it has no {} marker naming table {}, so partsync cannot tell it is this "
          + "table's", runDirectory, RunOwner.MARKER, owner.table());
    }
    owned.put(runDirectory, mine);
    return mine;
  }

  /** Removes a run directory of this table that holds nothing but its marker. */
  private void removeIfOnlyMarker(String runDirectory) throws IOException {
    List<String> children = fs.firstChildren(runDirectory, 2);
    if (children.size() == 1 && children.get(0).endsWith("/" + RunOwner.MARKER) && owns(runDirectory)) {
      fs.delete(runDirectory, true);
      LOG.debug("removed run directory {}, which held only its marker", runDirectory);
    }
  }

  /** Version directories under every other run's directory that no partition references. */
  private List<String> orphans(String tableLocation, RunId runId, Set<String> referenced, int depth)
      throws IOException {
    List<String> orphans = new ArrayList<>();
    String current = normalize(TargetLayout.runDirectory(tableLocation, runId));
    for (String runDir : fs.listDirectories(tableLocation)) {
      String name = runDir.substring(runDir.lastIndexOf('/') + 1);
      if (!name.startsWith(TargetLayout.RUN_DIRECTORY_PREFIX) || normalize(runDir).equals(current)
          || !owns(normalize(runDir))) {
        continue;
      }
      emptied.add(normalize(runDir));
      swept.add(normalize(runDir));
      List<String> level = List.of(runDir);
      for (int i = 0; i < depth; i++) {
        List<String> next = new ArrayList<>();
        for (String dir : level) {
          List<String> children = fs.listDirectories(dir);
          if (children.isEmpty() && i > 0) {
            orphans.add(dir); // a partition directory a killed run created only partly
          }
          next.addAll(children);
        }
        level = next;
      }
      level.stream().filter(dir -> !referenced.contains(normalize(dir))).forEach(orphans::add);
    }
    return orphans;
  }

  /**
   * Aborts the multipart uploads left open in the earlier runs' directories the sweep looked into (this
   * table's, never this run's): a killed copy's upload no listing shows, yet the store keeps and bills its
   * parts. An upload that cannot be aborted is logged and left to the bucket's lifecycle rule.
   */
  private int abortUploads(String tableLocation) {
    if (!fs.isObjectStore(tableLocation)) {
      return 0;
    }
    int aborted = 0;
    for (String runDirectory : swept) {
      try {
        aborted += fs.abortUploadsUnder(runDirectory);
      } catch (IOException e) {
        LOG.warn("cannot abort the open multipart uploads under {}: {}. Their parts stay stored (and billed) until"
            + " a bucket lifecycle rule (AbortIncompleteMultipartUpload) removes them; let this run's user list and"
            + " abort multipart uploads there to have partsync do it", runDirectory, e.getMessage());
      }
    }
    LOG.info("aborted {} open multipart upload(s) in {} earlier run directories of {}", aborted, swept.size(),
        tableLocation);
    return aborted;
  }

  private static String recordsDirectory(String tableLocation) {
    return TargetLayout.stateDirectory(tableLocation) + "/" + RECORDS;
  }

  /** A location as the housekeeper compares it with the locations the metastore references. */
  public static String normalize(String location) {
    return PathStrings.withoutTrailingSlash(location);
  }
}
