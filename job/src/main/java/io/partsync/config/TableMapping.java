package io.partsync.config;

/**
 * One table to sync: source {@code db.table}, the target name (defaults to the same) and an optional target
 * location (defaults to a directory under the target database's location).
 *
 * @param adopt whether an existing target table that holds data partsync did not write may become
 *     partsync's replica; without it such a table is refused
 */
public record TableMapping(
    String sourceDatabase,
    String sourceTable,
    String targetDatabase,
    String targetTable,
    String targetLocation,
    boolean adopt) {

  public String sourceName() {
    return sourceDatabase + "." + sourceTable;
  }

  public String targetName() {
    return targetDatabase + "." + targetTable;
  }
}
