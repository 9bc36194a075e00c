package io.partsync.housekeeping;

import io.partsync.FaultInjection;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.TargetLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes partition versions nobody references any more, but only after the grace period, so that queries
 * planned against the previous version can finish. When a version stops being referenced (superseded,
 * dropped, or found orphaned after a failed run) it is written to a record in the table's state directory,
 * named by the time it was recorded; a later run deletes what those records name once their time plus the
 * grace period has passed. Only directories under the table's {@code partsync-<run>} directories are ever
 * removed: data partsync did not write is left alone.
 */
public final class Housekeeper {
  private static final Logger LOG = LoggerFactory.getLogger(Housekeeper.class);
  private static final String RECORDS = "superseded";

  private final ClusterFileSystem fs;
  private final Duration grace;

  public Housekeeper(ClusterFileSystem fs, Duration grace) {
    this.fs = fs;
    this.grace = grace;
  }

  /** What housekeeping did for one table. */
  public record Outcome(int recorded, int removed, int pending) {}

  /**
   * Housekeeping of one table after its commit.
   *
   * @param unreferenced version directories this run stopped referencing (superseded or dropped)
   * @param unpublished version directories of this run that were never registered (failed partitions)
   * @param referenced every partition location the target metastore now has, to sweep against
   * @param sweep whether to look for orphans a failed or killed earlier run may have left
   */
  public Outcome run(String tableLocation, String runId, Collection<String> unreferenced,
      Collection<String> unpublished, Set<String> referenced, boolean sweep, int partitionDepth)
      throws IOException {
    for (String dir : unpublished) {
      removeVersion(tableLocation, dir);
    }
    List<String> superseded = new ArrayList<>();
    unreferenced.stream().filter(dir -> TargetLayout.isVersionDirectory(tableLocation, dir))
        .forEach(superseded::add);
    if (sweep) {
      List<String> orphans = orphans(tableLocation, runId, referenced, partitionDepth);
      LOG.info("swept {} after an unclean earlier run: {} unreferenced version directories", tableLocation,
          orphans.size());
      superseded.addAll(orphans);
    }
    if (!superseded.isEmpty()) {
      record(tableLocation, runId, superseded);
    }
    Expired expired = expire(tableLocation, referenced);
    return new Outcome(superseded.size(), expired.removed(), expired.pending());
  }

  private void record(String tableLocation, String runId, List<String> dirs) throws IOException {
    String name = recordsDirectory(tableLocation) + "/" + Instant.now().toEpochMilli() + "-" + runId;
    try (OutputStream out = fs.create(name)) {
      out.write((String.join("\n", dirs) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private record Expired(int removed, int pending) {}

  /** Deletes what records past their grace name; counts removed directories and records still waiting. */
  private Expired expire(String tableLocation, Set<String> referenced) throws IOException {
    long due = Instant.now().minus(grace).toEpochMilli();
    int removed = 0;
    int pending = 0;
    for (String record : fs.listFiles(recordsDirectory(tableLocation))) {
      String name = record.substring(record.lastIndexOf('/') + 1);
      long recordedAt = recordedAt(name);
      if (recordedAt > due) {
        pending++;
        continue;
      }
      for (String dir : fs.readSmallFile(record).orElse("").split("\n")) {
        if (!dir.isBlank() && !referenced.contains(normalize(dir))
            && TargetLayout.isVersionDirectory(tableLocation, dir)) {
          removeVersion(tableLocation, dir);
          removed++;
          FaultInjection.check(FaultInjection.Point.DURING_HOUSEKEEPING);
        }
      }
      fs.delete(record, false);
    }
    return new Expired(removed, pending);
  }

  private static long recordedAt(String recordName) {
    int dash = recordName.indexOf('-');
    try {
      return Long.parseLong(dash > 0 ? recordName.substring(0, dash) : recordName);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE; // not ours: never expires
    }
  }

  /** Deletes a version directory and then its parents up to the run directory while they are empty. */
  private void removeVersion(String tableLocation, String dir) throws IOException {
    fs.delete(dir, true);
    String table = normalize(tableLocation);
    String parent = normalize(dir);
    while ((parent = parent.substring(0, parent.lastIndexOf('/'))).length() > table.length()
        && fs.deleteIfEmpty(parent)) {
      LOG.debug("removed empty directory {}", parent);
    }
  }

  /** Version directories under every other run's directory that no partition references. */
  private List<String> orphans(String tableLocation, String runId, Set<String> referenced, int depth)
      throws IOException {
    List<String> orphans = new ArrayList<>();
    String current = normalize(TargetLayout.runDirectory(tableLocation, runId));
    for (String runDir : fs.listDirectories(tableLocation)) {
      String name = runDir.substring(runDir.lastIndexOf('/') + 1);
      if (!name.startsWith(TargetLayout.RUN_DIRECTORY_PREFIX) || normalize(runDir).equals(current)) {
        continue;
      }
      if (fs.deleteIfEmpty(runDir)) {
        continue;
      }
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

  private static String recordsDirectory(String tableLocation) {
    return TargetLayout.stateDirectory(tableLocation) + "/" + RECORDS;
  }

  public static String normalize(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }
}
