package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.run.RunOptions;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.Test;

/** A replica names nothing on the source's file system: its schema file is copied beside it. */
class SelfContainedReplicaIntegrationTest extends SharedClustersTest {
  private static final String SCHEMA = "{\"type\":\"record\",\"name\":\"event\",\"fields\":["
      + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"}]}";
  private static final String AVRO_SERDE = "org.apache.hadoop.hive.serde2.avro.AvroSerDe";

  @Test
  void anAvroTableReadsItsSchemaFromTheReplicaOnceTheSourceSchemaIsGone() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/self_avro";
    String schemaFile = clusters.source.defaultFs() + "/schemas/self_avro/events.avsc";
    HdfsFiles.write(clusters.sourceFs(), schemaFile, SCHEMA);
    writeAvro(dir + "/dt=1/part-0.avro", List.of(1L, 2L));
    writeAvro(dir + "/dt=2/part-0.avro", List.of(3L));
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.ensureDatabase("selfsrc");
      Table avro = SourceTableWriter.define("selfsrc", "events", List.of("id bigint", "name string"),
          List.of("dt string"), Format.TEXT, dir, Map.of("avro.schema.url", schemaFile));
      StorageDescriptor sd = avro.getSd();
      sd.setInputFormat("org.apache.hadoop.hive.ql.io.avro.AvroContainerInputFormat");
      sd.setOutputFormat("org.apache.hadoop.hive.ql.io.avro.AvroContainerOutputFormat");
      sd.getSerdeInfo().setSerializationLib(AVRO_SERDE);
      sd.getSerdeInfo().setParameters(new java.util.HashMap<>(Map.of("avro.schema.url", schemaFile)));
      writer.client().createTable(avro);
      writer.addPartition("selfsrc", "events", List.of("1"), dir + "/dt=1", Map.of());
      writer.addPartition("selfsrc", "events", List.of("2"), dir + "/dt=2", Map.of());
    }
    String yaml = clusters.config("tables:\n  - source: selfsrc.events\n    target-database: selfdst", EXECUTORS);

    Clusters.Run dry = clusters.run(yaml, new RunOptions(true, java.util.Optional.empty()));
    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, dry.code(), dry.toString());
    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    String copy;
    try (SourceTableWriter target = clusters.targetTables()) {
      Table table = target.table("selfdst", "events");
      copy = table.getParameters().get("avro.schema.url");
      assertEquals(copy, table.getSd().getSerdeInfo().getParameters().get("avro.schema.url"));
      assertTrue(copy.startsWith(table.getSd().getLocation() + "/.partsync/schema/"), copy);
      assertEquals(List.of("table property avro.schema.url: " + schemaFile + " -> " + copy,
          "serde property avro.schema.url: " + schemaFile + " -> " + copy), dry.plan().tables().get(0).rewrites());
      assertEquals(SCHEMA, new String(HdfsFiles.read(clusters.targetFs(), copy), StandardCharsets.UTF_8));
      assertEquals(List.of(), sourceUris(table, target.client().listPartitions("selfdst", "events", (short) -1)),
          "nothing of the replica names the source's file system");
    }

    clusters.sourceFs().delete(new Path(schemaFile), false);
    assertEquals(List.of("[1,a1,1]", "[2,a2,1]", "[3,a3,2]"),
        clusters.queryAfterRefresh("selfdst.events", "SELECT id, name, dt FROM selfdst.events ORDER BY id"));

    // Other bytes (a doc) on the source: a new version of the copy, the table switched to it.
    String changed = SCHEMA.replace("\"name\":\"event\",", "\"name\":\"event\",\"doc\":\"v2\",");
    HdfsFiles.write(clusters.sourceFs(), schemaFile, changed);
    Clusters.Run second = clusters.run(yaml);
    Clusters.Run third = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, second.code(), second.toString());
    assertEquals(ExitCode.SUCCESS, third.code(), third.toString());
    try (SourceTableWriter target = clusters.targetTables()) {
      Table table = target.table("selfdst", "events");
      String newCopy = table.getSd().getSerdeInfo().getParameters().get("avro.schema.url");
      assertNotEquals(copy, newCopy);
      assertEquals(newCopy, table.getParameters().get("avro.schema.url"));
      assertEquals(changed, new String(HdfsFiles.read(clusters.targetFs(), newCopy), StandardCharsets.UTF_8));
      assertEquals(SCHEMA, new String(HdfsFiles.read(clusters.targetFs(), copy), StandardCharsets.UTF_8),
          "the previous version stays for readers that still have it");
      assertEquals(2, clusters.targetFs().listStatus(new Path(table.getSd().getLocation() + "/.partsync/schema"))
          .length, "a version per schema, none from the run that changed nothing");
    }
    assertEquals(List.of("[1,a1,1]", "[2,a2,1]", "[3,a3,2]"),
        clusters.queryAfterRefresh("selfdst.events", "SELECT id, name, dt FROM selfdst.events ORDER BY id"));
  }

  @Test
  void aPropertyNamingASourceFileItCannotRewriteRefusesTheTable() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/self_other";
    String other = clusters.source.defaultFs() + "/lookups/codes.csv";
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("selfsrc", "coded", List.of("id bigint"), List.of("dt string"), Format.TEXT, dir,
          Map.of("lookup.file", other));
    }
    HdfsFiles.write(clusters.sourceFs(), dir + "/dt=1/000000_0", "1\n");
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.addPartition("selfsrc", "coded", List.of("1"), dir + "/dt=1", Map.of());
    }
    String before = clusters.state();

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - selfsrc.coded", ONE_EXECUTOR));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 3): source table selfsrc.coded has the table property 'lookup.file' = "
        + other + ", which names the source's file system; a replica keeping it would read the source, and"
        + " partsync rewrites only avro.schema.url and a Spark table's path: remove or change it on the source,"
        + " or leave the table out of 'tables'", run.err().strip());
    assertEquals(before, clusters.state(), "nothing written on either cluster");
  }

  /** Every location and property of the table and its partitions naming the source (partsync's own records aside). */
  private static List<String> sourceUris(Table table, List<Partition> partitions) {
    String sourceFs = clusters.source.defaultFs();
    List<String> found = new ArrayList<>();
    collect("table", table.getParameters(), table.getSd(), sourceFs, found);
    for (Partition p : partitions) {
      collect("partition " + p.getValues(), p.getParameters(), p.getSd(), sourceFs, found);
    }
    return found;
  }

  private static void collect(String what, Map<String, String> parameters, StorageDescriptor sd, String sourceFs,
      List<String> found) {
    parameters.forEach((k, v) -> {
      if (!k.startsWith("partsync.") && v.contains(sourceFs)) {
        found.add(what + " parameter " + k + "=" + v);
      }
    });
    if (sd.getLocation().contains(sourceFs)) {
      found.add(what + " location " + sd.getLocation());
    }
    sd.getSerdeInfo().getParameters().forEach((k, v) -> {
      if (v.contains(sourceFs)) {
        found.add(what + " serde parameter " + k + "=" + v);
      }
    });
    if (sd.getParameters() != null) {
      sd.getParameters().forEach((k, v) -> {
        if (v.contains(sourceFs)) {
          found.add(what + " storage parameter " + k + "=" + v);
        }
      });
    }
  }

  private static void writeAvro(String path, List<Long> ids) throws Exception {
    Schema schema = new Schema.Parser().parse(SCHEMA);
    try (OutputStream out = clusters.sourceFs().create(new Path(path));
        DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
      writer.create(schema, out);
      for (long id : ids) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", id);
        record.put("name", "a" + id);
        writer.append(record);
      }
    }
  }
}
