package io.partsync.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionFilterMatchTest {
  private static final String NULL = PartitionFilter.HIVE_NULL_PARTITION;
  private static final Map<String, String> TYPES =
      Map.of("dt", "string", "region", "string", "hour", "int", "day", "date", "code", "varchar(10)");

  private static boolean matches(String filter, Map<String, String> values) {
    return PartitionFilter.parse(filter).matches(values, TYPES);
  }

  @Test
  void stringKeysCompareLexicographically() {
    assertTrue(matches("dt >= '2026-01-01'", Map.of("dt", "2026-01-01")));
    assertFalse(matches("dt >= '2026-01-01'", Map.of("dt", "2025-12-31")));
    assertTrue(matches("dt < '2026-02-01'", Map.of("dt", "2026-01-31")));
    // As strings "9" sorts after "10": that is what a string key means, even when the text looks numeric.
    assertFalse(matches("dt < 10", Map.of("dt", "9")));
    assertTrue(matches("code > 'a10'", Map.of("code", "a9")));
    assertFalse(matches("region = 'eu'", Map.of("region", "EU")));
  }

  @Test
  void dateKeysCompareAsTextWhichIsChronological() {
    assertTrue(matches("day between '2026-01-31' and '2026-02-01'", Map.of("day", "2026-02-01")));
    assertFalse(matches("day > '2026-01-31'", Map.of("day", "2026-01-30")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"int", "bigint", "smallint", "tinyint", "INT", " BigInt "})
  void integralKeysCompareNumerically(String type) {
    Map<String, String> types = Map.of("n", type);
    assertTrue(PartitionFilter.parse("n < 10").matches(Map.of("n", "9"), types));
    assertFalse(PartitionFilter.parse("n < 10").matches(Map.of("n", "10"), types));
    assertTrue(PartitionFilter.parse("n = 9").matches(Map.of("n", "09"), types));
    assertTrue(PartitionFilter.parse("n > -3").matches(Map.of("n", "-2"), types));
    // A quoted number still compares numerically against an integral key.
    assertTrue(PartitionFilter.parse("n between '2' and '10'").matches(Map.of("n", "9"), types));
  }

  @Test
  void integralKeyFallsBackToStringsWhenASideIsNotANumber() {
    // "abc" vs "10" as strings: 'a' > '1'.
    assertTrue(matches("hour > 10", Map.of("hour", "abc")));
    assertFalse(matches("hour < 10", Map.of("hour", "abc")));
    assertTrue(matches("hour < 'x'", Map.of("hour", "9")));
  }

  @Test
  void inAndNotIn() {
    assertTrue(matches("region in ('eu', 'us')", Map.of("region", "us")));
    assertFalse(matches("region in ('eu', 'us')", Map.of("region", "apac")));
    assertTrue(matches("region not in ('eu', 'us')", Map.of("region", "apac")));
    assertFalse(matches("region not in ('eu', 'us')", Map.of("region", "eu")));
    assertTrue(matches("hour in (1, 2, 3)", Map.of("hour", "03")));
  }

  @ParameterizedTest
  @CsvSource({"2026-01-01,true", "2026-01-31,true", "2026-01-15,true", "2025-12-31,false", "2026-02-01,false"})
  void betweenIncludesBothBounds(String dt, boolean expected) {
    assertEquals(expected, matches("dt between '2026-01-01' and '2026-01-31'", Map.of("dt", dt)));
  }

  @Test
  void precedenceDecidesWhatMatches() {
    Map<String, String> onlyA = Map.of("a", "1", "b", "0", "c", "0");
    assertTrue(matches("a = '1' or b = '1' and c = '1'", onlyA));
    assertFalse(matches("(a = '1' or b = '1') and c = '1'", onlyA));
    Map<String, String> neither = Map.of("a", "2", "b", "2");
    assertFalse(matches("not a = '1' and b = '1'", neither));
    assertTrue(matches("not (a = '1' and b = '1')", neither));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "region = 'eu'", "region != 'eu'", "not region = 'eu'", "region < 'zzz'", "not region < 'zzz'",
      "region in ('eu', '__HIVE_DEFAULT_PARTITION__')", "region not in ('eu')", "not region in ('eu')",
      "region between 'a' and 'z'", "not region between 'a' and 'z'", "region = 'eu' or region != 'eu'",
      "not (region = 'eu' or dt = '2')"})
  void theNullPartitionMatchesNoComparisonNorItsNegation(String filter) {
    assertFalse(matches(filter, Map.of("region", NULL, "dt", "1")));
  }

  @Test
  void unknownCombinesWithKnownAsInSql() {
    Map<String, String> values = Map.of("region", NULL, "dt", "1");
    // UNKNOWN or TRUE is TRUE.
    assertTrue(matches("region = 'eu' or dt = '1'", values));
    // UNKNOWN and FALSE is FALSE, so its negation is TRUE.
    assertTrue(matches("not (region = 'eu' and dt = '2')", values));
    // UNKNOWN and TRUE is UNKNOWN, and so is its negation.
    assertFalse(matches("not (region = 'eu' and dt = '1')", values));
  }

  @Test
  void theNullPartitionOfAnIntegralKeyIsNullToo() {
    assertFalse(matches("hour >= 0 or hour < 0", Map.of("hour", NULL)));
  }

  @Test
  void keysInTheFilterAreCaseInsensitive() {
    assertTrue(matches("DT = '1' and Region = 'eu'", Map.of("dt", "1", "region", "eu")));
  }

  @Test
  void aValueMissingFromThePartitionIsNamed() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> matches("dt = '1' and region = 'eu'", Map.of("dt", "1")));
    assertEquals("partition values [dt] have no value for key 'region' used in the partition filter",
        error.getMessage());
  }

  @Test
  void aKeyWithNoTypeComparesAsAString() {
    assertFalse(PartitionFilter.parse("n < 10").matches(Map.of("n", "9"), Map.of()));
  }

  @Test
  void checkKeysAcceptsTheTablesKeysInAnyCase() {
    PartitionFilter.parse("dt = '1' and Region = 'eu'").checkKeys(List.of("DT", "region", "hour"));
  }

  @Test
  void checkKeysNamesTheUnknownKeyAndTheTablesKeys() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PartitionFilter.parse("dt = '1' and regoin = 'eu'").checkKeys(List.of("dt", "region")));
    assertEquals("partition filter [dt = '1' and regoin = 'eu'] uses key 'regoin', which is not a partition"
        + " key of the table; the table's partition keys are dt, region", error.getMessage());
  }

  @Test
  void checkKeysNamesEveryUnknownKey() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PartitionFilter.parse("b = '1' and a = '1' and dt = '1'").checkKeys(List.of("dt")));
    assertTrue(error.getMessage().contains("uses keys 'a', 'b', which are not partition keys of the table;"),
        error.getMessage());
  }

  @Test
  void checkKeysOnAnUnpartitionedTable() {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> PartitionFilter.parse("dt = '1'").checkKeys(List.of()));
    assertTrue(error.getMessage().endsWith("the table has no partition keys"), error.getMessage());
  }
}
