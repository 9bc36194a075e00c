package io.partsync.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.partsync.config.ReadReplica;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplicaReadTest {

  @Test
  void withoutAPathMapThePrimaryFileSystemMapsToTheReplicas() {
    ReplicaRead replica = ReplicaRead.of(new ReadReplica("hdfs://dr:8020", Map.of(), List.of(), true),
        "hdfs://prod:8020");
    assertEquals(Optional.of("hdfs://dr:8020/warehouse/t/dt=1/f"), replica.map("hdfs://prod:8020/warehouse/t/dt=1/f"));
    assertEquals(Optional.empty(), replica.map("hdfs://prod:80200/warehouse/t/f"), "a prefix ends at a '/'");
    assertEquals(Optional.empty(), replica.map("s3a://bucket/t/f"));
    assertEquals("hdfs://dr:8020", replica.properties().get("fs.defaultFS"));
  }

  @Test
  void theLongestMatchingPrefixWins() {
    ReplicaRead replica = ReplicaRead.of(new ReadReplica("hdfs://dr:8020", Map.of(), List.of(
        Map.entry("hdfs://prod:8020/warehouse/", "hdfs://dr:8020/copy/warehouse"),
        Map.entry("hdfs://prod:8020/warehouse/hot", "hdfs://observer:8020/warehouse/hot")), false),
        "hdfs://prod:8020");
    assertEquals(Optional.of("hdfs://observer:8020/warehouse/hot/dt=1/f"),
        replica.map("hdfs://prod:8020/warehouse/hot/dt=1/f"));
    assertEquals(Optional.of("hdfs://dr:8020/copy/warehouse/hotter/f"), replica.map("hdfs://prod:8020/warehouse/hotter/f"));
    assertEquals(Optional.empty(), replica.map("hdfs://prod:8020/tmp/f"), "unmapped: read from the primary");
  }
}
