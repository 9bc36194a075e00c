package io.partsync.metastore;

import io.partsync.select.PartitionFilter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hive.common.FileUtils;
import org.apache.hadoop.hive.common.StatsSetupConst;

/**
 * One table of {@link InMemoryMetastore} with its partitions by name, kept as a Hive 2.3 metastore keeps
 * them: names lower-cased, a location for every table but a view and for every partition, a DDL time, the
 * type in step with the {@code EXTERNAL} parameter. Errors name the operation as the real client does.
 */
final class InMemoryTable {
  private static final String DDL_TIME = "transient_lastDdlTime";

  private final String uris;
  private HiveTable table;
  private final TreeMap<String, HivePartition> partitions = new TreeMap<>();
  private final Map<String, ColumnStats> tableStats = new TreeMap<>();
  private final Map<String, Map<String, ColumnStats>> partitionStats = new HashMap<>();

  /** {@code defined} as the metastore stores it, in a database at {@code databaseLocation}. */
  InMemoryTable(String uris, HiveTable defined, String databaseLocation) {
    this.uris = uris;
    String name = lower(defined.name());
    String location = defined.location() != null || defined.isView() ? defined.location()
        : databaseLocation + "/" + name;
    Map<String, String> parameters = new HashMap<>(defined.parameters());
    parameters.putIfAbsent(DDL_TIME, now());
    this.table = new HiveTable(lower(defined.database()), name, defined.owner(), tableType(defined), location,
        lower(defined.columns()), lower(defined.partitionKeys()), defined.storage(), parameters,
        defined.viewOriginalText(), defined.viewExpandedText());
  }

  HiveTable table() {
    return table;
  }

  /** The partitions by name, sorted. */
  Map<String, HivePartition> partitions() {
    return new LinkedHashMap<>(partitions);
  }

  void setParameters(Map<String, String> added) {
    Map<String, String> merged = new HashMap<>(table.parameters());
    merged.putAll(added);
    table = new HiveTable(table.database(), table.name(), table.owner(), table.tableType(), table.location(),
        table.columns(), table.partitionKeys(), table.storage(), merged, table.viewOriginalText(),
        table.viewExpandedText());
  }

  void setSerdeParameters(Map<String, String> added) {
    io.partsync.metastore.Storage s = table.storage();
    Map<String, String> merged = new HashMap<>(s.serdeParameters());
    merged.putAll(added);
    io.partsync.metastore.Storage storage = new io.partsync.metastore.Storage(s.inputFormat(), s.outputFormat(),
        s.serdeLibrary(), merged, s.compressed(), s.numBuckets(), s.bucketColumns(), s.sortColumns(),
        s.storedAsSubDirectories(), s.parameters());
    table = new HiveTable(table.database(), table.name(), table.owner(), table.tableType(), table.location(),
        table.columns(), table.partitionKeys(), storage, table.parameters(), table.viewOriginalText(),
        table.viewExpandedText());
  }

  /** Columns, owner, storage and parameters replaced; partitions untouched, as without CASCADE. */
  void alter(HiveTable altered) {
    Map<String, String> parameters = new HashMap<>(altered.parameters());
    parameters.putIfAbsent(DDL_TIME, now());
    table = new HiveTable(table.database(), table.name(), altered.owner(), table.tableType(), table.location(),
        lower(altered.columns()), table.partitionKeys(), altered.storage(), parameters);
  }

  /** Points the table at {@code location}, its {@code path} serde parameter too when it has one. */
  void setLocation(String location, Map<String, String> added, java.util.Set<String> removed) {
    Map<String, String> merged = new HashMap<>(table.parameters());
    merged.keySet().removeAll(removed);
    merged.putAll(added);
    Storage storage = table.storage();
    if (storage.serdeParameters().containsKey("path")) {
      Map<String, String> serde = new HashMap<>(storage.serdeParameters());
      serde.put("path", location);
      storage = new Storage(storage.inputFormat(), storage.outputFormat(), storage.serdeLibrary(), serde,
          storage.compressed(), storage.numBuckets(), storage.bucketColumns(), storage.sortColumns(),
          storage.storedAsSubDirectories(), storage.parameters());
    }
    table = new HiveTable(table.database(), table.name(), table.owner(), table.tableType(), location,
        table.columns(), table.partitionKeys(), storage, merged);
  }

  List<PartitionSummary> summaries() {
    return partitions.values().stream().map(InMemoryTable::summary).toList();
  }

  /** The partitions the metastore filter selects; one the real metastore refuses is a MetastoreException. */
  List<PartitionSummary> summaries(String operation, String filter) {
    Map<String, String> types = new LinkedHashMap<>();
    table.partitionKeys().forEach(key -> types.put(key.name(), key.type().toLowerCase(Locale.ROOT)));
    PartitionFilter parsed = parse(operation, filter, types);
    return partitions.values().stream().filter(p -> parsed.matches(values(p.values()), types))
        .map(InMemoryTable::summary).toList();
  }

  List<HivePartition> get(List<String> names) {
    return names.stream().filter(partitions::containsKey).map(partitions::get).toList();
  }

  /** Adds all or, when one of them cannot be added, none, as one add_partitions call does. */
  void add(String operation, List<HivePartition> added) {
    Map<String, HivePartition> byName = new LinkedHashMap<>();
    for (HivePartition partition : added) {
      String name = name(operation, partition.values());
      if (partitions.containsKey(name) || byName.containsKey(name)) {
        throw InMemoryMetastore.failed(uris, operation, "Partition already exists: " + partition.values());
      }
      byName.put(name, stored(partition));
    }
    partitions.putAll(byName);
  }

  /** Replaces all or, when one of them does not exist, none. */
  void alter(String operation, List<HivePartition> altered) {
    Map<String, HivePartition> byName = new LinkedHashMap<>();
    for (HivePartition partition : altered) {
      String name = name(operation, partition.values());
      if (!partitions.containsKey(name)) {
        throw InMemoryMetastore.failed(uris, operation,
            "Alter partition operation failed: NoSuchObjectException(message:partition values=" + partition.values()
                + ")");
      }
      byName.put(name, stored(partition));
    }
    partitions.putAll(byName);
  }

  void drop(List<String> names) {
    names.forEach(partitions::remove);
    names.forEach(partitionStats::remove);
  }

  List<ColumnStats> tableStats(List<String> columns) {
    return columns.stream().map(c -> tableStats.get(lower(c))).filter(java.util.Objects::nonNull).toList();
  }

  Map<String, List<ColumnStats>> partitionStats(List<String> names, List<String> columns) {
    Map<String, List<ColumnStats>> byName = new LinkedHashMap<>();
    for (String name : names) {
      Map<String, ColumnStats> stored = partitionStats.getOrDefault(name, Map.of());
      List<ColumnStats> found = columns.stream().map(c -> stored.get(lower(c))).filter(java.util.Objects::nonNull)
          .toList();
      if (!found.isEmpty()) {
        byName.put(name, found);
      }
    }
    return byName;
  }

  /** Replaces the columns' statistics and marks them accurate, as Hive's {@code ObjectStore} does. */
  void setTableStats(List<ColumnStats> statistics) {
    statistics.forEach(s -> tableStats.put(s.column(), s));
    Map<String, String> parameters = new HashMap<>(table.parameters());
    StatsSetupConst.setColumnStatsState(parameters, statistics.stream().map(ColumnStats::column).toList());
    table = new HiveTable(table.database(), table.name(), table.owner(), table.tableType(), table.location(),
        table.columns(), table.partitionKeys(), table.storage(), parameters);
  }

  /** All or, when one partition does not exist, none. */
  void setPartitionStats(String operation, Map<String, List<ColumnStats>> statistics) {
    statistics.keySet().forEach(name -> existingPartition(operation, name));
    statistics.forEach((name, stats) -> {
      if (stats.isEmpty()) {
        return;
      }
      stats.forEach(s -> partitionStats.computeIfAbsent(name, n -> new TreeMap<>()).put(s.column(), s));
      HivePartition partition = partitions.get(name);
      Map<String, String> parameters = new HashMap<>(partition.parameters());
      StatsSetupConst.setColumnStatsState(parameters, stats.stream().map(ColumnStats::column).toList());
      partitions.put(name, new HivePartition(partition.values(), partition.location(), partition.columns(),
          partition.storage(), parameters));
    });
  }

  /** Removes the partitions' statistics; Hive leaves their {@code COLUMN_STATS_ACCURATE} as it is. */
  void deletePartitionStats(String operation, List<String> names) {
    names.forEach(name -> existingPartition(operation, name));
    names.forEach(partitionStats::remove);
  }

  private void existingPartition(String operation, String name) {
    if (!partitions.containsKey(name)) {
      throw InMemoryMetastore.failed(uris, operation, "Partition " + name + " does not exist");
    }
  }

  /** The partition as the metastore keeps it: columns lower-cased, a location, a DDL time. */
  private HivePartition stored(HivePartition partition) {
    String location = partition.location() != null ? partition.location()
        : table.location() + "/" + FileUtils.makePartName(table.partitionKeyNames(), partition.values());
    Map<String, String> parameters = new HashMap<>(partition.parameters());
    parameters.putIfAbsent(DDL_TIME, now());
    return new HivePartition(partition.values(), location, lower(partition.columns()), partition.storage(),
        parameters);
  }

  /** Hive keeps the table type and the {@code EXTERNAL} parameter in step, as its {@code ObjectStore} does. */
  private static String tableType(HiveTable table) {
    boolean external = "TRUE".equals(table.parameters().get("EXTERNAL"));
    if ("MANAGED_TABLE".equals(table.tableType()) && external) {
      return "EXTERNAL_TABLE";
    }
    if ("EXTERNAL_TABLE".equals(table.tableType()) && !external) {
      return "MANAGED_TABLE";
    }
    return table.tableType();
  }

  /** The filter, refused where Hive 2.3 refuses it: keys that are not partition keys or not strings. */
  private PartitionFilter parse(String operation, String filter, Map<String, String> types) {
    PartitionFilter parsed;
    try {
      parsed = PartitionFilter.parse(filter);
    } catch (IllegalArgumentException e) {
      throw InMemoryMetastore.failed(uris, operation, "Error parsing partition filter; " + e.getMessage());
    }
    for (String key : parsed.keys()) {
      if (!types.containsKey(key)) {
        throw InMemoryMetastore.failed(uris, operation,
            "Specified key <" + key + "> is not a partitioning key for the table");
      }
      if (!"string".equals(types.get(key))) {
        throw InMemoryMetastore.failed(uris, operation, "Filtering is supported only on partition keys of type string");
      }
    }
    return parsed;
  }

  private String name(String operation, List<String> values) {
    if (values.size() != table.partitionKeys().size()) {
      throw InMemoryMetastore.failed(uris, operation, "partition values " + values
          + " do not match the partition keys " + table.partitionKeyNames() + " of " + table.qualifiedName());
    }
    return FileUtils.makePartName(table.partitionKeyNames(), values);
  }

  private Map<String, String> values(List<String> values) {
    Map<String, String> byKey = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      byKey.put(table.partitionKeyNames().get(i), values.get(i));
    }
    return byKey;
  }

  private static PartitionSummary summary(HivePartition partition) {
    return new PartitionSummary(partition.values(), partition.location(), partition.parameters());
  }

  private static List<Column> lower(List<Column> columns) {
    return columns.stream().map(c -> new Column(lower(c.name()), c.type(), c.comment())).toList();
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String now() {
    return Long.toString(System.currentTimeMillis() / 1000);
  }
}
