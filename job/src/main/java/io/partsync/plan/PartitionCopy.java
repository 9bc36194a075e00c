package io.partsync.plan;

import java.io.Serializable;
import java.util.List;

/**
 * One partition to copy: where its files are on the source and the new directory they go to on the
 * target. Plain data, shipped to executors.
 *
 * @param table the target table, db.table
 * @param name the Hive partition name, e.g. {@code dt=2026-01-01/hour=00}
 * @param version the source version being copied, stored on the target partition when it is registered
 */
public record PartitionCopy(
    String table,
    String name,
    List<String> values,
    String sourceDir,
    String targetDir,
    List<SourceFile> files,
    String version,
    Change change) implements Serializable {

  /** Why a partition is copied. */
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

  public PartitionCopy {
    values = List.copyOf(values);
    files = List.copyOf(files);
  }

  public long bytes() {
    return files.stream().mapToLong(SourceFile::length).sum();
  }

  /** The partition as people name it in messages: table and partition name. */
  public String label() {
    return table + " partition " + name;
  }
}
