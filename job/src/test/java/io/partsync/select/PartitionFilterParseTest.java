package io.partsync.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartitionFilterParseTest {

  private static String normalized(String text) {
    return PartitionFilter.parse(text).toString();
  }

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> PartitionFilter.parse(text)).getMessage();
  }

  @Test
  void normalizesKeywordsKeysOperatorsAndQuotes() {
    assertEquals("dt >= '2026-01-01' and region = 'eu'", normalized("DT >= \"2026-01-01\" AND Region == 'eu'"));
    assertEquals("a != '1' or b != '2'", normalized("a <> '1' Or b != '2'"));
    assertEquals("a < 1 and b <= 2 and c > -3 and d >= 007", normalized("a<1 and b<=2 and c>-3 and d>=007"));
  }

  @Test
  void andBindsTighterThanOr() {
    // The 'and' group is shown in parentheses so a reader need not know the precedence.
    assertEquals("a = '1' or (b = '1' and c = '1')", normalized("a = '1' or b = '1' and c = '1'"));
    assertEquals("(a = '1' and b = '1') or c = '1'", normalized("a = '1' and b = '1' or c = '1'"));
  }

  @Test
  void notBindsTighterThanAnd() {
    assertEquals("not a = '1' and b = '1'", normalized("not a = '1' and b = '1'"));
    assertEquals("not (a = '1' and b = '1')", normalized("not (a = '1' and b = '1')"));
    assertEquals("not not a = '1'", normalized("NOT not a = '1'"));
  }

  @Test
  void parenthesesOverridePrecedenceAndRedundantOnesDisappear() {
    assertEquals("(a = '1' or b = '1') and c = '1'", normalized("(a = '1' or b = '1') and c = '1'"));
    assertEquals("a = '1' and b = '1' and c = '1'", normalized("((a = '1') and (b = '1' and c = '1'))"));
    assertEquals("a = '1' or b = '1' or c = '1'", normalized("(a = '1' or b = '1') or c = '1'"));
  }

  @Test
  void inNotInAndBetween() {
    assertEquals("region in ('eu', 'us')", normalized("region IN ( 'eu' ,\"us\" )"));
    assertEquals("region not in ('eu')", normalized("region NOT in ('eu')"));
    assertEquals("hour between 1 and 5 and dt = 'x'", normalized("hour between 1 and 5 and dt = 'x'"));
  }

  @Test
  void quotesAndEscapes() {
    PartitionFilter filter = PartitionFilter.parse("name = 'it\\'s' or name = \"say \\\"hi\\\"\" or name = 'a\\\\b'");
    // Printed single-quoted, escaping only ' and \.
    assertEquals("name = 'it\\'s' or name = 'say \"hi\"' or name = 'a\\\\b'", filter.toString());
    assertEquals(Set.of("name"), filter.keys());
    assertEquals("name = 'it\"s'", normalized("name = \"it\\\"s\""));
    assertEquals("name = 'x'", normalized("name = \"x\""));
    assertEquals("name = ''", normalized("name = ''"));
    assertEquals("name = 'a or b = 1'", normalized("name = 'a or b = 1'"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "dt >= '2026-01-01' and region = 'eu'",
      "not (a = 'x' or b in (1, 2)) and c not in ('it\\'s', \"q\\\"\") or d between 'a' and 'b\\\\'",
      "a = -1 or not not b != '' and (c < 'z' or d > 3)"})
  void normalizedTextParsesBackToAnEqualFilter(String text) {
    PartitionFilter filter = PartitionFilter.parse(text);
    PartitionFilter again = PartitionFilter.parse(filter.toString());
    assertEquals(filter, again);
    assertEquals(filter.toString(), again.toString());
  }

  @Test
  void differentFiltersAreNotEqual() {
    assertNotEquals(PartitionFilter.parse("a = 1"), PartitionFilter.parse("a = '1'"));
    assertNotEquals(PartitionFilter.parse("a in (1)"), PartitionFilter.parse("a not in (1)"));
  }

  @Test
  void keysAreLowerCasedAndCollected() {
    assertEquals(Set.of("dt", "region", "hour"),
        PartitionFilter.parse("DT = '1' and (Region in ('eu') or not HOUR between 1 and 2)").keys());
  }

  @Test
  void andCombinesTwoFilters() {
    PartitionFilter user = PartitionFilter.parse("region = 'eu' or region = 'us'");
    PartitionFilter window = PartitionFilter.parse("dt >= '2026-11-17'");
    assertEquals("(region = 'eu' or region = 'us') and dt >= '2026-11-17'",
        PartitionFilter.and(user, window).toString());
    assertEquals(Set.of("region", "dt"), PartitionFilter.and(user, window).keys());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t\n"})
  void emptyTextIsAnError(String text) {
    assertEquals("partition filter is empty", error(text));
  }

  @Test
  void nullTextIsAnError() {
    assertEquals("partition filter is empty", error(null));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "dt ~ '2026'            | expected a comparison operator after 'dt' at position 3: \"~ '2026'\"",
      "Dt '2026'              | expected a comparison operator after 'Dt' at position 3: \"'2026'\"",
      "dt >=                  | expected a quoted string or an integer after '>=' at the end of the filter",
      "dt = x                 | expected a quoted string or an integer after '=' (strings must be quoted) at"
          + " position 5: \"x\"",
      "dt = 'abc              | unterminated string literal (no closing ') at position 5: \"'abc\"",
      "dt = 'a\\nb'           | unsupported escape '\\n' in a string literal (only \\', \\\" and \\\\ are allowed)"
          + " at position 7: \"\\nb'\"",
      "dt = 99999999999999999999 | integer literal out of range at position 5: \"99999999999999999999\"",
      "dt = '1' region = 'eu' | expected 'and', 'or' or the end of the filter at position 9: \"region = 'eu'\"",
      "dt = '1')              | expected 'and', 'or' or the end of the filter at position 8: \")\"",
      "(dt = '1'              | expected ')' to close the '(' at position 0, at the end of the filter",
      "dt in 'a'              | expected '(' after 'in' at position 6: \"'a'\"",
      "dt in ('a' 'b')        | expected ',' or ')' in the 'in' list at position 11: \"'b')\"",
      "dt in ()               | expected a quoted string or an integer in the 'in' list at position 7: \")\"",
      "dt in ('a',)           | expected a quoted string or an integer after ',' at position 11: \")\"",
      "dt not 'a'             | expected 'in' after 'not' at position 7: \"'a'\"",
      "dt between 'a' 'b'     | expected 'and' between the bounds of 'between' at position 15: \"'b'\"",
      "dt between 'a' and     | expected a quoted string or an integer after 'and' at the end of the filter",
      "and = 'x'              | expected a partition key, 'not' or '(' at position 0: \"and = 'x'\"",
      "dt = '1' and           | expected a partition key, 'not' or '(' at the end of the filter",
      "dt = '1' or or b = '2' | expected a partition key, 'not' or '(' at position 12: \"or b = '2'\"",
      "1 = dt                 | expected a partition key, 'not' or '(' at position 0: \"1 = dt\"",
      "dt ! '1'               | expected a comparison operator after 'dt' at position 3: \"! '1'\""})
  void errorsSayWhatWasExpectedAndWhere(String text, String message) {
    assertEquals(message, error(text));
  }
}
