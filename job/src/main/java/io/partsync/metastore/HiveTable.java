package io.partsync.metastore;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A table or view as partsync needs to know it, read from or written to a metastore. A view has no
 * location and keeps its query twice: as written ({@code viewOriginalText}) and as Hive expanded it, every
 * name qualified and quoted ({@code viewExpandedText}); both are null for a table.
 */
public record HiveTable(
    String database,
    String name,
    String owner,
    String tableType,
    String location,
    List<Column> columns,
    List<Column> partitionKeys,
    Storage storage,
    Map<String, String> parameters,
    String viewOriginalText,
    String viewExpandedText) {

  public HiveTable {
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
    parameters = Map.copyOf(parameters);
  }

  /** A table, which has no view texts. */
  public HiveTable(String database, String name, String owner, String tableType, String location,
      List<Column> columns, List<Column> partitionKeys, Storage storage, Map<String, String> parameters) {
    this(database, name, owner, tableType, location, columns, partitionKeys, storage, parameters, null, null);
  }

  public TableName tableName() {
    return new TableName(database, name);
  }

  /** db.table. */
  public String qualifiedName() {
    return tableName().qualified();
  }

  public boolean isView() {
    return tableType != null && tableType.toUpperCase(Locale.ROOT).contains("VIEW");
  }

  /** ACID tables keep delta directories and write ids that a file copy cannot carry over. */
  public boolean isTransactional() {
    return "true".equalsIgnoreCase(parameters.getOrDefault("transactional", ""));
  }

  public List<String> partitionKeyNames() {
    return partitionKeys.stream().map(Column::name).toList();
  }
}
