package io.partsync.metastore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.FieldSchema;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.SerDeInfo;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.junit.jupiter.api.Test;

/** What the driver keeps of many partitions read from a metastore: one copy of what they share. */
class ThriftTypesTest {

  @Test
  void partitionsReadTogetherShareTheirColumnsStorageAndParameterNames() {
    Canonical canonical = new Canonical();
    HivePartition first = ThriftTypes.partition(thrift("p1", "1700000001"), canonical);
    HivePartition second = ThriftTypes.partition(thrift("p2", "1700000002"), canonical);

    assertEquals(List.of(new Column("line", "string", null)), first.columns());
    assertSame(first.columns(), second.columns());
    assertSame(first.storage(), second.storage());
    assertEquals("/t/part=p2", second.location());
    assertEquals(Map.of("transient_lastDdlTime", "1700000002", "numFiles", "1", "partsync.run.id",
        "20261201T171945Z-ed6135", "partsync.source.version", "v-" + "p2".repeat(20)), second.parameters());
    assertSame(key(first, "partsync.source.version"), key(second, "partsync.source.version"));
    assertSame(first.parameters().get("numFiles"), second.parameters().get("numFiles"));
    assertSame(first.parameters().get("partsync.run.id"), second.parameters().get("partsync.run.id"));
  }

  @Test
  void summariesShareTheirParameterNamesAndShortValues() {
    List<PartitionSummary> summaries = ThriftTypes.summaries(List.of(thrift("p1", "1700000001"),
        thrift("p2", "1700000002")).iterator());

    assertEquals(List.of("p2"), summaries.get(1).values());
    assertEquals("/t/part=p1", summaries.get(0).location());
    assertSame(key(summaries.get(0).parameters(), "transient_lastDdlTime"),
        key(summaries.get(1).parameters(), "transient_lastDdlTime"));
    assertSame(summaries.get(0).parameters().get("numFiles"), summaries.get(1).parameters().get("numFiles"));
    assertEquals("v-" + "p1".repeat(20), summaries.get(0).parameters().get("partsync.source.version"));
  }

  @Test
  void nullParameterValuesAreLeftOut() {
    Partition partition = thrift("p1", "1");
    partition.getParameters().put("empty", null);

    assertEquals(Map.of("transient_lastDdlTime", "1", "numFiles", "1", "partsync.run.id", "20261201T171945Z-ed6135",
        "partsync.source.version", "v-" + "p1".repeat(20)), ThriftTypes.partition(partition, new Canonical())
        .parameters());
  }

  private static String key(HivePartition partition, String name) {
    return key(partition.parameters(), name);
  }

  /** The map's own instance of the key, not the equal string asked with. */
  private static String key(Map<String, String> parameters, String name) {
    return parameters.keySet().stream().filter(name::equals).findFirst().orElseThrow();
  }

  /** As Thrift deserializes it: every string a new instance, the storage descriptor a copy of its own. */
  private static Partition thrift(String value, String ddlTime) {
    StorageDescriptor sd = new StorageDescriptor();
    sd.setCols(List.of(new FieldSchema(new String("line"), new String("string"), null)));
    sd.setLocation("/t/part=" + value);
    sd.setInputFormat(new String("org.apache.hadoop.mapred.TextInputFormat"));
    sd.setOutputFormat(new String("org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"));
    sd.setSerdeInfo(new SerDeInfo(null, new String("org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe"),
        new HashMap<>(Map.of(new String("field.delim"), new String(",")))));
    sd.setNumBuckets(-1);
    sd.setParameters(new HashMap<>());
    Partition partition = new Partition();
    partition.setValues(List.of(value));
    partition.setSd(sd);
    Map<String, String> parameters = new HashMap<>();
    parameters.put(new String("transient_lastDdlTime"), ddlTime);
    parameters.put(new String("numFiles"), new String("1"));
    parameters.put(new String("partsync.run.id"), new String("20261201T171945Z-ed6135"));
    parameters.put(new String("partsync.source.version"), "v-" + value.repeat(20));
    partition.setParameters(parameters);
    return partition;
  }
}
