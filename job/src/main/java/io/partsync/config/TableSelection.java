package io.partsync.config;

import io.partsync.metastore.TableName;
import io.partsync.select.PartitionFilter;
import io.partsync.select.RelativeWindow;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One entry of {@code tables}: a source table, or a pattern of tables ({@code sales.*},
 * {@code logs.events_*}), and how to sync what it selects. Patterns are matched against the source
 * metastore when the run starts.
 *
 * @param database the source database name or pattern, lower case; {@code *} and {@code ?} are wildcards
 * @param table the source table name or pattern, lower case
 * @param targetDatabase the target database, or null for the source's
 * @param targetTable the target table, or null for the source's; only for a single table
 * @param targetLocation the target table's location, or null for one under its database; single table only
 * @param mode this entry's mode, or null for the run's
 * @param filter a predicate on partition keys, or null for every partition
 * @param window the last days or hours of a date key, or null
 * @param snapshots whether the table is read through HDFS snapshots
 * @param snapshot an existing snapshot of the table directory to read instead of creating one, or null
 * @param entry where the entry is in the config, e.g. {@code tables[2]}, for messages
 */
public record TableSelection(
    String database,
    String table,
    String targetDatabase,
    String targetTable,
    String targetLocation,
    boolean adopt,
    SyncMode mode,
    PartitionFilter filter,
    RelativeWindow window,
    SnapshotMode snapshots,
    String snapshot,
    String entry) {

  public boolean isPattern() {
    return isPattern(database) || isPattern(table);
  }

  /** The source table or pattern as db.table. */
  public String sourceName() {
    return new TableName(database, table).qualified();
  }

  public boolean matches(String sourceDatabase, String sourceTable) {
    return matchesDatabase(sourceDatabase) && glob(table).matcher(sourceTable.toLowerCase(Locale.ROOT)).matches();
  }

  public boolean matchesDatabase(String sourceDatabase) {
    return glob(database).matcher(sourceDatabase.toLowerCase(Locale.ROOT)).matches();
  }

  /** The mapping of one source table this entry selects. */
  public TableMapping mapping(String sourceDatabase, String sourceTable) {
    return new TableMapping(sourceDatabase, sourceTable, targetDatabase == null ? sourceDatabase : targetDatabase,
        targetTable == null ? sourceTable : targetTable, targetLocation, adopt, mode, filter, window, snapshots,
        snapshot);
  }

  static boolean isPattern(String name) {
    return name.contains("*") || name.contains("?");
  }

  private static Pattern glob(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return Pattern.compile(regex.toString());
  }
}
