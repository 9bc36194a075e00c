package io.partsync.metastore;

import io.partsync.failure.Messages;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.MetaException;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Thrift connection to one metastore and the policy of a call on it: a connection that cannot be
 * opened or breaks is closed, reopened and the call tried again, with backoff, up to the configured
 * attempts; an error the metastore answers with is not retried. Failures are said in words a user can act
 * on, naming the metastore's role and URIs.
 */
final class MetastoreConnection implements AutoCloseable {
  // Named as the client: operators filter its retry warnings by that name.
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreClient.class);
  private static final String SOCKET_TIMEOUT = "hive.metastore.client.socket.timeout";
  private static final String CONNECT = "connect";

  private final String role;
  private final String uris;
  private final HiveConf conf;
  private final int attempts;
  private IMetaStoreClient client;
  private MetastoreDialect dialect = new MetastoreDialect("unknown", Optional.empty(), true);

  private MetastoreConnection(String role, String uris, HiveConf conf, int attempts) {
    this.role = role;
    this.uris = uris;
    this.conf = conf;
    this.attempts = attempts;
  }

  /**
   * Connects and probes the metastore with one call bounded by {@code connectTimeout}, then asks what it is
   * (see {@link MetastoreDialect}); later calls get {@code settings.timeout()}. Fails with
   * {@link MetastoreUnavailableException}, or {@link MetastoreIncompatibleException} when the server cannot
   * serve {@code catalog} (null: its default catalog, whatever it is).
   */
  static MetastoreConnection open(String role, List<String> uris, Map<String, String> properties,
      MetastoreSettings settings, Duration connectTimeout, String catalog) {
    HiveConf conf = new HiveConf();
    properties.forEach(conf::set);
    String joined = String.join(",", uris);
    conf.set("hive.metastore.uris", joined);
    // partsync retries whole calls itself (with reconnects); Hive's own connect loop would multiply them.
    conf.set("hive.metastore.connect.retries", "1");
    conf.set("hive.metastore.failure.retries", "0");
    conf.set(SOCKET_TIMEOUT, connectTimeout.toMillis() + "ms");
    MetastoreConnection connection = new MetastoreConnection(role, joined, conf, settings.attempts());
    try {
      connection.call(CONNECT, c -> c.getAllDatabases().size());
      connection.dialect = connection.call("probe version", c -> MetastoreDialect.probe(HiveThrift.of(c)));
      connection.checkCatalog(catalog);
    } catch (MetastoreIncompatibleException e) {
      connection.close();
      throw e;
    } catch (MetastoreException e) {
      connection.close();
      // Something answered, but not in the metastore's Thrift protocol (another service on that port).
      throw new MetastoreUnavailableException("the " + role + " metastore at " + joined + " does not answer as a"
          + " Hive Metastore (" + Messages.firstLine(Messages.rootCause(e)) + "); check '" + role
          + ".metastore-uris' names the metastore's Thrift port (9083 by default)", e);
    }
    // The probe's short timeout stays with its connection; later calls reconnect once with the normal one.
    connection.disconnect();
    conf.set(SOCKET_TIMEOUT, settings.timeout().toSeconds() + "s");
    return connection;
  }

  String role() {
    return role;
  }

  /** What the server is and which calls it answers, as probed when the connection was opened. */
  MetastoreDialect dialect() {
    return dialect;
  }

  /**
   * The server refused {@code get_table_req} (it predates Hive 2.3): this connection reads tables with the
   * plain calls from now on.
   */
  void usePlainTableCalls() {
    if (dialect.tableRequests()) {
      dialect = dialect.withPlainTableCalls();
      LOG.info("{} metastore {} ({}) does not answer get_table_req; its tables are read with get_table and"
          + " get_table_objects_by_name", role, uris, dialect.describe());
    }
  }

  private void checkCatalog(String catalog) {
    String served = dialect.defaultCatalog().orElse(MetastoreDialect.HIVE_CATALOG);
    LOG.info("{} metastore {}: {}{}", role, uris, dialect.describe(),
        dialect.defaultCatalog().map(c -> ", default catalog '" + c + "'").orElse(", no catalogs"));
    if (catalog == null || catalog.equalsIgnoreCase(served)) {
      return;
    }
    if (dialect.defaultCatalog().isEmpty()) {
      throw new MetastoreIncompatibleException("the " + role + " metastore at " + uris + " (" + dialect.describe()
          + ") has no catalogs, so '" + role + ".catalog' cannot be '" + catalog + "': remove the key, or point '"
          + role + ".metastore-uris' at a Hive 3 or later metastore whose default catalog it is", null);
    }
    throw new MetastoreIncompatibleException("the " + role + " metastore at " + uris + " (" + dialect.describe()
        + ") serves catalog '" + served + "' (its metastore.catalog.default), but '" + role + ".catalog' is '"
        + catalog + "': partsync reads and writes a metastore's default catalog only; point '" + role
        + ".metastore-uris' at a metastore instance whose metastore.catalog.default is '" + catalog
        + "', or set '" + role + ".catalog' to '" + served + "'", null);
  }

  String uris() {
    return uris;
  }

  /** One metastore call, given the Thrift client to make it on. */
  @FunctionalInterface
  interface Call<T> {
    T apply(IMetaStoreClient client) throws TException;
  }

  /**
   * Makes the call, reconnecting and retrying when the connection fails; {@code operation} (the Thrift
   * call and its table) names it in errors and warnings.
   */
  <T> T call(String operation, Call<T> call) {
    Exception last = null;
    int attempt = 1;
    for (; attempt <= attempts; attempt++) {
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
      } catch (TApplicationException e) {
        if (e.getType() == TApplicationException.UNKNOWN_METHOD) {
          throw refusedCall(operation, e);
        }
        throw new MetastoreException(describe(operation) + " failed: " + e.getMessage(), e);
      } catch (TException e) {
        throw new MetastoreException(describe(operation) + " failed: " + e.getMessage(), e);
      }
      disconnect();
      if (operation.equals(CONNECT) && Messages.firstLine(Messages.rootCause(last)).contains("Read timed out")) {
        // A server that took the connection and never answered within connect-timeout is wedged, or is
        // not a metastore: asking it again only multiplies the wait.
        break;
      }
      if (attempt < attempts) {
        long backoffMillis = 500L << (attempt - 1);
        LOG.warn("{} failed (attempt {} of {}): {}; retrying in {} ms", describe(operation), attempt,
            attempts, Messages.firstLine(Messages.rootCause(last)), backoffMillis);
        pause(backoffMillis);
      }
    }
    int made = Math.min(attempt, attempts);
    throw new MetastoreUnavailableException("cannot reach the " + role + " metastore at " + uris + " ("
        + operation + ", " + made + (made == 1 ? " attempt): " : " attempts): ") + transportFailure(last) + "; check '" + role
        + ".metastore-uris' and that the metastore is running", last);
  }

  /** A call the server does not know: no retry helps, and no table is to blame. */
  private MetastoreIncompatibleException refusedCall(String operation, TApplicationException e) {
    return new MetastoreIncompatibleException("the " + role + " metastore at " + uris + " (" + dialect.describe()
        + ") cannot serve partsync: it refuses " + operation + " (" + e.getMessage() + "); partsync works with"
        + " Hive Metastore 2.3, 3.1 and 4.x: check '" + role + ".metastore-uris' names one of those, or upgrade"
        + " that metastore", e);
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
    String root = Messages.firstLine(Messages.rootCause(e));
    if (root.contains("Read timed out")) {
      return "no answer within " + conf.getTimeVar(HiveConf.ConfVars.METASTORE_CLIENT_SOCKET_TIMEOUT,
          TimeUnit.MILLISECONDS) / 1000 + " s";
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

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetastoreUnavailableException("interrupted while waiting to retry a metastore call", e);
    }
  }

  /** Closes the connection; a later call opens a new one. */
  @Override
  public void close() {
    disconnect();
  }
}
