package io.partsync.metastore;

import java.lang.reflect.Field;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.thrift.TException;

/**
 * The Thrift client under Hive 2.3's {@link HiveMetaStoreClient}, for the calls whose 2.3 Java methods send
 * only the plain forms Hive 4 removed ({@code getTable} sends {@code get_table}, {@code getTableObjectsByName}
 * {@code get_table_objects_by_name}); their request forms are in 2.3, 3.x and 4.x alike.
 */
public final class HiveThrift {
  private static final Field CLIENT_FIELD = clientField();

  private HiveThrift() {}

  /** The Thrift client of a connected {@link HiveMetaStoreClient}. */
  public static ThriftHiveMetastore.Iface of(IMetaStoreClient client) {
    try {
      return (ThriftHiveMetastore.Iface) CLIENT_FIELD.get(client);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot reach the Thrift client inside HiveMetaStoreClient", e);
    }
  }

  /** The table, with {@code get_table_req}; a missing one is Hive's {@code NoSuchObjectException}. */
  public static Table getTable(IMetaStoreClient client, String database, String table) throws TException {
    return of(client).get_table_req(new GetTableRequest(database, table)).getTable();
  }

  /** Reached by reflection: the job's and Hive's jars may sit in different class loaders. */
  private static Field clientField() {
    try {
      Field field = HiveMetaStoreClient.class.getDeclaredField("client");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException("this HiveMetaStoreClient keeps no Thrift client field 'client'; partsync"
          + " needs the Hive 2.3 metastore client on its class path", e);
    }
  }
}
