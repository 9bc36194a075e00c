package io.partsync.metastore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.Warehouse;
import org.apache.hadoop.hive.metastore.api.ColumnStatistics;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsDesc;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.GetTablesRequest;
import org.apache.hadoop.hive.metastore.api.InvalidOperationException;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.SetPartitionsStatsRequest;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place partsync talks to a Hive Metastore over Thrift. It speaks partsync's own records, sends
 * partitions in batches, and reconnects and retries when the connection breaks (see
 * {@link MetastoreConnection}); every error names the metastore URI and the table.
 */
public final class MetastoreClient implements Metastore {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreClient.class);
  /**
   * Partitions of a table beyond which its summaries are read page by page. One spec listing sends them all
   * in one Thrift message: at about 800 bytes a replica partition (partsync's parameters and Hive's), 100,000
   * of them come near Thrift's 100 MB message limit, and the client holds the whole answer as Thrift
   * objects while converting it.
   */
  static final int SPEC_LISTING_LIMIT = 10_000;

  private final MetastoreConnection connection;
  private final int batchSize;
  private final int specListingLimit;

  private MetastoreClient(MetastoreConnection connection, int batchSize, int specListingLimit) {
    this.connection = connection;
    this.batchSize = batchSize;
    this.specListingLimit = specListingLimit;
  }

  /** This client, on the same connection, reading tables of more than {@code limit} partitions page by page. */
  MetastoreClient withSpecListingLimit(int limit) {
    return new MetastoreClient(connection, batchSize, limit);
  }

  /**
   * Connects to the metastore at {@code uris}, with {@code properties} (Hadoop/Hive settings of that
   * cluster) applied; fails with {@link MetastoreUnavailableException} after the configured attempts.
   */
  public static MetastoreClient connect(String role, List<String> uris, Map<String, String> properties,
      MetastoreSettings settings) {
    return connect(role, uris, properties, settings, settings.timeout(), null);
  }

  /**
   * As {@link #connect(String, List, Map, MetastoreSettings)}, with the connection and its first call
   * bounded by {@code connectTimeout} rather than the (longer) timeout of later calls, so a server that
   * accepts connections and never answers fails the run in seconds; {@code catalog} is the catalog the config
   * names (null: the server's default), which must be the server's default catalog.
   */
  public static MetastoreClient connect(String role, List<String> uris, Map<String, String> properties,
      MetastoreSettings settings, Duration connectTimeout, String catalog) {
    return new MetastoreClient(MetastoreConnection.open(role, uris, properties, settings, connectTimeout, catalog),
        settings.batchSize(), SPEC_LISTING_LIMIT);
  }

  /** What the server is, as probed when connecting. */
  public MetastoreDialect dialect() {
    return connection.dialect();
  }

  @Override
  public String uris() {
    return connection.uris();
  }

  @Override
  public Optional<HiveTable> findTable(String database, String table) {
    return connection.call(on(tableCall(), database, table), c -> {
      try {
        return Optional.of(ThriftTypes.table(getTable(c, database, table)));
      } catch (NoSuchObjectException e) {
        return Optional.empty();
      }
    });
  }

  private String tableCall() {
    return connection.dialect().tableRequests() ? "get_table_req" : "get_table";
  }

  /** With {@code get_table_req}, which every version since 2.3 answers, else with {@code get_table}. */
  private Table getTable(IMetaStoreClient client, String database, String table) throws TException {
    if (connection.dialect().tableRequests()) {
      try {
        return HiveThrift.getTable(client, database, table);
      } catch (TApplicationException e) {
        refusedRequestForm(e);
      }
    }
    return client.getTable(database, table);
  }

  private List<Table> getTables(IMetaStoreClient client, String database, List<String> names) throws TException {
    if (connection.dialect().tableRequests()) {
      GetTablesRequest request = new GetTablesRequest(database);
      request.setTblNames(names);
      try {
        return HiveThrift.of(client).get_table_objects_by_name_req(request).getTables();
      } catch (TApplicationException e) {
        refusedRequestForm(e);
      }
    }
    return client.getTableObjectsByName(database, names);
  }

  /** A server that does not know a request form gets the plain calls; any other error stands. */
  private void refusedRequestForm(TApplicationException e) throws TApplicationException {
    if (e.getType() != TApplicationException.UNKNOWN_METHOD) {
      throw e;
    }
    connection.usePlainTableCalls();
  }

  @Override
  public Optional<String> databaseLocation(String database) {
    return connection.call("get_database " + database, c -> {
      try {
        return Optional.of(c.getDatabase(database).getLocationUri());
      } catch (NoSuchObjectException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public String createDatabase(String database, String description, String location) {
    connection.call("create_database " + database, c -> {
      c.createDatabase(new Database(database, description, location, null));
      return null;
    });
    return databaseLocation(database).orElseThrow();
  }

  /** One call per database to name its tables and one per hundred tables to fetch them. */
  @Override
  public Map<String, String> tableLocations() {
    Map<String, String> locations = new TreeMap<>();
    for (String database : listDatabases()) {
      List<String> names = listTables(database);
      for (int from = 0; from < names.size(); from += 100) {
        List<String> batch = names.subList(from, Math.min(names.size(), from + 100));
        List<Table> tables = connection.call((connection.dialect().tableRequests()
            ? "get_table_objects_by_name_req " : "get_table_objects_by_name ") + database,
            c -> getTables(c, database, batch));
        for (Table table : tables) {
          if (table.getSd() != null && table.getSd().getLocation() != null) {
            locations.put(new TableName(table.getDbName(), table.getTableName()).qualified(),
                table.getSd().getLocation());
          }
        }
      }
    }
    return locations;
  }

  @Override
  public void createTable(HiveTable table) {
    connection.call("create_table " + table.qualifiedName(), c -> {
      c.createTable(ThriftTypes.table(table));
      return null;
    });
  }

  @Override
  public List<String> listPartitionNames(String database, String table) {
    return partitionNames(database, table, (short) -1);
  }

  @Override
  public boolean hasPartitions(String database, String table) {
    return !partitionNames(database, table, (short) 1).isEmpty();
  }

  /** Hive 4 answers a missing table with no names where 2.3 and 3.1 fail: none is checked to be a table. */
  private List<String> partitionNames(String database, String table, short max) {
    List<String> names = connection.call(on("get_partition_names", database, table),
        c -> c.listPartitionNames(database, table, max));
    if (names.isEmpty() && findTable(database, table).isEmpty()) {
      throw new MetastoreException(connection.role() + " metastore " + connection.uris() + ": get_partition_names "
          + new TableName(database, table) + " failed: no such table", null);
    }
    return names;
  }

  @Override
  public List<String> listDatabases() {
    return connection.call("get_all_databases", IMetaStoreClient::getAllDatabases);
  }

  @Override
  public List<String> listTables(String database) {
    return connection.call("get_all_tables " + database, c -> c.getAllTables(database));
  }

  /**
   * Asked for as partition specs: the metastore sends the storage descriptor once per group of partitions
   * that share it, not once per partition, which on a table of thousands of partitions is several times
   * faster than fetching full partitions.
   */
  @Override
  public List<PartitionSummary> listPartitionSummaries(String database, String table) {
    // The names first, one light call: a first spec listing cut at the limit cost a quarter of the read of
    // a table of 100,000 partitions, only to learn that it is large.
    List<String> names = listPartitionNames(database, table);
    if (names.size() > specListingLimit) {
      return pagedSummaries(database, table, names);
    }
    return connection.call(on("get_partitions_pspec", database, table),
        c -> ThriftTypes.summaries(c.listPartitionSpecs(database, table, -1).getPartitionIterator()));
  }

  /**
   * A large table's summaries, by name in pages of the batch size: each page one bounded message, converted
   * and let go of before the next. Sorted by name as the spec listing is; the metastore answers a page in
   * no particular order. A partition dropped after its name was listed is left out, as in one listing later.
   */
  private List<PartitionSummary> pagedSummaries(String database, String table, List<String> names) {
    Canonical canonical = new Canonical();
    List<PartitionSummary> summaries = new ArrayList<>(names.size());
    for (List<String> page : batches(names)) {
      List<Partition> fetched = connection.call(on("get_partitions_by_names", database, table),
          c -> c.getPartitionsByNames(database, table, page));
      Map<List<String>, PartitionSummary> byValues = new HashMap<>();
      for (PartitionSummary summary : ThriftTypes.summaries(fetched.iterator(), canonical)) {
        byValues.put(summary.values(), summary);
      }
      for (String name : page) {
        PartitionSummary summary = byValues.get(partitionValues(name));
        if (summary != null) {
          summaries.add(summary);
        }
      }
    }
    LOG.info("{} metastore {}: read the {} partitions of {} in {} pages", connection.role(), connection.uris(),
        summaries.size(), new TableName(database, table), (names.size() + batchSize - 1) / batchSize);
    return summaries;
  }

  /** A partition name's values, unescaped as Hive escapes them in names. */
  private static List<String> partitionValues(String name) {
    try {
      return Warehouse.getPartValuesFromPartName(name);
    } catch (MetaException e) {
      throw new IllegalStateException("the metastore named a partition '" + name + "', which is not k=v/...", e);
    }
  }

  /** Any error the metastore answers the filtered listing with is taken as a refusal of the filter. */
  @Override
  public List<PartitionSummary> listPartitionSummaries(String database, String table, String filter) {
    String operation = on("get_part_specs_by_filter", database, table) + " (" + filter + ")";
    try {
      return connection.call(operation,
          c -> ThriftTypes.summaries(
              c.listPartitionSpecsByFilter(database, table, filter, -1).getPartitionIterator()));
    } catch (MetastoreException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Fetched in batches of the configured size. */
  @Override
  public List<HivePartition> getPartitions(String database, String table, List<String> names) {
    List<HivePartition> partitions = new ArrayList<>();
    Canonical canonical = new Canonical();
    for (List<String> batch : batches(names)) {
      List<Partition> fetched = connection.call(on("get_partitions_by_names", database, table),
          c -> c.getPartitionsByNames(database, table, batch));
      fetched.forEach(p -> partitions.add(ThriftTypes.partition(p, canonical)));
    }
    return partitions;
  }

  /**
   * Added in batches of the configured size, each checked to have added every partition asked for; a
   * failed batch leaves the batches before it added.
   */
  @Override
  public void addPartitions(String database, String table, List<HivePartition> partitions) {
    for (List<HivePartition> batch : batches(partitions)) {
      List<Partition> thrift = batch.stream().map(p -> ThriftTypes.partition(database, table, p)).toList();
      List<Partition> added = connection.call(on("add_partitions", database, table),
          c -> c.add_partitions(thrift, false, true));
      if (added == null || added.size() != thrift.size()) {
        throw new MetastoreException(connection.role() + " metastore " + connection.uris() + " added "
            + (added == null ? 0 : added.size()) + " of " + thrift.size() + " partitions to "
            + new TableName(database, table), null);
      }
    }
  }

  /** Altered in batches of the configured size, telling the metastore not to recompute statistics. */
  @Override
  public void alterPartitions(String database, String table, List<HivePartition> partitions) {
    EnvironmentContext keepStats = new EnvironmentContext(Map.of("DO_NOT_UPDATE_STATS", "true"));
    for (List<HivePartition> batch : batches(partitions)) {
      List<Partition> thrift = batch.stream().map(p -> ThriftTypes.partition(database, table, p)).toList();
      connection.call(on("alter_partitions", database, table), c -> {
        c.alter_partitions(database, table, thrift, keepStats);
        return null;
      });
    }
  }

  /** One call per partition. */
  @Override
  public void dropPartitions(String database, String table, List<String> names) {
    for (String name : names) {
      connection.call(on("drop_partition", database, table) + " " + name, c -> {
        try {
          return c.dropPartition(database, table, name, false);
        } catch (NoSuchObjectException e) {
          return false;
        }
      });
    }
  }

  @Override
  public void setTableParameters(String database, String table, Map<String, String> parameters) {
    alter(database, table, thrift -> {
      thrift.getParameters().putAll(parameters);
      return thrift;
    });
  }

  /** What partsync's records do not hold (create time, privileges, ...) stays as it is; no CASCADE. */
  @Override
  public void alterTable(HiveTable table) {
    alter(table.database(), table.name(), thrift -> {
      ThriftTypes.update(thrift, table);
      return thrift;
    });
  }

  /** The view is checked in the same attempt as the alter, so a table is never altered into one. */
  @Override
  public void replaceView(HiveTable view) {
    alter(view.database(), view.name(), existing -> {
      if (!"VIRTUAL_VIEW".equalsIgnoreCase(existing.getTableType())) {
        throw new InvalidOperationException(view.qualifiedName() + " is a " + existing.getTableType()
            + ", not a view");
      }
      Table replaced = ThriftTypes.table(view);
      replaced.setCreateTime(existing.getCreateTime());
      return replaced;
    });
  }

  @Override
  public void setTableLocation(String database, String table, String location, Map<String, String> parameters,
      Set<String> removed) {
    alter(database, table, thrift -> {
      thrift.getSd().setLocation(location);
      Map<String, String> serde = thrift.getSd().getSerdeInfo() == null ? null
          : thrift.getSd().getSerdeInfo().getParameters();
      if (serde != null && serde.containsKey("path")) {
        serde.put("path", location);
      }
      thrift.getParameters().keySet().removeAll(removed);
      thrift.getParameters().putAll(parameters);
      return thrift;
    });
  }

  @Override
  public void setSerdeParameters(String database, String table, Map<String, String> parameters) {
    alter(database, table, thrift -> {
      SerDeInfo serde = thrift.getSd().getSerdeInfo();
      if (serde.getParameters() == null) {
        serde.setParameters(new HashMap<>());
      }
      serde.getParameters().putAll(parameters);
      return thrift;
    });
  }

  /** A change to a table as the metastore has it now: given the table read, the table to write back. */
  @FunctionalInterface
  private interface TableChange {
    Table apply(Table current) throws TException;
  }

  /**
   * Reads the table and writes the changed one back in one call's attempt, so a retry starts again from
   * what the metastore has, without the metastore recomputing statistics.
   */
  private void alter(String database, String table, TableChange change) {
    connection.call(on("alter_table", database, table), c -> {
      Table changed = change.apply(getTable(c, database, table));
      c.alter_table_with_environmentContext(database, table, changed,
          new EnvironmentContext(Map.of("DO_NOT_UPDATE_STATS", "true")));
      return null;
    });
  }

  /** With {@code get_table_statistics_req}. */
  @Override
  public List<ColumnStats> getTableColumnStatistics(String database, String table, List<String> columns) {
    List<String> known = columnsOf(database, table, columns, "get_table_statistics_req");
    if (known.isEmpty()) {
      return List.of();
    }
    return connection.call(on("get_table_statistics_req", database, table),
        c -> columnStats(c.getTableColumnStatistics(database, table, known)));
  }

  /** With one {@code get_partitions_statistics_req} per batch of the configured size. */
  @Override
  public Map<String, List<ColumnStats>> getPartitionColumnStatistics(String database, String table,
      List<String> names, List<String> columns) {
    Map<String, List<ColumnStats>> byName = new LinkedHashMap<>();
    List<String> asked = columnsOf(database, table, columns, "get_partitions_statistics_req");
    if (asked.isEmpty() || names.isEmpty()) {
      return byName;
    }
    for (List<String> batch : batches(names)) {
      Map<String, List<ColumnStatisticsObj>> read = connection.call(
          on("get_partitions_statistics_req", database, table),
          c -> c.getPartitionColumnStatistics(database, table, batch, asked));
      read.forEach((name, stats) -> {
        List<ColumnStats> known = columnStats(stats);
        if (!known.isEmpty()) {
          byName.put(name, known);
        }
      });
    }
    return byName;
  }

  /** With {@code set_aggr_stats_for}, replacing rather than merging. */
  @Override
  public void setTableColumnStatistics(String database, String table, List<ColumnStats> statistics) {
    if (statistics.isEmpty()) {
      return;
    }
    ColumnStatistics thrift = columnStatistics(new ColumnStatisticsDesc(true, database, table), statistics);
    connection.call(on("set_aggr_stats_for", database, table), c -> {
      // A 2.3 server answers false for a write it did not make without saying why.
      return checked(c.setPartitionColumnStatistics(request(List.of(thrift))), database, table);
    });
  }

  /** With one {@code set_aggr_stats_for} per batch of the configured size, replacing rather than merging. */
  @Override
  public void setPartitionColumnStatistics(String database, String table, Map<String, List<ColumnStats>> statistics) {
    List<ColumnStatistics> all = new ArrayList<>();
    statistics.forEach((name, stats) -> {
      if (!stats.isEmpty()) {
        ColumnStatisticsDesc desc = new ColumnStatisticsDesc(false, database, table);
        desc.setPartName(name);
        all.add(columnStatistics(desc, stats));
      }
    });
    for (List<ColumnStatistics> batch : batches(all)) {
      connection.call(on("set_aggr_stats_for", database, table),
          c -> checked(c.setPartitionColumnStatistics(request(batch)), database, table));
    }
  }

  /** One {@code delete_partition_column_statistics} per partition, for all its columns at once. */
  @Override
  public void deletePartitionColumnStatistics(String database, String table, List<String> names) {
    for (String name : names) {
      connection.call(on("delete_partition_column_statistics", database, table) + " " + name,
          c -> c.deletePartitionColumnStatistics(database, table, name, null));
    }
  }

  private static SetPartitionsStatsRequest request(List<ColumnStatistics> statistics) {
    SetPartitionsStatsRequest request = new SetPartitionsStatsRequest(new ArrayList<>(statistics));
    request.setNeedMerge(false);
    return request;
  }

  private static ColumnStatistics columnStatistics(ColumnStatisticsDesc desc, List<ColumnStats> statistics) {
    return new ColumnStatistics(desc, statistics.stream().map(ThriftTypes::columnStatisticsObj).toList());
  }

  private static List<ColumnStats> columnStats(List<ColumnStatisticsObj> objs) {
    List<ColumnStats> stats = new ArrayList<>();
    for (ColumnStatisticsObj obj : objs == null ? List.<ColumnStatisticsObj>of() : objs) {
      ColumnStats known = ThriftTypes.columnStats(obj);
      if (known != null) {
        stats.add(known);
      }
    }
    return stats;
  }

  private boolean checked(boolean written, String database, String table) {
    if (!written) {
      throw new MetastoreException(connection.role() + " metastore " + connection.uris() + ": set_aggr_stats_for "
          + new TableName(database, table) + " wrote no statistics", null);
    }
    return true;
  }

  /**
   * Those of {@code columns} the table has: Hive 3 and 4 fail a statistics request that names any other (a
   * column dropped since the source's COLUMN_STATS_ACCURATE listed it), where 2.3 leaves it out.
   */
  private List<String> columnsOf(String database, String table, List<String> columns, String call) {
    HiveTable found = findTable(database, table).orElseThrow(() -> noSuchTable(call, database, table));
    Set<String> has = new HashSet<>();
    found.columns().forEach(column -> has.add(column.name().toLowerCase(Locale.ROOT)));
    found.partitionKeys().forEach(key -> has.add(key.name().toLowerCase(Locale.ROOT)));
    return columns.stream().filter(c -> has.contains(c.toLowerCase(Locale.ROOT))).toList();
  }

  private MetastoreException noSuchTable(String call, String database, String table) {
    return new MetastoreException(connection.role() + " metastore " + connection.uris() + ": " + call + " "
        + new TableName(database, table) + " failed: no such table", null);
  }

  /** A call as errors name it: the call and the table it is on. */
  private static String on(String call, String database, String table) {
    return call + " " + new TableName(database, table);
  }

  private <T> List<List<T>> batches(Collection<T> items) {
    List<List<T>> batches = new ArrayList<>();
    List<T> all = new ArrayList<>(items);
    for (int from = 0; from < all.size(); from += batchSize) {
      batches.add(all.subList(from, Math.min(all.size(), from + batchSize)));
    }
    return batches;
  }

  @Override
  public void close() {
    connection.close();
  }
}
