package io.partsync.source;

import io.partsync.config.SnapshotMode;
import io.partsync.config.TableMapping;
import io.partsync.failure.Messages;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.SnapshotChange;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.plan.RunId;
import io.partsync.plan.SourceSnapshot;
import io.partsync.plan.TablePlanner.TableInputs;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.security.AccessControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HDFS snapshots of a run's source tables: taken (or named in the config) before the source is listed,
 * diffed against the snapshot each target table was last synced from, and deleted once no target needs
 * them. The one place that decides what a snapshot problem means for a table.
 */
public final class SourceSnapshots {
  private static final Logger LOG = LoggerFactory.getLogger(SourceSnapshots.class);

  private final ClusterFileSystem source;
  private final RunId runId;
  private final int keep;
  private final Map<String, SourceSnapshot> byTable = new LinkedHashMap<>();
  private final Map<String, Optional<List<SnapshotChange>>> diffs = new HashMap<>();

  /** @param keep how many partsync snapshots of a table stay: the recorded ones, then the newest others */
  public SourceSnapshots(ClusterFileSystem source, RunId runId, int keep) {
    this.source = source;
    this.runId = runId;
    this.keep = keep;
  }

  /** The snapshot each source table is read through, by source table name. */
  public Map<String, SourceSnapshot> byTable() {
    return Map.copyOf(byTable);
  }

  /**
   * Takes a snapshot of each source table that asks for one, and returns the tables that require one and
   * cannot have it, with the reason: they are left out of every target. With {@code auto} a table is read
   * live instead, with a warning.
   */
  public Map<String, String> take(Map<String, SourceTable> tables) {
    Map<String, String> unavailable = new LinkedHashMap<>();
    tables.forEach((name, table) -> {
      TableMapping mapping = table.mapping();
      if (mapping.snapshots() == SnapshotMode.OFF) {
        return;
      }
      try {
        byTable.put(name, snapshot(name, table.definition().location(), mapping));
      } catch (SnapshotUnavailable e) {
        if (mapping.snapshots() != SnapshotMode.REQUIRED) {
          LOG.warn("{}; reading it without a snapshot ('snapshots: auto')", Messages.oneLine(e.getMessage()));
          return;
        }
        unavailable.put(name, e.getMessage());
      }
    });
    return unavailable;
  }

  /**
   * The table's inputs read through its snapshot, when it has one: a table whose target records the
   * snapshot it was last synced from compares only the partitions the diff since then touched.
   */
  public TableInputs throughSnapshot(TableInputs table) {
    SourceSnapshot snapshot = byTable.get(table.source().qualifiedName());
    if (snapshot == null) {
      return table;
    }
    String previous = table.targetExists() ? table.target().parameters().get(PartsyncParameters.SOURCE_SNAPSHOT) : null;
    Map<String, String> locations = new HashMap<>();
    table.sourcePartitions().forEach((name, p) -> locations.put(name, p.location()));
    return table.withSnapshot(snapshot, previous, previous == null ? null : touched(snapshot, previous, locations));
  }

  private SourceSnapshot snapshot(String table, String dir, TableMapping mapping) {
    try {
      if (mapping.snapshot() != null) {
        if (!source.snapshotNames(dir).contains(mapping.snapshot())) {
          throw new SnapshotUnavailable("source table " + table + ": the snapshot '" + mapping.snapshot()
              + "' named in the config does not exist under " + dir + "/.snapshot");
        }
        return new SourceSnapshot(table, dir, mapping.snapshot(), false);
      }
      if (!source.isSnapshottable(dir)) {
        throw new SnapshotUnavailable("source table " + table + ": its directory " + dir + " does not allow"
            + " snapshots; an HDFS administrator can allow them with 'hdfs dfsadmin -allowSnapshot " + dir
            + "', or set 'snapshots: auto' or 'off' for it");
      }
      String name = runId.snapshotName();
      if (source.snapshotNames(dir).contains(name)) {
        // A scheduler's retry of this run id reads the cut its earlier attempt took, and copies the same data.
        LOG.info("{}: reading snapshot {} of {}, taken by an earlier attempt of this run", table, name, dir);
        return new SourceSnapshot(table, dir, name, true);
      }
      source.createSnapshot(dir, name);
      LOG.info("{}: reading snapshot {} of {}", table, name, dir);
      return new SourceSnapshot(table, dir, name, true);
    } catch (AccessControlException e) {
      throw new SnapshotUnavailable("source table " + table + ": no permission to create a snapshot of " + dir
          + " (" + Messages.firstLine(e) + "); run as the directory's owner, or name an existing snapshot with"
          + " 'snapshot:'");
    } catch (IOException e) {
      throw new SnapshotUnavailable("source table " + table + ": cannot snapshot " + dir + ": "
          + Messages.firstLine(e));
    }
  }

  /**
   * The partitions a diff from {@code previous} to this run's snapshot touches, or null when there is no
   * diff to go by (the previous snapshot is gone): then every partition is compared by its fingerprint.
   */
  private Set<String> touched(SourceSnapshot snapshot, String previous, Map<String, String> locations) {
    Optional<List<SnapshotChange>> changes = diffs.computeIfAbsent(snapshot.table() + "@" + previous, key -> {
      try {
        if (!source.snapshotNames(snapshot.tableDir()).contains(previous)) {
          LOG.warn("{}: snapshot {} that a target was last synced from is gone from {}; comparing every"
              + " partition by its fingerprint instead", snapshot.table(), previous, snapshot.tableDir());
          return Optional.empty();
        }
        List<SnapshotChange> diff = source.snapshotDiff(snapshot.tableDir(), previous, snapshot.name());
        LOG.info("{}: {} changes from snapshot {} to {}", snapshot.table(), diff.size(), previous, snapshot.name());
        return Optional.of(diff);
      } catch (IOException e) {
        LOG.warn("{}: cannot diff snapshots {} and {} ({}); comparing every partition by its fingerprint",
            snapshot.table(), previous, snapshot.name(), Messages.firstLine(e));
        return Optional.empty();
      }
    });
    return changes.map(c -> SourceSnapshot.touched(snapshot.tableDir(), c, locations)).orElse(null);
  }

  /**
   * Deletes the snapshots partsync created of each table that no target table records any more (this
   * run's too, when no target recorded it), beyond {@code snapshots-keep}: the recorded ones stay, then
   * the newest others up to that number. Snapshots partsync did not create are never touched.
   *
   * @param recorded by source table, the snapshots its target tables record after this run
   */
  public void cleanUp(Map<String, Set<String>> recorded) {
    byTable.forEach((table, snapshot) -> {
      Set<String> kept = new java.util.HashSet<>(recorded.getOrDefault(table, Set.of()));
      try {
        List<String> ours = new java.util.ArrayList<>(source.snapshotNames(snapshot.tableDir()).stream()
            .filter(name -> name.startsWith(SourceSnapshot.PREFIX)).toList());
        // Newest first, by when each was taken: a scheduler's run ids need not sort by time.
        java.util.Collections.reverse(ours);
        // This run's own snapshot is kept only when a target recorded it: a failed run leaves none behind.
        ours.stream().filter(name -> !kept.contains(name) && !name.equals(runId.snapshotName()))
            .limit(Math.max(0, keep - kept.size())).forEach(kept::add);
        for (String name : ours) {
          if (!kept.contains(name)) {
            source.deleteSnapshot(snapshot.tableDir(), name);
            LOG.info("{}: deleted snapshot {} of {}, which no target needs", table, name, snapshot.tableDir());
          }
        }
      } catch (IOException e) {
        LOG.warn("{}: cleaning up snapshots of {} failed; the next run retries: {}", table, snapshot.tableDir(),
            Messages.firstLine(e));
      }
    });
  }

  /** Why a table cannot be read through a snapshot; the message names the table and what to do. */
  private static final class SnapshotUnavailable extends RuntimeException {
    SnapshotUnavailable(String message) {
      super(message);
    }
  }
}
