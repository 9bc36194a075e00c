package io.partsync.demo;

import io.partsync.metastore.HiveThrift;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Database;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.NoSuchObjectException;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TException;

/**
 * Defines tables and partitions in a metastore with the plain Thrift client, the way Hive itself would,
 * for the demo and the tests. Independent of partsync's own metastore code on purpose, but for reading a
 * table with the call every metastore version answers ({@link HiveThrift#getTable}).
 */
public final class SourceTableWriter implements AutoCloseable {
  /** Storage formats the demo and tests create. */
  public enum Format {
    PARQUET("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
        "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"),
    ORC("org.apache.hadoop.hive.ql.io.orc.OrcInputFormat",
        "org.apache.hadoop.hive.ql.io.orc.OrcOutputFormat",
        "org.apache.hadoop.hive.ql.io.orc.OrcSerde"),
    TEXT("org.apache.hadoop.mapred.TextInputFormat",
        "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat",
        "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe");

    final String input;
    final String output;
    final String serde;

    Format(String input, String output, String serde) {
      this.input = input;
      this.output = output;
      this.serde = serde;
    }
  }

  private final HiveMetaStoreClient client;

  public SourceTableWriter(String metastoreUri) throws TException {
    HiveConf conf = new HiveConf();
    conf.set("hive.metastore.uris", metastoreUri);
    this.client = new HiveMetaStoreClient(conf);
  }

  public HiveMetaStoreClient client() {
    return client;
  }

  public void ensureDatabase(String database) throws TException {
    try {
      client.getDatabase(database);
    } catch (NoSuchObjectException e) {
      client.createDatabase(new Database(database, null, null, null));
    }
  }

  /** Creates a table; {@code columns} and {@code partitionKeys} are "name type" pairs. */
  public Table createTable(String database, String table, List<String> columns, List<String> partitionKeys,
      Format format, String location, Map<String, String> parameters) throws TException {
    ensureDatabase(database);
    client.createTable(define(database, table, columns, partitionKeys, format, location, parameters));
    return HiveThrift.getTable(client, database, table);
  }

  /** The table as the metastore has it. */
  public Table table(String database, String table) throws TException {
    return HiveThrift.getTable(client, database, table);
  }

  /** The definition {@link #createTable} would create, for callers that adjust it first. */
  public static Table define(String database, String table, List<String> columns, List<String> partitionKeys,
      Format format, String location, Map<String, String> parameters) {
    Table t = new Table();
    t.setDbName(database);
    t.setTableName(table);
    t.setOwner("partsync-demo");
    t.setTableType("EXTERNAL_TABLE");
    t.setPartitionKeys(fields(partitionKeys));
    Map<String, String> params = new HashMap<>(parameters);
    params.put("EXTERNAL", "TRUE");
    t.setParameters(params);
    t.setSd(storage(fields(columns), format, location));
    return t;
  }

  public void addPartition(String database, String table, List<String> values, String location,
      Map<String, String> parameters) throws TException {
    Table t = HiveThrift.getTable(client, database, table);
    Partition partition = new Partition();
    partition.setDbName(database);
    partition.setTableName(table);
    partition.setValues(values);
    StorageDescriptor sd = new StorageDescriptor(t.getSd());
    sd.setLocation(location);
    partition.setSd(sd);
    partition.setParameters(new HashMap<>(parameters));
    client.add_partition(partition);
  }

  private static StorageDescriptor storage(List<FieldSchema> columns, Format format, String location) {
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(columns);
    sd.setLocation(location);
    sd.setInputFormat(format.input);
    sd.setOutputFormat(format.output);
    SerDeInfo serde = new SerDeInfo();
    serde.setSerializationLib(format.serde);
    Map<String, String> serdeParams = new HashMap<>();
    serdeParams.put("serialization.format", format == Format.TEXT ? "," : "1");
    if (format == Format.TEXT) {
      serdeParams.put("field.delim", ",");
    }
    serde.setParameters(serdeParams);
    sd.setSerdeInfo(serde);
    sd.setNumBuckets(-1);
    return sd;
  }

  private static List<FieldSchema> fields(List<String> nameTypes) {
    List<FieldSchema> fields = new ArrayList<>();
    for (String nameType : nameTypes) {
      String[] parts = nameType.trim().split("\\s+", 2);
      fields.add(new FieldSchema(parts[0], parts[1], null));
    }
    return fields;
  }

  @Override
  public void close() {
    client.close();
  }
}
