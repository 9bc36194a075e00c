package io.partsync.path;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PathStringsTest {
  @Test
  void oneTrailingSlashGoesSoThatAJoinedNameHasExactlyOne() {
    assertEquals("hdfs://nn/warehouse", PathStrings.withoutTrailingSlash("hdfs://nn/warehouse/"));
    assertEquals("hdfs://nn/warehouse", PathStrings.withoutTrailingSlash("hdfs://nn/warehouse"));
    assertEquals("/a/", PathStrings.withoutTrailingSlash("/a//"), "only one");
    assertEquals("/db.db", PathStrings.withoutTrailingSlash("/") + "/db.db");
  }
}
