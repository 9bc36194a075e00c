package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocationTest {
  private static final String FS = "hdfs://nn1:8020";

  @Test
  void aPathWithoutSchemeIsOnTheDefaultFileSystemAndTrailingSlashesDoNotCount() {
    assertEquals(Location.of("hdfs://nn1:8020/rel/shared", FS), Location.of("/rel/shared/", FS));
    assertEquals("hdfs://nn1:8020/rel/shared", Location.of("/rel/shared//", FS).toString());
    assertEquals(Location.of("HDFS://NN1:8020/rel", FS), Location.of("/rel", FS));
  }

  @Test
  void containmentGoesByWholePathComponents() {
    Location ab = Location.of("/a/b", FS);
    assertTrue(ab.contains(Location.of("/a/b", FS)));
    assertTrue(ab.contains(Location.of("/a/b/c/d", FS)));
    assertFalse(ab.contains(Location.of("/a/bc", FS)), "/a/bc is not inside /a/b");
    assertFalse(Location.of("/a/bc", FS).contains(ab));
    assertFalse(ab.contains(Location.of("/a", FS)));
    assertTrue(Location.of("/a", FS).contains(ab));
    assertTrue(Location.of("/", FS).contains(ab));
    assertTrue(ab.overlaps(Location.of("/a", FS)));
    assertFalse(ab.overlaps(Location.of("/a/c", FS)));
  }

  @Test
  void locationsOnDifferentFileSystemsNeverContainEachOther() {
    Location here = Location.of("/a/b", FS);
    Location there = Location.of("hdfs://nn2:8020/a/b/c", FS);
    assertFalse(here.contains(there));
    assertFalse(here.overlaps(there));
    assertFalse(here.sameFileSystem(Location.of("file:/a/b", FS)));
    assertEquals("hdfs://nn2:8020", there.fileSystem());
    assertEquals("hdfs://nn1:8020", Location.fileSystem(FS + "/"));
  }
}
