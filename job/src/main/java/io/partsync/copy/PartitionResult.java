package io.partsync.copy;

import java.io.Serializable;
import java.util.List;

/**
 * What happened to one copy of a partition (one destination) on its executor.
 *
 * @param target the target cluster's name
 * @param table the target table, db.table
 * @param targetDir the version directory the partition was copied to
 * @param version the source version copied
 * @param listing the fingerprint of the copied source files without checksums
 * @param targetVersion the fingerprint of the files as written on the target
 * @param readFromPrimary the files read from the source cluster because the read replica's copy was
 *     missing or different, each with the reason
 * @param millis from the start of work on the partition to its last file copied and verified (or failed)
 * @param error why the partition failed, or null when every file was copied and verified
 */
public record PartitionResult(
    String target,
    String table,
    String name,
    List<String> values,
    String targetDir,
    String version,
    String listing,
    String targetVersion,
    int files,
    long bytes,
    long millis,
    List<String> readFromPrimary,
    String error) implements Serializable {

  public PartitionResult {
    values = List.copyOf(values);
    readFromPrimary = List.copyOf(readFromPrimary);
  }

  public boolean succeeded() {
    return error == null;
  }
}
