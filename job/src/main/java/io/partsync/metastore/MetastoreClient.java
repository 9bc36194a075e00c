package io.partsync.metastore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.EnvironmentContext;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.partition.spec.PartitionSpecProxy;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place partsync talks to a Hive Metastore over Thrift. It speaks partsync's own records, sends
 * partitions in batches, and reconnects and retries when the connection breaks; every error names the
 * metastore URI and the table.
 */
public final class MetastoreClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreClient.class);
  private static final String SOCKET_TIMEOUT = "hive.metastore.client.socket.timeout";
  private static final String CONNECT = "connect";

  private final String role;
  private final String uris;
  private final HiveConf conf;
  private final MetastoreSettings settings;
  private IMetaStoreClient client;

  private MetastoreClient(String role, String uris, HiveConf conf, MetastoreSettings settings) {
    this.role = role;
    this.uris = uris;
    this.conf = conf;
    this.settings = settings;
  }

  /**
   * Connects to the metastore at {@code uris}, with {@code properties} (Hadoop/Hive settings of that
   * cluster) applied; fails with {@link MetastoreUnavailableException} after the configured attempts.
   */
  public static MetastoreClient connect(String role, List<String> uris, Map<String, String> properties,
      MetastoreSettings settings) {
    return connect(role, uris, properties, settings, settings.timeout());
  }

  /**
   * As {@link #connect(String, List, Map, MetastoreSettings)}, with the connection and its first call
   * bounded by {@code connectTimeout} rather than the (longer) timeout of later calls, so a server that
   * accepts connections and never answers fails the run in seconds.
   */
  public static MetastoreClient connect(String role, List<String> uris, Map<String, String> properties,
      MetastoreSettings settings, Duration connectTimeout) {
    HiveConf conf = new HiveConf();
    properties.forEach(conf::set);
    String joined = String.join(",", uris);
    conf.set("hive.metastore.uris", joined);
    // partsync retries whole calls itself (with reconnects); Hive's own connect loop would multiply them.
    conf.set("hive.metastore.connect.retries", "1");
    conf.set("hive.metastore.failure.retries", "0");
    conf.set(SOCKET_TIMEOUT, connectTimeout.toMillis() + "ms");
    MetastoreClient client = new MetastoreClient(role, joined, conf, settings);
    try {
      client.call(CONNECT, c -> c.getAllDatabases().size());
    } catch (MetastoreException e) {
      client.close();
      // Something answered, but not in the metastore's Thrift protocol (another service on that port).
      throw new MetastoreUnavailableException("the " + role + " metastore at " + joined + " does not answer as a"
          + " Hive Metastore (" + rootMessage(e) + "); check '" + role + ".metastore-uris' names the"
          + " metastore's Thrift port (9083 by default)", e);
    }
    // The probe's short timeout stays with its connection; later calls reconnect once with the normal one.
    client.disconnect();
    conf.set(SOCKET_TIMEOUT, settings.timeout().toSeconds() + "s");
    return client;
  }

  public String uris() {
    return uris;
  }

  public Optional<HiveTable> findTable(String database, String table) {
    return call("get_table " + database + "." + table, c -> {
      try {
        return Optional.of(ThriftTypes.table(c.getTable(database, table)));
      } catch (NoSuchObjectException e) {
        return Optional.empty();
      }
    });
  }

  /** The database's location, or empty when the database does not exist. */
  public Optional<String> databaseLocation(String database) {
    return call("get_database " + database, c -> {
      try {
        return Optional.of(c.getDatabase(database).getLocationUri());
      } catch (NoSuchObjectException e) {
        return Optional.empty();
      }
    });
  }

  /** Creates a database at {@code location} (null: the metastore's default) and returns its location. */
  public String createDatabase(String database, String description, String location) {
    call("create_database " + database, c -> {
      c.createDatabase(new Database(database, description, location, null));
      return null;
    });
    return databaseLocation(database).orElseThrow();
  }

  /**
   * Every table of every database with its location (views, which have none, left out), by
   * {@code db.table}: one call per database to name its tables and one per hundred tables to fetch them.
   */
  public Map<String, String> tableLocations() {
    Map<String, String> locations = new java.util.TreeMap<>();
    for (String database : listDatabases()) {
      List<String> names = listTables(database);
      for (int from = 0; from < names.size(); from += 100) {
        List<String> batch = names.subList(from, Math.min(names.size(), from + 100));
        List<Table> tables = call("get_table_objects_by_name " + database,
            c -> c.getTableObjectsByName(database, batch));
        for (Table table : tables) {
          if (table.getSd() != null && table.getSd().getLocation() != null) {
            locations.put(table.getDbName() + "." + table.getTableName(), table.getSd().getLocation());
          }
        }
      }
    }
    return locations;
  }

  public void createTable(HiveTable table) {
    call("create_table " + table.qualifiedName(), c -> {
      c.createTable(ThriftTypes.table(table));
      return null;
    });
  }

  public List<String> listPartitionNames(String database, String table) {
    return call("get_partition_names " + database + "." + table,
        c -> c.listPartitionNames(database, table, (short) -1));
  }

  public boolean hasPartitions(String database, String table) {
    return !call("get_partition_names " + database + "." + table,
        c -> c.listPartitionNames(database, table, (short) 1)).isEmpty();
  }

  public List<String> listDatabases() {
    return call("get_all_databases", IMetaStoreClient::getAllDatabases);
  }

  public List<String> listTables(String database) {
    return call("get_all_tables " + database, c -> c.getAllTables(database));
  }

  /**
   * Every partition's values, location and parameters. Asked for as partition specs: the metastore sends
   * the storage descriptor once per group of partitions that share it, not once per partition, which on a
   * table of thousands of partitions is several times faster than fetching full partitions.
   */
  public List<PartitionSummary> listPartitionSummaries(String database, String table) {
    return call("get_partitions_pspec " + database + "." + table,
        c -> summaries(c.listPartitionSpecs(database, table, -1)));
  }

  /**
   * As {@link #listPartitionSummaries(String, String)}, only those the metastore filter selects (e.g.
   * {@code dt >= "2026-01-01"}), so partitions it excludes are never sent. A metastore that refuses the
   * filter is an {@link IllegalArgumentException}: the caller can list all and filter itself.
   */
  public List<PartitionSummary> listPartitionSummaries(String database, String table, String filter) {
    String operation = "get_part_specs_by_filter " + database + "." + table + " (" + filter + ")";
    try {
      return call(operation, c -> summaries(c.listPartitionSpecsByFilter(database, table, filter, -1)));
    } catch (MetastoreException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static List<PartitionSummary> summaries(PartitionSpecProxy specs) {
    List<PartitionSummary> summaries = new ArrayList<>();
    PartitionSpecProxy.PartitionIterator partitions = specs.getPartitionIterator();
    while (partitions.hasNext()) {
      Partition partition = partitions.next();
      summaries.add(new PartitionSummary(partition.getValues(), partition.getSd().getLocation(),
          partition.getParameters() == null ? Map.of() : partition.getParameters()));
    }
    return summaries;
  }

  /** The partitions with the given names, fetched in batches. */
  public List<HivePartition> getPartitions(String database, String table, List<String> names) {
    List<HivePartition> partitions = new ArrayList<>();
    for (List<String> batch : batches(names)) {
      List<Partition> fetched = call("get_partitions_by_names " + database + "." + table,
          c -> c.getPartitionsByNames(database, table, batch));
      fetched.forEach(p -> partitions.add(ThriftTypes.partition(p)));
    }
    return partitions;
  }

  /** Adds new partitions in batches and checks the metastore added every one asked for. */
  public void addPartitions(String database, String table, List<HivePartition> partitions) {
    for (List<HivePartition> batch : batches(partitions)) {
      List<Partition> thrift = batch.stream().map(p -> ThriftTypes.partition(database, table, p)).toList();
      List<Partition> added = call("add_partitions " + database + "." + table,
          c -> c.add_partitions(thrift, false, true));
      if (added == null || added.size() != thrift.size()) {
        throw new MetastoreException(role + " metastore " + uris + " added "
            + (added == null ? 0 : added.size()) + " of " + thrift.size() + " partitions to " + database + "."
            + table, null);
      }
    }
  }

  /** Replaces existing partitions' definitions in batches, keeping the statistics partsync sets. */
  public void alterPartitions(String database, String table, List<HivePartition> partitions) {
    EnvironmentContext keepStats = new EnvironmentContext(Map.of("DO_NOT_UPDATE_STATS", "true"));
    for (List<HivePartition> batch : batches(partitions)) {
      List<Partition> thrift = batch.stream().map(p -> ThriftTypes.partition(database, table, p)).toList();
      call("alter_partitions " + database + "." + table, c -> {
        c.alter_partitions(database, table, thrift, keepStats);
        return null;
      });
    }
  }

  /**
   * Drops partitions by name from the metastore only; their data stays on disk for partsync's housekeeping
   * to remove after the grace period. Already-missing partitions are ignored, so a re-run can repeat this.
   */
  public void dropPartitions(String database, String table, List<String> names) {
    for (String name : names) {
      call("drop_partition " + database + "." + table + " " + name, c -> {
        try {
          return c.dropPartition(database, table, name, false);
        } catch (NoSuchObjectException e) {
          return false;
        }
      });
    }
  }

  /** Sets table parameters, leaving everything else of the table as it is. */
  public void setTableParameters(String database, String table, Map<String, String> parameters) {
    call("alter_table " + database + "." + table, c -> {
      Table thrift = c.getTable(database, table);
      thrift.getParameters().putAll(parameters);
      c.alter_table_with_environmentContext(database, table, thrift,
          new EnvironmentContext(Map.of("DO_NOT_UPDATE_STATS", "true")));
      return null;
    });
  }

  private <T> List<List<T>> batches(Collection<T> items) {
    List<List<T>> batches = new ArrayList<>();
    List<T> all = new ArrayList<>(items);
    for (int from = 0; from < all.size(); from += settings.batchSize()) {
      batches.add(all.subList(from, Math.min(all.size(), from + settings.batchSize())));
    }
    return batches;
  }

  @FunctionalInterface
  private interface Call<T> {
    T apply(IMetaStoreClient client) throws TException;
  }

  private <T> T call(String operation, Call<T> call) {
    Exception last = null;
    int attempt = 1;
    for (; attempt <= settings.attempts(); attempt++) {
      try {
        return call.apply(client());
      } catch (TTransportException e) {
        last = e;
      } catch (MetaException e) {
        // Hive's client reports a broken or timed-out connection of some calls as a MetaException.
        if (client != null && !String.valueOf(e.getMessage()).contains("TTransportException")) {
          throw new MetastoreException(describe(operation) + " failed: " + e.getMessage(), e);
        }
        last = e; // the connection itself could not be opened
      } catch (TException e) {
        throw new MetastoreException(describe(operation) + " failed: " + e.getMessage(), e);
      }
      disconnect();
      if (operation.equals(CONNECT) && rootMessage(last).contains("Read timed out")) {
        // A server that took the connection and never answered within connect-timeout is wedged, or is
        // not a metastore: asking it again only multiplies the wait.
        break;
      }
      if (attempt < settings.attempts()) {
        long backoffMillis = 500L << (attempt - 1);
        LOG.warn("{} failed (attempt {} of {}): {}; retrying in {} ms", describe(operation), attempt,
            settings.attempts(), rootMessage(last), backoffMillis);
        pause(backoffMillis);
      }
    }
    int made = Math.min(attempt, settings.attempts());
    throw new MetastoreUnavailableException("cannot reach the " + role + " metastore at " + uris + " ("
        + operation + ", " + made + (made == 1 ? " attempt): " : " attempts): ") + transportFailure(last) + "; check '" + role
        + ".metastore-uris' and that the metastore is running", last);
  }

  private IMetaStoreClient client() throws MetaException {
    if (client == null) {
      client = new HiveMetaStoreClient(conf);
    }
    return client;
  }

  private void disconnect() {
    if (client != null) {
      try {
        client.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a broken metastore connection to {}", uris, e);
      }
      client = null;
    }
  }

  private String describe(String operation) {
    return role + " metastore " + uris + ": " + operation;
  }

  /** What a broken connection means, in words: Hive wraps the socket's exception in its own text. */
  private String transportFailure(Throwable e) {
    String root = rootMessage(e);
    if (root.contains("Read timed out")) {
      return "no answer within " + conf.getTimeVar(HiveConf.ConfVars.METASTORE_CLIENT_SOCKET_TIMEOUT,
          java.util.concurrent.TimeUnit.MILLISECONDS) / 1000 + " s";
    }
    if (root.contains("Connection refused")) {
      return "connection refused";
    }
    if (root.contains("UnknownHostException")) {
      return "unknown host";
    }
    if (root.contains("Broken pipe") || root.contains("Connection reset") || root.contains("closed by peer")) {
      // Broken pipe or closed by peer depending on who is first; the words do not depend on the race.
      LOG.debug("the metastore connection was dropped: {}", root);
      return "the server dropped the connection, as a service that is not a Hive Metastore does; the"
          + " metastore's Thrift port is 9083 by default";
    }
    return root;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root.getMessage() == null) {
      return root.getClass().getSimpleName();
    }
    // Hive's connect failure embeds a whole stack trace in its message; the first line says what happened.
    return root.getMessage().lines().findFirst().orElse("").strip();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetastoreUnavailableException("interrupted while waiting to retry a metastore call", e);
    }
  }

  @Override
  public void close() {
    disconnect();
  }
}
