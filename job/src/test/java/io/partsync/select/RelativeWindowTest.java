package io.partsync.select;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelativeWindowTest {
  private static final Clock NOV_23_10AM = clock("2026-11-23T10:00:00Z");

  private static Clock clock(String instant) {
    // The clock's own zone is deliberately not UTC: only the window's zone may matter.
    return Clock.fixed(Instant.parse(instant), ZoneId.of("Pacific/Kiritimati"));
  }

  private static String error(String last, String format, String zone) {
    return assertThrows(IllegalArgumentException.class,
        () -> RelativeWindow.parse("dt", last, format, zone)).getMessage();
  }

  @Test
  void parsesDaysHoursAndDefaultsToUtc() {
    assertEquals(new RelativeWindow("dt", 7, ChronoUnit.DAYS, "yyyy-MM-dd", ZoneOffset.UTC),
        RelativeWindow.parse("DT", " 7d ", "yyyy-MM-dd", null));
    assertEquals(new RelativeWindow("dt", 36, ChronoUnit.HOURS, "yyyyMMddHH", ZoneId.of("Europe/Berlin")),
        RelativeWindow.parse("dt", "36H", "yyyyMMddHH", "Europe/Berlin"));
    assertEquals(ZoneOffset.UTC, RelativeWindow.parse("dt", "1d", "yyyy-MM-dd", " ").zone());
  }

  @Test
  void lastSevenDaysIsTodayAndTheSixDaysBefore() {
    RelativeWindow window = RelativeWindow.parse("dt", "7d", "yyyy-MM-dd", "UTC");
    assertEquals("2026-11-17", window.start(NOV_23_10AM));
    PartitionFilter filter = window.toFilter(NOV_23_10AM);
    assertEquals("dt >= '2026-11-17'", filter.toString());
    long selected = LocalDate.of(2026, 11, 1).datesUntil(LocalDate.of(2026, 11, 24))
        .filter(day -> filter.matches(Map.of("dt", day.toString()), Map.of("dt", "string"))).count();
    assertEquals(7, selected);
  }

  @Test
  void theTimeOfDayDoesNotMatterForDays() {
    RelativeWindow window = RelativeWindow.parse("dt", "1d", "yyyyMMdd", null);
    assertEquals("20261123", window.start(clock("2026-11-23T00:00:00Z")));
    assertEquals("20261123", window.start(clock("2026-11-23T23:59:59Z")));
  }

  @Test
  void aDayWindowWithAnHourlyFormatStartsAtMidnight() {
    assertEquals("2026-11-17-00", RelativeWindow.parse("dt", "7d", "yyyy-MM-dd-HH", null).start(NOV_23_10AM));
  }

  @Test
  void lastHoursIsThisHourAndTheOnesBefore() {
    RelativeWindow window = RelativeWindow.parse("dh", "36h", "yyyyMMddHH", null);
    // 10:37 on the 23rd: hours 10 back to 00 on the 23rd (11), all 24 of the 22nd, and 23:00 on the 21st.
    assertEquals("2026112123", window.start(clock("2026-11-23T10:37:12Z")));
    assertEquals("dh >= '2026112123'", window.toFilter(clock("2026-11-23T10:37:12Z")).toString());
    assertEquals("2026-11-23-10", RelativeWindow.parse("dh", "1h", "yyyy-MM-dd-HH", null).start(NOV_23_10AM));
  }

  @ParameterizedTest
  @CsvSource({
      "2026-11-22T20:00:00Z, UTC,                 2026-11-22",
      "2026-11-22T20:00:00Z, Asia/Tokyo,          2026-11-23",
      "2026-11-23T05:00:00Z, America/Los_Angeles, 2026-11-22",
      "2026-11-23T05:00:00Z, +02:00,              2026-11-23"})
  void daysFollowTheCalendarOfTheWindowsZone(String now, String zone, String start) {
    assertEquals(start, RelativeWindow.parse("dt", "1d", "yyyy-MM-dd", zone).start(clock(now)));
  }

  @Test
  void hoursCountRealHoursAcrossDaylightSaving() {
    RelativeWindow window = RelativeWindow.parse("dh", "3h", "yyyy-MM-dd-HH", "Europe/Berlin");
    // 2026-03-29 02:00 CET does not exist; at 04:30 CEST the last three real hours are 01 CET, 03 and 04 CEST.
    assertEquals("2026-03-29-01", window.start(clock("2026-03-29T02:30:00Z")));
    // 2026-10-25 02:00 happens twice; at the second 02:30 the last three hours are 01, 02 CEST and 02 CET.
    assertEquals("2026-10-25-01", window.start(clock("2026-10-25T01:30:00Z")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "'day='yyyy-MM-dd", "yyyyDDD", "uuuu-MM-dd"})
  void acceptsOrderedDayFormats(String format) {
    assertEquals(format, RelativeWindow.parse("dt", "7d", format, null).format());
  }

  @ParameterizedTest
  @ValueSource(strings = {"yyyy-MM-dd-HH", "yyyyMMddHH", "yyyy-MM-dd'T'HH", "yyyy-MM-dd HH:mm"})
  void acceptsOrderedHourFormats(String format) {
    assertEquals(format, RelativeWindow.parse("dt", "6h", format, null).format());
  }

  @ParameterizedTest
  @ValueSource(strings = {"7w", "7", "d", "", "7 d", "-3d", "1.5d", "7dd", "1234567890123456789d"})
  void rejectsALastThatIsNotDaysOrHours(String last) {
    assertEquals("'last' must be a number of days or hours such as 7d or 36h, got '" + last + "'",
        error(last, "yyyy-MM-dd", null));
  }

  @Test
  void rejectsAMissingLast() {
    assertEquals("'last' must be a number of days or hours such as 7d or 36h, got 'null'",
        error(null, "yyyy-MM-dd", null));
  }

  @Test
  void rejectsAnEmptyOrHugeWindow() {
    assertEquals("window of the last 0 days must be between 1 and 36525 days (100 years)",
        error("0d", "yyyy-MM-dd", null));
    assertEquals("window of the last 876601 hours must be between 1 and 876600 hours (100 years)",
        error("876601h", "yyyyMMddHH", null));
    assertEquals(36525, RelativeWindow.parse("dt", "36525d", "yyyy-MM-dd", null).amount());
  }

  @Test
  void rejectsAnUnknownZone() {
    assertEquals("'zone' must be a time zone such as UTC or Europe/Berlin, got 'Mars/Base'",
        error("7d", "yyyy-MM-dd", "Mars/Base"));
  }

  @Test
  void rejectsAnInvalidPattern() {
    assertTrue(error("7d", "yyyy-MM-dd{", null)
        .startsWith("'format' is not a valid date-time pattern: 'yyyy-MM-dd{' ("));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "dd-MM-yyyy | 2026-01-31T23:00 prints '31-01-2026' and 2026-02-01T00:00 prints '01-02-2026'",
      "MM-dd-yyyy | 2026-12-31T23:00 prints '12-31-2026' and 2027-01-01T00:00 prints '01-01-2027'",
      "yyyy-M-d   | 2026-01-09T23:00 prints '2026-1-9' and 2026-01-10T00:00 prints '2026-1-10'",
      "yy-MM-dd   | 2099-12-31T23:00 prints '99-12-31' and 2100-01-01T00:00 prints '00-01-01'",
      "yyyy-MM-dd-hh | 2026-01-09T00:00 prints '2026-01-09-12' and 2026-01-09T01:00 prints '2026-01-09-01'"})
  void rejectsFormatsThatDoNotSortInTimeOrder(String format, String evidence) {
    String message = error("7d", format, null);
    assertEquals("'format' '" + format + "' does not sort in time order: " + evidence + "; use fixed-width"
        + " fields, most significant first, e.g. yyyy-MM-dd or yyyyMMddHH", message);
  }

  @Test
  void rejectsAnHourWindowWithADayFormat() {
    assertEquals("a window in hours needs a 'format' that prints the hour of day (HH), got 'yyyy-MM-dd'",
        error("36h", "yyyy-MM-dd", null));
    // 'hh' without am/pm does not say which hour of the day it is.
    assertTrue(error("36h", "yyyy-MM-dd-hh", null).startsWith("a window in hours needs"));
  }

  @ParameterizedTest
  // yyyy-mm-dd has minutes where the month should be; YYYY is the week-based year.
  @ValueSource(strings = {"MM-dd", "HH", "yyyy-mm-dd", "yyyy-MM", "YYYY-MM-dd"})
  void rejectsFormatsWithoutYearMonthAndDay(String format) {
    assertTrue(error("7d", format, null).startsWith("'format' must print the year, month and day"));
  }

  @Test
  void rejectsFormatsWithAZone() {
    assertTrue(error("7d", "yyyy-MM-dd z", null).startsWith("'format' 'yyyy-MM-dd z' must print only date and"
        + " time fields (no zone or offset)"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"d t", "1dt", "", "and", "dt;"})
  void rejectsAKeyThatIsNotAName(String key) {
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> RelativeWindow.parse(key, "7d", "yyyy-MM-dd", null));
    assertEquals("window key must be a partition key name such as dt, got '" + key + "'", error.getMessage());
  }

  @Test
  void combinesWithAUserFilter() {
    PartitionFilter both = PartitionFilter.and(PartitionFilter.parse("region = 'eu'"),
        RelativeWindow.parse("dt", "7d", "yyyy-MM-dd", null).toFilter(NOV_23_10AM));
    Map<String, String> types = Map.of("dt", "string", "region", "string");
    assertTrue(both.matches(Map.of("dt", "2026-11-17", "region", "eu"), types));
    assertFalse(both.matches(Map.of("dt", "2026-11-16", "region", "eu"), types));
    assertFalse(both.matches(Map.of("dt", "2026-11-20", "region", "us"), types));
    assertEquals(Optional.of("(region = \"eu\") and (dt >= \"2026-11-17\")"), both.metastoreFilter(types));
  }

  @ParameterizedTest
  @CsvSource({
      "yyyy-MM-dd, 2026-11-23, true",
      "yyyy-MM-dd, latest, false",
      "yyyy-MM-dd, 2026-1-5, false",
      "yyyy-MM-dd, 2026-02-30, false",
      "yyyy-MM-dd, 2026-11-23-old, false",
      "yyyyMMdd, 20261123, true",
      "yyyyMMdd, 99999999, false",
      "yyyyMMddHH, 2026112324, false",
      "yyyyMMddHH, 2026112323, true"})
  void readsOnlyValuesTheFormatPrints(String format, String value, boolean reads) {
    RelativeWindow window = RelativeWindow.parse("dt", format.endsWith("HH") ? "24h" : "7d", format, null);
    assertEquals(reads, window.reads(value));
  }

  @Test
  void aValueTheFormatCannotReadIsNeitherInNorOutOfTheWindow() {
    PartitionFilter window = RelativeWindow.parse("dt", "7d", "yyyy-MM-dd", null).toFilter(NOV_23_10AM);
    Map<String, String> types = Map.of("dt", "string");
    assertTrue(window.matches(Map.of("dt", "2026-11-23"), types));
    assertFalse(window.matches(Map.of("dt", "latest"), types), "'latest' sorts after every date as text");
    assertFalse(window.matches(Map.of("dt", PartitionFilter.HIVE_NULL_PARTITION), types));
    // Still pushed to the metastore as a plain comparison: it may send more, never less.
    assertEquals(Optional.of("dt >= \"2026-11-17\""), window.metastoreFilter(types));
  }

  @Test
  void anIntegerKeyComparesDigitsOnlyValuesAsNumbers() {
    RelativeWindow window = RelativeWindow.parse("day", "7d", "yyyyMMdd", null);
    window.checkKeyType("int");
    window.checkKeyType("BIGINT");
    PartitionFilter filter = window.toFilter(NOV_23_10AM);
    Map<String, String> types = Map.of("day", "int");
    assertTrue(filter.matches(Map.of("day", "20261117"), types));
    assertFalse(filter.matches(Map.of("day", "20261116"), types));
    assertFalse(filter.matches(Map.of("day", "99999999"), types), "no date, though larger as a number");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "string | yyyy-MM-dd | ",
      "varchar(10) | yyyyMMdd | ",
      "date | yyyy-MM-dd | ",
      "int | yyyy-MM-dd | the window on key 'dt' (type int) with format 'yyyy-MM-dd' cannot compare its values:"
          + " an integer key holds digits only, so use a digits-only format such as yyyyMMdd or yyyyMMddHH",
      "date | yyyyMMdd | the window on key 'dt' (type date) with format 'yyyyMMdd' cannot read its values: Hive"
          + " writes date values as yyyy-MM-dd, so use format yyyy-MM-dd",
      "smallint | yyyyMMdd | the window on key 'dt' (type smallint) with format 'yyyyMMdd' cannot compare its"
          + " values as times: a window needs a key of type string, varchar or char, date (format yyyy-MM-dd), or"
          + " int or bigint (a digits-only format such as yyyyMMdd); select this table's partitions with 'filter'"
          + " instead",
      "timestamp | yyyy-MM-dd | the window on key 'dt' (type timestamp) with format 'yyyy-MM-dd' cannot compare"
          + " its values as times: a window needs a key of type string, varchar or char, date (format yyyy-MM-dd),"
          + " or int or bigint (a digits-only format such as yyyyMMdd); select this table's partitions with"
          + " 'filter' instead"})
  void aWindowTakesOnlyKeyTypesItCanCompare(String type, String format, String refusal) {
    RelativeWindow window = RelativeWindow.parse("dt", "7d", format, null);
    if (refusal == null) {
      window.checkKeyType(type);
    } else {
      assertEquals(refusal, assertThrows(IllegalArgumentException.class, () -> window.checkKeyType(type))
          .getMessage());
    }
  }
}
