package io.partsync.metastore;

import io.partsync.select.PartitionFilter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link Metastore} over maps, for tests of the stages above the metastore without a Thrift server. It
 * answers as the real server does where partsync depends on it, which {@code MetastoreContractTest} checks
 * against a real Hive 2.3 metastore: names of databases, tables and columns lower-cased; a missing table an
 * empty {@link Optional} where the real client gives one and a {@link MetastoreException} elsewhere; a
 * table or partition without a location placed under its database's or table's; {@code
 * transient_lastDdlTime} set on what is created; partitions listed sorted by name; adding a partition that
 * exists fails the whole call; dropping a missing one is skipped.
 *
 * <p>The filtered listing evaluates the filter with partsync's own {@link PartitionFilter}, which reads the
 * metastore's syntax, and refuses (an {@link IllegalArgumentException}) a key that is not a partition key
 * or not of type {@code string}, as the embedded Hive 2.3 server does. It accepts syntax Hive does not (IN
 * lists, for one), which partsync never pushes, and treats Hive's default partition
 * ({@code __HIVE_DEFAULT_PARTITION__}) as NULL where Hive compares the value as stored. Neither matters to
 * partsync: the metastore only has to return a superset of what the filter selects, and the planner
 * evaluates the whole filter again on what comes back; only the number of partitions "the metastore sent"
 * in its report can differ from Hive's.
 *
 * <p>A test seeds it with {@link #withTable}, inspects what was written with {@link #table},
 * {@link #partitions}, {@link #databaseLocations} and {@link #calls}, and makes a named call fail with
 * {@link #failOn}. Calls are serialized, as the planner reads both sides at once.
 */
public final class InMemoryMetastore implements Metastore {
  public static final String DEFAULT_WAREHOUSE = "hdfs://memory:8020/user/hive/warehouse";

  private final String uris;
  private final String warehouse;
  private final Map<String, String> databases = new TreeMap<>();
  private final Map<String, InMemoryTable> tables = new TreeMap<>();
  private final MetastoreCalls calls = new MetastoreCalls();

  /** An empty metastore with only the {@code default} database, at {@link #DEFAULT_WAREHOUSE}. */
  public InMemoryMetastore() {
    this("memory://metastore", DEFAULT_WAREHOUSE);
  }

  /** An empty metastore answering to {@code uris} with only the {@code default} database, at {@code warehouse}. */
  public InMemoryMetastore(String uris, String warehouse) {
    this.uris = uris;
    this.warehouse = trim(warehouse);
    databases.put("default", this.warehouse);
  }

  // ---- for tests: seeding, inspecting, failing -------------------------------------------------------

  /**
   * Seeds a table (and its database, in the warehouse, when missing) with partitions, as
   * {@link #createTable} and {@link #addPartitions} would, without recording calls or failing.
   */
  public synchronized InMemoryMetastore withTable(HiveTable table, HivePartition... partitions) {
    databases.putIfAbsent(lower(table.database()), warehouse + "/" + lower(table.database()) + ".db");
    create(table).add("add_partitions " + table.qualifiedName(), List.of(partitions));
    return this;
  }

  /** The table as stored now, without recording a call. */
  public synchronized Optional<HiveTable> table(String database, String table) {
    return Optional.ofNullable(tables.get(key(database, table))).map(InMemoryTable::table);
  }

  /** The table's partitions as stored now, by name, sorted; none for a missing table. */
  public synchronized Map<String, HivePartition> partitions(String database, String table) {
    InMemoryTable stored = tables.get(key(database, table));
    return stored == null ? Map.of() : stored.partitions();
  }

  /** Every database's location, by name. */
  public synchronized Map<String, String> databaseLocations() {
    return new TreeMap<>(databases);
  }

  /**
   * The calls made through {@link Metastore} so far, in order, each as its method name followed by the
   * table (or database) it was about, if any: {@code "addPartitions sales.orders"}, {@code "listDatabases"}.
   */
  public synchronized List<String> calls() {
    return calls.made();
  }

  /** Makes every later call of the {@link Metastore} method {@code method} throw {@code failure}. */
  public synchronized InMemoryMetastore failOn(String method, RuntimeException failure) {
    return failOn(method, 0, failure);
  }

  /**
   * As {@link #failOn(String, RuntimeException)}, after the next {@code passing} calls of it succeed. A
   * failing call changes nothing, as a call the real metastore refuses; it is still recorded.
   */
  public synchronized InMemoryMetastore failOn(String method, int passing, RuntimeException failure) {
    calls.failOn(method, passing, failure);
    return this;
  }

  /** Lets every call succeed again. */
  public synchronized void clearFailures() {
    calls.clearFailures();
  }

  // ---- Metastore -----------------------------------------------------------------------------------------

  @Override
  public String uris() {
    return uris;
  }

  @Override
  public synchronized List<String> listDatabases() {
    calls.enter("listDatabases", null);
    return List.copyOf(databases.keySet());
  }

  @Override
  public synchronized List<String> listTables(String database) {
    calls.enter("listTables", database);
    String prefix = lower(database) + ".";
    return tables.keySet().stream().filter(name -> name.startsWith(prefix))
        .map(name -> name.substring(prefix.length())).toList();
  }

  @Override
  public synchronized Optional<String> databaseLocation(String database) {
    calls.enter("databaseLocation", database);
    return Optional.ofNullable(databases.get(lower(database)));
  }

  @Override
  public synchronized String createDatabase(String database, String description, String location) {
    calls.enter("createDatabase", database);
    String name = lower(database);
    if (databases.containsKey(name)) {
      throw failed(uris, "create_database " + database, "Database " + name + " already exists");
    }
    String placed = location == null ? warehouse + "/" + name + ".db" : trim(location);
    databases.put(name, placed);
    return placed;
  }

  @Override
  public synchronized Optional<HiveTable> findTable(String database, String table) {
    calls.enter("findTable", database + "." + table);
    return table(database, table);
  }

  @Override
  public synchronized Map<String, String> tableLocations() {
    calls.enter("tableLocations", null);
    Map<String, String> locations = new TreeMap<>();
    tables.forEach((name, stored) -> {
      if (stored.table().location() != null) {
        locations.put(name, stored.table().location());
      }
    });
    return locations;
  }

  @Override
  public synchronized void createTable(HiveTable table) {
    calls.enter("createTable", table.qualifiedName());
    create(table);
  }

  @Override
  public synchronized void setTableParameters(String database, String table, Map<String, String> parameters) {
    calls.enter("setTableParameters", database + "." + table);
    existing("alter_table", database, table).setParameters(parameters);
  }

  @Override
  public synchronized void alterTable(HiveTable table) {
    calls.enter("alterTable", table.qualifiedName());
    existing("alter_table", table.database(), table.name()).alter(table);
  }

  @Override
  public synchronized void setTableLocation(String database, String table, String location,
      Map<String, String> parameters, java.util.Set<String> removed) {
    calls.enter("setTableLocation", database + "." + table);
    existing("alter_table", database, table).setLocation(location, parameters, removed);
  }

  @Override
  public synchronized void replaceView(HiveTable view) {
    calls.enter("replaceView", view.qualifiedName());
    InMemoryTable existing = existing("alter_table", view.database(), view.name());
    if (!existing.table().isView()) {
      throw failed(uris, "alter_table", view.qualifiedName() + " is a " + existing.table().tableType()
          + ", not a view");
    }
    tables.put(key(view.database(), view.name()), new InMemoryTable(uris(), view, null));
  }

  @Override
  public synchronized void setSerdeParameters(String database, String table, Map<String, String> parameters) {
    calls.enter("setSerdeParameters", database + "." + table);
    existing("alter_table", database, table).setSerdeParameters(parameters);
  }

  @Override
  public synchronized List<String> listPartitionNames(String database, String table) {
    calls.enter("listPartitionNames", database + "." + table);
    return List.copyOf(existing("get_partition_names", database, table).partitions().keySet());
  }

  @Override
  public synchronized boolean hasPartitions(String database, String table) {
    calls.enter("hasPartitions", database + "." + table);
    return !existing("get_partition_names", database, table).partitions().isEmpty();
  }

  @Override
  public synchronized List<PartitionSummary> listPartitionSummaries(String database, String table) {
    calls.enter("listPartitionSummaries", database + "." + table);
    return existing("get_partitions_pspec", database, table).summaries();
  }

  @Override
  public synchronized List<PartitionSummary> listPartitionSummaries(String database, String table, String filter) {
    calls.enter("listPartitionSummaries", database + "." + table);
    String operation = "get_part_specs_by_filter " + database + "." + table + " (" + filter + ")";
    try {
      return existing(operation, database, table).summaries(operation, filter);
    } catch (MetastoreException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public synchronized List<HivePartition> getPartitions(String database, String table, List<String> names) {
    calls.enter("getPartitions", database + "." + table);
    return existing("get_partitions_by_names", database, table).get(names);
  }

  @Override
  public synchronized void addPartitions(String database, String table, List<HivePartition> partitions) {
    calls.enter("addPartitions", database + "." + table);
    String operation = "add_partitions " + database + "." + table;
    InMemoryTable stored = tables.get(key(database, table));
    if (stored == null) {
      throw failed(uris, operation, "Unable to add partitions because database or table " + database + "." + table
          + " does not exist");
    }
    stored.add(operation, partitions);
  }

  @Override
  public synchronized void alterPartitions(String database, String table, List<HivePartition> partitions) {
    calls.enter("alterPartitions", database + "." + table);
    String operation = "alter_partitions " + database + "." + table;
    InMemoryTable stored = tables.get(key(database, table));
    if (stored == null) {
      throw failed(uris, operation, "Unable to alter partitions because table or database does not exist.");
    }
    stored.alter(operation, partitions);
  }

  @Override
  public synchronized void dropPartitions(String database, String table, List<String> names) {
    calls.enter("dropPartitions", database + "." + table);
    InMemoryTable stored = tables.get(key(database, table));
    if (stored != null) {
      stored.drop(names);
    }
  }

  @Override
  public synchronized List<ColumnStats> getTableColumnStatistics(String database, String table, List<String> columns) {
    calls.enter("getTableColumnStatistics", database + "." + table);
    return existing("get_table_statistics_req", database, table).tableStats(columns);
  }

  @Override
  public synchronized Map<String, List<ColumnStats>> getPartitionColumnStatistics(String database, String table,
      List<String> names, List<String> columns) {
    calls.enter("getPartitionColumnStatistics", database + "." + table);
    return existing("get_partitions_statistics_req", database, table).partitionStats(names, columns);
  }

  @Override
  public synchronized void setTableColumnStatistics(String database, String table, List<ColumnStats> statistics) {
    calls.enter("setTableColumnStatistics", database + "." + table);
    existing("set_aggr_stats_for", database, table).setTableStats(statistics);
  }

  @Override
  public synchronized void setPartitionColumnStatistics(String database, String table,
      Map<String, List<ColumnStats>> statistics) {
    calls.enter("setPartitionColumnStatistics", database + "." + table);
    String operation = "set_aggr_stats_for " + database + "." + table;
    existing(operation, database, table).setPartitionStats(operation, statistics);
  }

  @Override
  public synchronized void deletePartitionColumnStatistics(String database, String table, List<String> names) {
    calls.enter("deletePartitionColumnStatistics", database + "." + table);
    String operation = "delete_partition_column_statistics " + database + "." + table;
    existing(operation, database, table).deletePartitionStats(operation, names);
  }

  @Override
  public synchronized void close() {
    calls.enter("close", null);
  }

  /** A refusal, worded as the real client words one. */
  static MetastoreException failed(String uris, String operation, String reason) {
    return new MetastoreException("in-memory metastore " + uris + ": " + operation + " failed: " + reason, null);
  }

  private InMemoryTable create(HiveTable table) {
    String operation = "create_table " + table.qualifiedName();
    String database = lower(table.database());
    if (!databases.containsKey(database)) {
      throw failed(uris, operation, table.database());
    }
    String key = key(table.database(), table.name());
    if (tables.containsKey(key)) {
      throw failed(uris, operation, "Table " + table.name() + " already exists");
    }
    InMemoryTable created = new InMemoryTable(uris, table, databases.get(database));
    tables.put(key, created);
    return created;
  }

  private InMemoryTable existing(String operation, String database, String table) {
    InMemoryTable stored = tables.get(key(database, table));
    if (stored == null) {
      throw failed(uris, operation, lower(database) + "." + lower(table) + " table not found");
    }
    return stored;
  }

  private static String key(String database, String table) {
    return lower(database) + "." + lower(table);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private static String trim(String location) {
    return location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
  }
}
