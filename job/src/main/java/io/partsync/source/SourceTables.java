package io.partsync.source;

import io.partsync.config.TableMapping;
import io.partsync.failure.SyncRefusedException;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.TableName;
import java.util.List;
import java.util.Locale;

/** Reads a source table and refuses the kinds a file copy would get wrong. */
public final class SourceTables {
  private SourceTables() {}

  /**
   * Refuses a partition filter or window on an unpartitioned table or naming a key the source table is not
   * partitioned by, and a window on a key whose type it cannot compare with its format.
   */
  public static void checkSelection(TableMapping mapping, HiveTable source) {
    if (source.partitionKeys().isEmpty() && (mapping.filter() != null || mapping.window() != null)) {
      throw new SyncRefusedException("source table " + source.qualifiedName() + " is not partitioned, so its"
          + " '" + (mapping.filter() != null ? "filter" : "window") + "' has no partitions to select; remove"
          + " 'filter' and 'window' from this table in the config (the whole table is copied)");
    }
    List<String> keys = source.partitionKeyNames().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    try {
      if (mapping.filter() != null) {
        mapping.filter().checkKeys(keys);
      }
      if (mapping.window() != null) {
        String key = mapping.window().key().toLowerCase(Locale.ROOT);
        if (!keys.contains(key)) {
          throw new IllegalArgumentException("the window's key '" + mapping.window().key()
              + "' is not a partition key; the partition keys are " + String.join(", ", keys));
        }
        mapping.window().checkKeyType(source.partitionKeys().get(keys.indexOf(key)).type());
      }
    } catch (IllegalArgumentException e) {
      throw new SyncRefusedException("source table " + source.qualifiedName() + ": " + e.getMessage()
          + "; fix 'filter' or 'window' of this table in the config");
    }
  }

  public static HiveTable load(Metastore source, String database, String table) {
    TableName name = new TableName(database, table);
    HiveTable found = source.findTable(database, table).orElseThrow(() -> new SyncRefusedException(
        "source table " + name + " does not exist in the source metastore " + source.uris()
            + "; check 'tables' in the config"));
    TableFormats.foreign(found).ifPresent(format -> {
      throw new SyncRefusedException("source table " + name + " is " + format.format() + " (" + format.evidence()
          + "); partsync copies Hive tables of plain files, and a copy of this one's would not be a working"
          + " replica, so replicate it with " + format.instead() + " and leave it out of 'tables'");
    });
    if (found.isView()) {
      throw new SyncRefusedException("source table " + name + " is a view (" + found.tableType()
          + "); views have no files to copy, so sync the tables it reads instead");
    }
    if (found.isTransactional()) {
      throw new SyncRefusedException("source table " + name + " is a transactional (ACID) table; its delta"
          + " files and write ids cannot be copied as plain files, so replicate it with Hive REPL instead");
    }
    if (found.location() == null) {
      throw new SyncRefusedException("source table " + name + " has no location in the source metastore");
    }
    return found;
  }
}
