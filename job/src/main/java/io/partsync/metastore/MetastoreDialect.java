package io.partsync.metastore;

import java.util.Optional;
import org.apache.hadoop.hive.metastore.api.ConfigValSecurityException;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;

/**
 * What one metastore server is, and which form of a call partsync makes where versions differ, found once
 * per connection. Hive 4 removed {@code get_table} and {@code get_table_objects_by_name}; their request
 * forms ({@code get_table_req}, {@code get_table_objects_by_name_req}) are in 2.3, 3.x and 4.x, so they are
 * the default, and a server that refuses them (one older than 2.3) gets the plain calls from then on.
 *
 * @param version what the server is: {@code 2.x} (Hive 2 reports "3.0", as Hive 3 does, but has no catalogs),
 *     {@code 3.x}, the exact version Hive 4 and later report, or {@code unknown}
 * @param defaultCatalog the catalog the server resolves names without one in; empty before Hive 3
 * @param tableRequests whether tables are read with the request forms
 */
public record MetastoreDialect(String version, Optional<String> defaultCatalog, boolean tableRequests) {
  /** The default catalog of Hive 3 and later, as {@code metastore.catalog.default} ships. */
  public static final String HIVE_CATALOG = "hive";
  private static final String CATALOG_KEY = "metastore.catalog.default";

  /**
   * Asks the server what it is: at most three calls that touch no table and that no version logs as an
   * error. Whether it answers the request forms of the table calls is found on the first one.
   */
  static MetastoreDialect probe(ThriftHiveMetastore.Iface server) throws TException {
    String reported = reportedVersion(server);
    String version = !"3.0".equals(reported) ? reported : hasCatalogs(server) ? "3.x" : "2.x";
    boolean catalogs = version.equals("3.x") || version.matches("([4-9]|[1-9][0-9])\\..*");
    return new MetastoreDialect(version, catalogs ? defaultCatalog(server) : Optional.empty(), true);
  }

  /** The same server, for a connection that found it lacks the request forms of the table calls. */
  MetastoreDialect withPlainTableCalls() {
    return new MetastoreDialect(version, defaultCatalog, false);
  }

  /** How messages name the server: "Hive Metastore 4.0.1". */
  public String describe() {
    return "unknown".equals(version) ? "a metastore of unknown version" : "Hive Metastore " + version;
  }

  private static String reportedVersion(ThriftHiveMetastore.Iface server) throws TException {
    try {
      String reported = server.getVersion();
      return reported == null || reported.isBlank() ? "unknown" : reported.trim();
    } catch (TApplicationException e) {
      if (e.getType() != TApplicationException.UNKNOWN_METHOD) {
        throw e;
      }
      return "unknown";
    }
  }

  private static Optional<String> defaultCatalog(ThriftHiveMetastore.Iface server) throws TException {
    try {
      String catalog = server.get_config_value(CATALOG_KEY, "");
      return catalog == null || catalog.isBlank() ? Optional.empty() : Optional.of(catalog.trim());
    } catch (ConfigValSecurityException e) {
      return Optional.empty(); // a server that will not tell: catalogs of its own are not partsync's to guess
    }
  }

  /**
   * Whether the server knows {@code get_catalogs}, which Hive 3 added; Hive 2 and 3 both report version
   * "3.0". The 2.3 API has no such call, so it is sent by hand: a call with no arguments, whose answer is
   * skipped. A server without it answers "invalid method" and logs nothing.
   */
  private static boolean hasCatalogs(ThriftHiveMetastore.Iface server) throws TException {
    if (!(server instanceof ThriftHiveMetastore.Client client)) {
      return false;
    }
    TProtocol out = client.getOutputProtocol();
    out.writeMessageBegin(new TMessage("get_catalogs", TMessageType.CALL, 0));
    out.writeStructBegin(new TStruct("get_catalogs_args"));
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeMessageEnd();
    out.getTransport().flush();
    TProtocol in = client.getInputProtocol();
    TMessage answer = in.readMessageBegin();
    if (answer.type == TMessageType.EXCEPTION) {
      TApplicationException refused = TApplicationException.readFrom(in);
      in.readMessageEnd();
      if (refused.getType() == TApplicationException.UNKNOWN_METHOD) {
        return false;
      }
      throw refused;
    }
    TProtocolUtil.skip(in, TType.STRUCT);
    in.readMessageEnd();
    return true;
  }

}
