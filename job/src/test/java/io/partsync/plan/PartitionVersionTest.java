package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.fs.DataFile;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionVersionTest {
  private static final List<DataFile> FILES = List.of(new DataFile("part-0", 100, 1000),
      new DataFile("sub/part-1", 200, 2000));

  @Test
  void theSameFilesInAnyOrderHaveTheSameVersion() {
    assertEquals(PartitionVersion.of(FILES), PartitionVersion.of(List.of(FILES.get(1), FILES.get(0))));
    assertTrue(PartitionVersion.of(FILES).matches("v1:[0-9a-f]{32}"), PartitionVersion.of(FILES));
  }

  @Test
  void anyChangeToAFileChangesTheVersion() {
    String version = PartitionVersion.of(FILES);
    assertNotEquals(version, PartitionVersion.of(List.of(FILES.get(0))), "file removed");
    assertNotEquals(version, PartitionVersion.of(List.of(FILES.get(0), FILES.get(1),
        new DataFile("part-2", 1, 1))), "file added");
    assertNotEquals(version, PartitionVersion.of(List.of(FILES.get(0), new DataFile("sub/part-1", 200, 2001))),
        "rewritten with the same length");
    assertNotEquals(version, PartitionVersion.of(List.of(FILES.get(0), new DataFile("sub/part-1", 201, 2000))),
        "length");
    assertNotEquals(version, PartitionVersion.of(List.of(FILES.get(0), new DataFile("sub/part-2", 200, 2000))),
        "renamed");
    assertNotEquals(version, PartitionVersion.of(List.of(FILES.get(0), FILES.get(1).withChecksum(0xabcL))),
        "checksum known");
    assertNotEquals(PartitionVersion.of(List.of(FILES.get(0).withChecksum(1))),
        PartitionVersion.of(List.of(FILES.get(0).withChecksum(2))), "checksum differs");
  }

  @Test
  void anEmptyPartitionHasAVersionToo() {
    assertEquals(PartitionVersion.of(List.of()), PartitionVersion.of(List.of()));
    assertNotEquals(PartitionVersion.of(List.of()), PartitionVersion.of(FILES));
  }
}
