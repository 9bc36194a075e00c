package io.partsync.config;

import io.partsync.path.PathStrings;

/**
 * One cluster a run writes to: how to reach it, and how its table names and locations differ from the
 * tables' own settings.
 *
 * @param name names the target in messages, reports and its tables' destinations; "target" for the
 *     single {@code target:} form
 * @param database the database every table goes to on this target, or null for each table's own
 * @param location the directory under which missing tables are created on this target, as
 *     {@code <location>/<database>.db/<table>}, or null for the target database's location
 */
public record TargetCluster(String name, ClusterConfig cluster, String database, String location) {

  /** A table's mapping as it applies on this target. */
  public TableMapping apply(TableMapping mapping) {
    if (database == null && location == null) {
      return mapping;
    }
    String targetDatabase = database == null ? mapping.targetDatabase() : database;
    String targetLocation = mapping.targetLocation() != null || location == null ? mapping.targetLocation()
        : PathStrings.withoutTrailingSlash(location) + "/" + targetDatabase + ".db/" + mapping.targetTable();
    return new TableMapping(mapping.sourceDatabase(), mapping.sourceTable(), targetDatabase, mapping.targetTable(),
        targetLocation, mapping.adopt(), mapping.mode(), mapping.filter(), mapping.window(), mapping.snapshots(),
        mapping.snapshot());
  }
}
