package io.partsync.metastore;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsData;
import org.apache.hadoop.hive.metastore.api.ColumnStatisticsObj;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Order;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TDeserializer;
import org.apache.thrift.TException;
import org.apache.thrift.TSerializer;
import org.apache.thrift.protocol.TCompactProtocol;

/** Converts between the metastore's Thrift objects and partsync's own records. */
final class ThriftTypes {
  private ThriftTypes() {}

  static HiveTable table(Table t) {
    StorageDescriptor sd = t.getSd();
    return new HiveTable(t.getDbName(), t.getTableName(), t.getOwner(), t.getTableType(),
        sd == null ? null : sd.getLocation(),
        sd == null ? List.of() : columns(sd.getCols()),
        columns(t.getPartitionKeys()),
        storage(sd),
        nonNull(t.getParameters()), t.getViewOriginalText(), t.getViewExpandedText());
  }

  static Table table(HiveTable t) {
    Table table = new Table();
    table.setDbName(t.database());
    table.setTableName(t.name());
    table.setOwner(t.owner());
    table.setTableType(t.tableType());
    table.setPartitionKeys(fieldSchemas(t.partitionKeys()));
    table.setSd(storageDescriptor(t.storage(), t.columns(), t.location()));
    table.setParameters(new HashMap<>(t.parameters()));
    table.setViewOriginalText(t.viewOriginalText());
    table.setViewExpandedText(t.viewExpandedText());
    return table;
  }

  /** Sets {@code thrift}'s columns, owner, storage and parameters to {@code t}'s; the rest stays. */
  static void update(Table thrift, HiveTable t) {
    StorageDescriptor sd = storageDescriptor(t.storage(), t.columns(), thrift.getSd().getLocation());
    thrift.setOwner(t.owner());
    thrift.setSd(sd);
    thrift.setParameters(new HashMap<>(t.parameters()));
  }

  /**
   * A partition's full definition; partitions read through the same {@code canonical} share one instance of
   * their columns, storage and parameter names, as the table's partitions mostly do in the metastore.
   */
  static HivePartition partition(Partition p, Canonical canonical) {
    StorageDescriptor sd = p.getSd();
    return new HivePartition(p.getValues(), sd == null ? null : sd.getLocation(),
        sd == null ? List.of() : canonical.columns(columns(sd.getCols())), canonical.storage(storage(sd)),
        canonical.parameters(p.getParameters()));
  }

  /**
   * The summaries of the partitions as the iterator gives them. The iterator of a partition spec copies the
   * shared storage descriptor into each partition it returns; only the location is kept of it.
   */
  static List<PartitionSummary> summaries(Iterator<Partition> partitions) {
    return summaries(partitions, new Canonical());
  }

  /** As {@link #summaries(Iterator)}, sharing instances with what else {@code canonical} has read. */
  static List<PartitionSummary> summaries(Iterator<Partition> partitions, Canonical canonical) {
    List<PartitionSummary> summaries = new ArrayList<>();
    while (partitions.hasNext()) {
      Partition partition = partitions.next();
      summaries.add(new PartitionSummary(partition.getValues(), partition.getSd().getLocation(),
          canonical.parameters(partition.getParameters())));
    }
    return summaries;
  }

  static Partition partition(String database, String table, HivePartition p) {
    Partition partition = new Partition();
    partition.setDbName(database);
    partition.setTableName(table);
    partition.setValues(new ArrayList<>(p.values()));
    partition.setSd(storageDescriptor(p.storage(), p.columns(), p.location()));
    partition.setParameters(new HashMap<>(p.parameters()));
    int now = (int) (System.currentTimeMillis() / 1000);
    partition.setCreateTime(now);
    partition.setLastAccessTime(0);
    return partition;
  }

  private static Storage storage(StorageDescriptor sd) {
    if (sd == null) {
      return new Storage(null, null, null, Map.of(), false, -1, List.of(), List.of(), false, Map.of());
    }
    SerDeInfo serde = sd.getSerdeInfo();
    List<Storage.SortColumn> sort = new ArrayList<>();
    if (sd.getSortCols() != null) {
      for (Order order : sd.getSortCols()) {
        sort.add(new Storage.SortColumn(order.getCol(), order.getOrder()));
      }
    }
    return new Storage(sd.getInputFormat(), sd.getOutputFormat(),
        serde == null ? null : serde.getSerializationLib(),
        serde == null ? Map.of() : nonNull(serde.getParameters()),
        sd.isCompressed(), sd.getNumBuckets(),
        sd.getBucketCols() == null ? List.of() : sd.getBucketCols(), sort,
        sd.isStoredAsSubDirectories(), nonNull(sd.getParameters()));
  }

  private static StorageDescriptor storageDescriptor(Storage s, List<Column> columns, String location) {
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(fieldSchemas(columns));
    sd.setLocation(location);
    sd.setInputFormat(s.inputFormat());
    sd.setOutputFormat(s.outputFormat());
    sd.setCompressed(s.compressed());
    sd.setNumBuckets(s.numBuckets());
    sd.setBucketCols(new ArrayList<>(s.bucketColumns()));
    List<Order> sort = new ArrayList<>();
    for (Storage.SortColumn column : s.sortColumns()) {
      sort.add(new Order(column.name(), column.order()));
    }
    sd.setSortCols(sort);
    sd.setStoredAsSubDirectories(s.storedAsSubDirectories());
    sd.setParameters(new HashMap<>(s.parameters()));
    SerDeInfo serde = new SerDeInfo();
    serde.setSerializationLib(s.serdeLibrary());
    serde.setParameters(new HashMap<>(s.serdeParameters()));
    sd.setSerdeInfo(serde);
    return sd;
  }

  private static List<Column> columns(List<FieldSchema> fields) {
    List<Column> columns = new ArrayList<>();
    if (fields != null) {
      for (FieldSchema field : fields) {
        columns.add(new Column(field.getName(), field.getType(), field.getComment()));
      }
    }
    return columns;
  }

  private static List<FieldSchema> fieldSchemas(List<Column> columns) {
    List<FieldSchema> fields = new ArrayList<>();
    for (Column column : columns) {
      fields.add(new FieldSchema(column.name(), column.type(), column.comment()));
    }
    return fields;
  }

  private static Map<String, String> nonNull(Map<String, String> map) {
    if (map == null) {
      return Map.of();
    }
    Map<String, String> copy = new HashMap<>();
    map.forEach((k, v) -> {
      if (k != null && v != null) {
        copy.put(k, v);
      }
    });
    return copy;
  }

  /**
   * The column's statistics, or null when they are of a kind this client does not know (a newer server's,
   * e.g. Hive 4's timestamp statistics): Thrift reads such a union as empty, and an empty one cannot be
   * written back.
   */
  static ColumnStats columnStats(ColumnStatisticsObj obj) {
    if (obj.getStatsData() == null || !obj.getStatsData().isSet()) {
      return null;
    }
    try {
      byte[] data = new TSerializer(new TCompactProtocol.Factory()).serialize(obj.getStatsData());
      return new ColumnStats(obj.getColName().toLowerCase(java.util.Locale.ROOT), obj.getColType(),
          Base64.getEncoder().encodeToString(data));
    } catch (TException e) {
      throw new IllegalStateException("cannot serialize the statistics of column " + obj.getColName(), e);
    }
  }

  static ColumnStatisticsObj columnStatisticsObj(ColumnStats stats) {
    ColumnStatisticsData data = new ColumnStatisticsData();
    try {
      new TDeserializer(new TCompactProtocol.Factory()).deserialize(data, Base64.getDecoder().decode(stats.data()));
    } catch (TException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the statistics of column " + stats.column() + " are not a serialized"
          + " ColumnStatisticsData", e);
    }
    return new ColumnStatisticsObj(stats.column(), stats.type(), data);
  }
}
