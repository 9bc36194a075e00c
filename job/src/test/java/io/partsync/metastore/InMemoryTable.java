package io.partsync.metastore;

import io.partsync.select.PartitionFilter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.hive.common.FileUtils;

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
