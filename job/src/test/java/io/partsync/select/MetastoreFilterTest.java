package io.partsync.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rendering format: a comparison is {@code key op "value"} with op one of {@code = <> < <= > >=}; an
 * and/or with several operands puts each operand in parentheses and joins them with " and " / " or "; IN is
 * an or-chain of {@code =} and BETWEEN a {@code >=} / {@code <=} pair, rendered the same way.
 */
class MetastoreFilterTest {
  private static final Map<String, String> TYPES = Map.of("dt", "string", "region", "string",
      "hour", "int", "day", "date", "code", "varchar(3)", "cc", "CHAR(2)", "_x", "string", "date", "string");

  private static Optional<String> pushed(String filter) {
    return PartitionFilter.parse(filter).metastoreFilter(TYPES);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "dt >= '2026-01-01' and region = 'eu' | (dt >= \"2026-01-01\") and (region = \"eu\")",
      "dt = '2026-01-01'                    | dt = \"2026-01-01\"",
      "region != 'eu'                       | region <> \"eu\"",
      "region <> 'eu'                       | region <> \"eu\"",
      "dt < 'b' and dt <= 'c' and dt > 'a'  | (dt < \"b\") and (dt <= \"c\") and (dt > \"a\")",
      "dt = 'a' or region = 'eu'            | (dt = \"a\") or (region = \"eu\")",
      "region in ('eu', 'us')               | (region = \"eu\") or (region = \"us\")",
      "region in ('eu')                     | region = \"eu\"",
      "dt between 'a' and 'b'               | (dt >= \"a\") and (dt <= \"b\")",
      "dt = 'x' and region in ('eu', 'us')  | (dt = \"x\") and ((region = \"eu\") or (region = \"us\"))",
      "(dt = 'a' and region = 'eu') or dt = 'b' | ((dt = \"a\") and (region = \"eu\")) or (dt = \"b\")",
      "code = 'abc' and cc = 'de'           | (code = \"abc\") and (cc = \"de\")",
      "dt = 20260101                        | dt = \"20260101\"",
      "region = \"it's\"                    | region = \"it's\"",
      "DT = 'x'                             | dt = \"x\""})
  void rendersWhatHiveCanTake(String filter, String expected) {
    assertEquals(Optional.of(expected), pushed(filter));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "dt >= 'a' and hour = 5                  | dt >= \"a\"",
      "dt >= 'a' and hour = 5 and region = 'eu' | (dt >= \"a\") and (region = \"eu\")",
      "region = 'eu' and not dt = 'a'          | region = \"eu\"",
      "region = 'eu' and dt not in ('a', 'b')  | region = \"eu\"",
      "region = 'eu' and (dt = 'a' or hour = 5) | region = \"eu\"",
      "region = 'eu' and day = '2026-01-01'    | region = \"eu\"",
      "region = 'eu' and dt = 'a\"b'           | region = \"eu\"",
      "dt in ('a', 'b') and hour in (1, 2)     | (dt = \"a\") or (dt = \"b\")"})
  void anAndPushesItsPushableParts(String filter, String expected) {
    assertEquals(Optional.of(expected), pushed(filter));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "hour = 5", "hour = '5'", "hour between 1 and 3", "day >= '2026-01-01'",
      "not dt = 'a'", "not (dt = 'a' and region = 'eu')", "dt not in ('a')",
      "dt = 'a' or hour = 5", "(dt = 'a' and hour = 5) or region = 'eu'", "dt = 'a' or not region = 'eu'",
      "region = 'say \"hi\"'", "region in ('eu', 'u\"s')", "dt between 'a' and 'b\"'", "region = 'a\\\\b'",
      "_x = 'a'", "date = 'a'", "unknown = 'a'"})
  void nothingIsPushedWhenNoPartIsSafeToPush(String filter) {
    assertEquals(Optional.empty(), pushed(filter));
  }

  /**
   * The pushed filter may select more than the filter, never less. Our own parser reads the metastore
   * syntax too, so check that over a grid of partitions.
   */
  @ParameterizedTest
  @ValueSource(strings = {
      "dt >= 'b' and region = 'eu'", "dt >= 'b' and hour < 2", "(dt = 'a' or region = 'us') and hour = 1",
      "region in ('eu', 'us') and not dt = 'c'", "dt between 'a' and 'b' or region != 'eu'",
      "region = 'eu' and (dt = 'a' or hour = 5)"})
  void thePushedFilterNeverLosesAMatch(String text) {
    PartitionFilter filter = PartitionFilter.parse(text);
    PartitionFilter pushed = PartitionFilter.parse(filter.metastoreFilter(TYPES).orElseThrow());
    for (Map<String, String> partition : grid()) {
      if (filter.matches(partition, TYPES)) {
        assertTrue(pushed.matches(partition, TYPES), pushed + " drops " + partition + " selected by " + filter);
      }
    }
  }

  @Test
  void thePushedFilterStillExcludesSomething() {
    // Guards the grid test above against a pushdown that is trivially true.
    PartitionFilter pushed = PartitionFilter.parse(
        PartitionFilter.parse("dt >= 'b' and hour < 2").metastoreFilter(TYPES).orElseThrow());
    assertTrue(grid().stream().anyMatch(p -> !pushed.matches(p, TYPES)));
  }

  private static List<Map<String, String>> grid() {
    List<Map<String, String>> partitions = new ArrayList<>();
    for (String dt : List.of("a", "b", "c", PartitionFilter.HIVE_NULL_PARTITION)) {
      for (String region : List.of("eu", "us", "apac")) {
        for (String hour : List.of("1", "5", "10")) {
          partitions.add(Map.of("dt", dt, "region", region, "hour", hour));
        }
      }
    }
    return partitions;
  }
}
