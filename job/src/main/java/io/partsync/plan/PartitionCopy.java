package io.partsync.plan;

import io.partsync.fs.DataFile;
import java.io.Serializable;
import java.util.List;

/**
 * One source partition to copy: where its files are on the source, and each target table it goes to with
 * the new directory its files go to there. Its files are read once, whatever the number of destinations.
 * Plain data, shipped to executors.
 *
 * @param sourceTable the source table, db.table
 * @param name the Hive partition name, e.g. {@code dt=2026-01-01/hour=00}
 * @param version the source version being copied, stored on each target partition when it is registered
 */
public record PartitionCopy(
    String sourceTable,
    String name,
    List<String> values,
    String sourceDir,
    List<DataFile> files,
    String version,
    List<Destination> destinations) implements Serializable {

  /** Why a partition is copied to a destination. */
  public enum Change {
    /** The target has no such partition. */
    NEW,
    /** The target holds another version, or one partsync did not write. */
    CHANGED,
    /** The target holds the source's version, but its files are no longer those partsync published. */
    TARGET_CHANGED,
    /** {@code mode: full} copies it whatever the target holds. */
    FULL
  }

  /**
   * One copy of the partition: the target cluster, its table (db.table), the new version directory there,
   * and why it is copied.
   */
  public record Destination(String target, String table, String targetDir, Change change) implements Serializable {
    /** The target table of the target cluster: listings and results are matched by it. */
    public TargetTableName targetTable() {
      return new TargetTableName(target, table);
    }
  }

  public PartitionCopy {
    values = List.copyOf(values);
    files = List.copyOf(files);
    destinations = List.copyOf(destinations);
  }

  public PartitionCopy withDestinations(List<Destination> all) {
    return new PartitionCopy(sourceTable, name, values, sourceDir, files, version, all);
  }

  public long bytes() {
    return files.stream().mapToLong(DataFile::length).sum();
  }

  /** The partition as people name it in messages: source table and partition name. */
  public String label() {
    return name.equals(WholeTable.NAME) ? sourceTable : sourceTable + " partition " + name;
  }
}
