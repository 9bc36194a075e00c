package io.partsync.config;

/**
 * One table to sync: source {@code db.table}, the target name (defaults to the same) and an optional target
 * location (defaults to a directory under the target database's location).
 */
public record TableMapping(
    String sourceDatabase,
    String sourceTable,
    String targetDatabase,
    String targetTable,
    String targetLocation) {

  public String sourceName() {
    return sourceDatabase + "." + sourceTable;
  }

  public String targetName() {
    return targetDatabase + "." + targetTable;
  }
}
