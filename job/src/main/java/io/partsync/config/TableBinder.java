package io.partsync.config;

import io.partsync.metastore.TableName;
import io.partsync.select.PartitionFilter;
import io.partsync.select.RelativeWindow;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Reads {@code tables}: which source tables a run syncs, where each goes, and which of its partitions. */
final class TableBinder {
  private TableBinder() {}

  /** Each entry of {@code tables}, at least one; {@code snapshots} is the source's, for entries that set none. */
  static List<TableSelection> tables(ConfigNode node, SnapshotMode snapshots) {
    List<TableSelection> tables = new ArrayList<>();
    Set<String> targets = new LinkedHashSet<>();
    List<ConfigNode> items = node.sequence();
    for (int i = 0; i < items.size(); i++) {
      ConfigNode item = items.get(i);
      String entry = "tables[" + i + "]";
      TableSelection selection = item.isScalar() ? scalarEntry(item, entry, snapshots)
          : tableEntry(ConfigSection.of(item), entry, snapshots);
      if (!selection.isPattern()) {
        String target = selection.mapping(selection.database(), selection.table()).targetName();
        if (!targets.add(target)) {
          throw item.error("writes target table " + target + " a second time");
        }
      }
      tables.add(selection);
    }
    if (tables.isEmpty()) {
      throw node.error("lists no table; add at least one db.table");
    }
    return tables;
  }

  /** {@code - db.table}: the table under its own name, every partition. */
  private static TableSelection scalarEntry(ConfigNode item, String entry, SnapshotMode snapshots) {
    TableName source = ConfigValues.sourceName(item);
    return new TableSelection(source.database(), source.table(), null, null, null, false, null, null, null,
        snapshots, null, entry);
  }

  private static TableSelection tableEntry(ConfigSection item, String entry, SnapshotMode snapshots) {
    ConfigNode source = item.given("source");
    if (source == null) {
      throw item.node().error("needs 'source: db.table' (or a pattern such as sales.*)");
    }
    TableName sourceName = ConfigValues.sourceName(source);
    boolean pattern = TableSelection.isPattern(sourceName.database()) || TableSelection.isPattern(sourceName.table());
    TableName targetName = null;
    if (item.has("target")) {
      if (pattern) {
        throw item.given("target").error("names one table, but 'source' is a pattern; use 'target-database'"
            + " to sync the tables it selects into another database");
      }
      if (item.has("target-database")) {
        throw item.given("target-database").error("cannot be given with 'target', which names the database");
      }
      targetName = ConfigValues.qualifiedName(item.given("target"));
    }
    String targetDatabase = targetName != null ? targetName.database()
        : ConfigValues.databaseName(item.given("target-database"));
    if (item.text("location") != null && pattern) {
      throw item.given("location").error("is one table's location, but 'source' is a pattern");
    }
    String location = ConfigValues.location(item.given("location"));
    boolean adopt = item.valueOrDefault("adopt").bool();
    SyncMode mode = item.has("mode") ? ConfigValues.choice(item.given("mode"), SyncMode.class) : null;
    SnapshotMode tableSnapshots = item.has("snapshots")
        ? ConfigValues.choice(item.given("snapshots"), SnapshotMode.class) : snapshots;
    String snapshot = item.text("snapshot");
    if (snapshot != null && tableSnapshots == SnapshotMode.OFF) {
      throw item.given("snapshot").error("names a snapshot to read, but snapshots are off for this table; set"
          + " 'snapshots: required' (or auto)");
    }
    if (snapshot != null && pattern) {
      throw item.given("snapshot").error("is one table's snapshot, but 'source' is a pattern");
    }
    return new TableSelection(sourceName.database(), sourceName.table(), targetDatabase,
        targetName == null ? null : targetName.table(),
        location, adopt, mode, filter(item.given("filter")), window(item), tableSnapshots, snapshot, entry);
  }

  private static PartitionFilter filter(ConfigNode node) {
    if (node == null) {
      return null;
    }
    try {
      return PartitionFilter.parse(ConfigValues.shortText(node, Limits.MAX_FILTER, "a partition filter"));
    } catch (IllegalArgumentException e) {
      throw node.error("is not a valid partition filter: " + e.getMessage());
    }
  }

  private static RelativeWindow window(ConfigSection item) {
    if (!item.has("window")) {
      return null;
    }
    ConfigSection window = ConfigSection.of(item.given("window"));
    String key = ConfigValues.shortText(window.required("key"), Limits.MAX_NAME, "a partition key name");
    String last = ConfigValues.shortText(window.required("last"), 20, "a number of days or hours");
    String format = ConfigValues.shortText(window.valueOrDefault("format"), Limits.MAX_WINDOW_TEXT,
        "a date-time pattern");
    String zone = ConfigValues.shortText(window.valueOrDefault("zone"), Limits.MAX_WINDOW_TEXT, "a time zone id");
    try {
      return RelativeWindow.parse(key, last, format, zone);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw window.node().error("is not a valid window: " + e.getMessage());
    }
  }
}
