package io.partsync.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.metastore.Column;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Storage;
import io.partsync.targets.SourceUris.Place;
import io.partsync.targets.SourceUris.Rewrite;
import io.partsync.targets.SourceUris.UriProperty;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceUrisTest {
  private static final String FS = "hdfs://src:8020";

  @Test
  void findsQualifiedUrisInAnyPropertyAndBarePathsInUriKeys() {
    HiveTable table = table(Map.of("avro.schema.url", "/schemas/a.avsc", "comment", "/not/a/uri",
        "lookup", FS + "/lookups/x.csv", "elsewhere", "hdfs://other:8020/x"),
        Map.of("path", FS + "/w/t", "serialization.format", "1"));

    assertEquals(List.of(new UriProperty(Place.TABLE, "avro.schema.url", "/schemas/a.avsc"),
        new UriProperty(Place.TABLE, "lookup", FS + "/lookups/x.csv"),
        new UriProperty(Place.SERDE, "path", FS + "/w/t")), SourceUris.onFileSystem(table, FS));
  }

  @Test
  void aFileSystemNamesOnlyItsOwnPathsNotOnesThatShareAPrefix() {
    assertTrue(SourceUris.namesFileSystem("k", "HDFS://SRC:8020/x", FS));
    assertTrue(SourceUris.namesFileSystem("k", FS, FS));
    assertFalse(SourceUris.namesFileSystem("k", "hdfs://src:80201/x", FS));
    assertFalse(SourceUris.namesFileSystem("avro.schema.url", "http://schemas.example.com/a.avsc", FS));
  }

  @Test
  void storageNothingRewritesIsTheSameInstanceForEveryPartition() {
    Storage storage = new Storage("in", "out", "serde", Map.of("avro.schema.url", FS + "/schemas/a.avsc"), false,
        -1, List.of(), List.of(), false, Map.of());
    List<Rewrite> rewrites = List.of(new Rewrite(Place.SERDE, "avro.schema.url", FS + "/schemas/other.avsc",
        "hdfs://dst:8020/schemas/other.avsc"));

    org.junit.jupiter.api.Assertions.assertSame(storage, SourceUris.rewritten(storage, rewrites));
    org.junit.jupiter.api.Assertions.assertSame(storage, SourceUris.rewritten(storage, List.of()));
    Map<String, String> parameters = Map.of("numFiles", "1");
    org.junit.jupiter.api.Assertions.assertSame(parameters, SourceUris.rewritten(parameters, rewrites));
    assertEquals("hdfs://dst:8020/schemas/other.avsc", SourceUris.rewritten(new Storage("in", "out", "serde",
        Map.of("avro.schema.url", FS + "/schemas/other.avsc"), false, -1, List.of(), List.of(), false, Map.of()),
        rewrites).serdeParameters().get("avro.schema.url"));
  }

  @Test
  void onlySchemaUrlsAndASparkTablesPathAreRewritten() {
    assertTrue(SourceUris.isRewritten(new UriProperty(Place.TABLE, "avro.schema.url", "/a")));
    assertTrue(SourceUris.isRewritten(new UriProperty(Place.SERDE, "avro.schema.url", "/a")));
    assertTrue(SourceUris.isRewritten(new UriProperty(Place.SERDE, "path", "/a")));
    assertFalse(SourceUris.isRewritten(new UriProperty(Place.TABLE, "path", "/a")));
    assertFalse(SourceUris.isRewritten(new UriProperty(Place.TABLE, "lookup", "/a")));
  }

  @Test
  void aBarePathIsQualifiedWithTheSourceFileSystem() {
    assertEquals(FS + "/schemas/a.avsc", SourceUris.qualified("/schemas/a.avsc", FS));
    assertEquals("hdfs://other:1/s.avsc", SourceUris.qualified("hdfs://other:1/s.avsc", FS));
  }

  @Test
  void rewritesPairTheUriKeysTheReplicaHoldsWithOtherValues() {
    HiveTable source = table(Map.of("avro.schema.url", FS + "/s/a.avsc"), Map.of("avro.schema.url", FS + "/s/a.avsc"));
    HiveTable target = table(Map.of("avro.schema.url", "hdfs://t/w/t/.partsync/schema/v1/a.avsc"),
        Map.of("avro.schema.url", "hdfs://t/w/t/.partsync/schema/v1/a.avsc"));

    List<Rewrite> rewrites = SourceUris.rewrites(source, target);

    assertEquals(List.of(new Rewrite(Place.TABLE, "avro.schema.url", FS + "/s/a.avsc",
        "hdfs://t/w/t/.partsync/schema/v1/a.avsc"), new Rewrite(Place.SERDE, "avro.schema.url", FS + "/s/a.avsc",
        "hdfs://t/w/t/.partsync/schema/v1/a.avsc")), rewrites);
    assertEquals("table property avro.schema.url: " + FS + "/s/a.avsc -> hdfs://t/w/t/.partsync/schema/v1/a.avsc",
        rewrites.get(0).toString());
    assertEquals(List.of(), SourceUris.rewrites(source, source));
  }

  @Test
  void aPartitionsCopyOfTheTablesPropertiesIsRewrittenAndOthersAreLeft() {
    List<Rewrite> rewrites = List.of(new Rewrite(Place.SERDE, "avro.schema.url", FS + "/s/a.avsc", "/t/a.avsc"));

    assertEquals(Map.of("avro.schema.url", "/t/a.avsc", "k", FS + "/s/a.avsc"),
        SourceUris.rewritten(Map.of("avro.schema.url", FS + "/s/a.avsc", "k", FS + "/s/a.avsc"), rewrites));
    assertEquals(Map.of("avro.schema.url", "/other.avsc"),
        SourceUris.rewritten(Map.of("avro.schema.url", "/other.avsc"), rewrites));
  }

  @Test
  void aSchemaVersionNamesItsBytes() {
    byte[] one = "{\"type\":\"string\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] two = "{\"type\":\"long\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    String first = SchemaFiles.targetUri("hdfs://t/w/t/", FS + "/s/a.avsc", one);
    assertTrue(first.matches("hdfs://t/w/t/\\.partsync/schema/[0-9a-f]{16}/a\\.avsc"), first);
    assertEquals(first, SchemaFiles.targetUri("hdfs://t/w/t", "/s/a.avsc", one));
    assertFalse(first.equals(SchemaFiles.targetUri("hdfs://t/w/t", FS + "/s/a.avsc", two)));
  }

  private static HiveTable table(Map<String, String> parameters, Map<String, String> serde) {
    Storage storage = new Storage("in", "out", "serde", serde, false, -1, List.of(), List.of(), false, Map.of());
    return new HiveTable("db", "t", "etl", "EXTERNAL_TABLE", FS + "/w/t", List.of(new Column("id", "int", null)),
        List.of(new Column("dt", "string", null)), storage, parameters, null, null);
  }
}
