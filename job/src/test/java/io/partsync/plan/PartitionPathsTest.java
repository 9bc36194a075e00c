package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.failure.SyncRefusedException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionPathsTest {
  private static final String TABLE = "hdfs://nn:8020/warehouse/db.db/t";

  @Test
  void escapesAsHiveDoes() {
    assertEquals("dt=2026-01-01/hour=10%3A00", PartitionPaths.name(List.of("dt", "hour"), List.of("2026-01-01", "10:00")));
    assertEquals("city=New York", PartitionPaths.name(List.of("city"), List.of("New York")));
    assertEquals("path=a%2Fb", PartitionPaths.name(List.of("path"), List.of("a/b")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "../..", "../../etc", "/", "a/../../b", ".", "%2F.."})
  void aValueNeverLeavesTheTableDirectory(String value) {
    String name = PartitionPaths.name(List.of("p"), List.of(value));
    String dir = PartitionPaths.directory("db.t", TABLE, name);
    assertTrue(dir.startsWith(TABLE + "/p="), dir);
    assertEquals(TABLE, dir.substring(0, dir.lastIndexOf('/')), "one level below the table: " + dir);
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "p=1/..", "p=1/../..", ".", ""})
  void refusesANameThatWouldEscape(String name) {
    SyncRefusedException error = assertThrows(SyncRefusedException.class,
        () -> PartitionPaths.directory("db.t", TABLE, name));
    assertTrue(error.getMessage().contains("outside the table location " + TABLE), error.getMessage());
  }
}
