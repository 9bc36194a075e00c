package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.partsync.fs.SnapshotChange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceSnapshotTest {
  private static final String TABLE = "hdfs://nn:8020/data/t";
  private final Map<String, String> partitions = new LinkedHashMap<>();

  SourceSnapshotTest() {
    for (String dt : List.of("1", "2")) {
      for (String region : List.of("eu", "us")) {
        String name = "dt=" + dt + "/region=" + region;
        partitions.put(name, TABLE + "/" + name);
      }
    }
    partitions.put("dt=9/region=xx", "hdfs://nn:8020/elsewhere/dt=9");
  }

  @Test
  void aFileChangeTouchesItsPartitionOnly() {
    assertEquals(Set.of("dt=1/region=eu", "dt=9/region=xx"), touched(
        new SnapshotChange("MODIFY", "", null),
        new SnapshotChange("MODIFY", "dt=1", null),
        new SnapshotChange("MODIFY", "dt=1/region=eu", null),
        new SnapshotChange("CREATE", "dt=1/region=eu/000002_0", null)));
  }

  @Test
  void aCreatedDeletedOrRenamedDirectoryTouchesEveryPartitionUnderIt() {
    assertEquals(Set.of("dt=1/region=eu", "dt=1/region=us", "dt=9/region=xx"),
        touched(new SnapshotChange("DELETE", "dt=1", null)));
    assertEquals(Set.of("dt=2/region=us", "dt=1/region=eu", "dt=9/region=xx"),
        touched(new SnapshotChange("RENAME", "dt=2/region=us", "dt=1/region=eu")));
  }

  @Test
  void noChangeTouchesOnlyWhatTheSnapshotDoesNotCover() {
    assertEquals(Set.of("dt=9/region=xx"), touched());
  }

  @Test
  void aLocationMapsIntoTheSnapshotWhenItIsUnderTheTableDirectory() {
    SourceSnapshot snapshot = new SourceSnapshot("db.t", TABLE + "/", "partsync-r1", true);
    assertEquals(TABLE + "/.snapshot/partsync-r1/dt=1/region=eu", snapshot.map(TABLE + "/dt=1/region=eu"));
    assertEquals(TABLE + "/.snapshot/partsync-r1", snapshot.map(TABLE));
    assertNull(snapshot.map("hdfs://nn:8020/data/t2/dt=1"));
    assertNull(snapshot.map("hdfs://nn:8020/elsewhere/dt=9"));
  }

  private Set<String> touched(SnapshotChange... changes) {
    return SourceSnapshot.touched(TABLE, List.of(changes), partitions);
  }
}
