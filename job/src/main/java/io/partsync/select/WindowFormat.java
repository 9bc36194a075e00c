package io.partsync.select;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks that a date-time pattern can name time-based partitions: a window is the filter
 * {@code key >= start}, which is only right if the printed values sort as the times they stand for.
 */
final class WindowFormat {
  private static final LocalDateTime ROUND_TRIP_SAMPLE = LocalDateTime.of(2026, 3, 14, 15, 0);

  // Whole days, hour by hour, around the boundaries where a badly ordered or unpadded pattern shows:
  // day 9 to 10, month end, month 9 to 10, year end, and the century for two-digit years.
  private static final List<LocalDate> ORDER_SAMPLE_DAYS = List.of(
      LocalDate.of(2026, 1, 9), LocalDate.of(2026, 1, 10), LocalDate.of(2026, 1, 31),
      LocalDate.of(2026, 2, 1), LocalDate.of(2026, 9, 30), LocalDate.of(2026, 10, 1),
      LocalDate.of(2026, 12, 31), LocalDate.of(2027, 1, 1), LocalDate.of(2099, 12, 31),
      LocalDate.of(2100, 1, 1));

  // Patterns a run reads partition values with, parsed once each rather than once per partition.
  private static final Map<String, DateTimeFormatter> FORMATTERS = new ConcurrentHashMap<>();

  private WindowFormat() {}

  /** Whether the value is what the pattern prints for some time: it parses and prints back the same. */
  static boolean reads(String pattern, String value) {
    DateTimeFormatter formatter = FORMATTERS.computeIfAbsent(pattern, WindowFormat::formatter);
    try {
      return formatter.format(formatter.parse(value)).equals(value);
    } catch (DateTimeException e) {
      return false;
    }
  }

  /** Whether the pattern prints digits alone, so that its values compare as numbers as they do as text. */
  static boolean printsDigitsOnly(String pattern) {
    return formatter(pattern).format(ROUND_TRIP_SAMPLE).chars().allMatch(c -> c >= '0' && c <= '9');
  }

  /** Whether the pattern prints a day as Hive writes date values, yyyy-MM-dd. */
  static boolean printsIsoDate(String pattern) {
    return formatter(pattern).format(ROUND_TRIP_SAMPLE).equals(ROUND_TRIP_SAMPLE.toLocalDate().toString());
  }

  static DateTimeFormatter formatter(String pattern) {
    try {
      return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'format' is not a valid date-time pattern: '" + pattern + "' ("
          + e.getMessage() + ")", e);
    }
  }

  /** Validates the pattern for a window counted in {@code unit}. */
  static void check(String pattern, ChronoUnit unit) {
    DateTimeFormatter formatter = formatter(pattern);
    boolean hourly = printsHour(pattern, formatter);
    if (unit == ChronoUnit.HOURS && !hourly) {
      throw new IllegalArgumentException("a window in hours needs a 'format' that prints the hour of day"
          + " (HH), got '" + pattern + "'");
    }
    checkOrder(pattern, formatter);
  }

  /** Round-trips a sample time; says whether the pattern resolves to the hour or only to the day. */
  private static boolean printsHour(String pattern, DateTimeFormatter formatter) {
    String text = print(pattern, formatter, ROUND_TRIP_SAMPLE);
    TemporalAccessor parsed;
    LocalDate date;
    try {
      parsed = formatter.parse(text);
      date = LocalDate.from(parsed);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'format' must print the year, month and day so that it reads back,"
          + " e.g. yyyy-MM-dd; '" + pattern + "' prints '" + text + "'", e);
    }
    boolean hourly = parsed.isSupported(ChronoField.HOUR_OF_DAY);
    boolean same = date.equals(ROUND_TRIP_SAMPLE.toLocalDate())
        && (!hourly || parsed.get(ChronoField.HOUR_OF_DAY) == ROUND_TRIP_SAMPLE.getHour());
    if (!same) {
      throw new IllegalArgumentException("'format' '" + pattern + "' prints " + ROUND_TRIP_SAMPLE + " as '"
          + text + "' but reads that back as a different time");
    }
    return hourly;
  }

  private static void checkOrder(String pattern, DateTimeFormatter formatter) {
    List<LocalDateTime> samples = new ArrayList<>();
    ORDER_SAMPLE_DAYS.forEach(day -> {
      for (int hour = 0; hour < 24; hour++) {
        samples.add(day.atTime(hour, 0));
      }
    });
    for (int i = 1; i < samples.size(); i++) {
      LocalDateTime earlier = samples.get(i - 1);
      LocalDateTime later = samples.get(i);
      String a = print(pattern, formatter, earlier);
      String b = print(pattern, formatter, later);
      if (a.compareTo(b) > 0) {
        throw new IllegalArgumentException("'format' '" + pattern + "' does not sort in time order: " + earlier
            + " prints '" + a + "' and " + later + " prints '" + b + "'; use fixed-width fields, most"
            + " significant first, e.g. yyyy-MM-dd or yyyyMMddHH");
      }
    }
  }

  private static String print(String pattern, DateTimeFormatter formatter, LocalDateTime time) {
    try {
      return formatter.format(time);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'format' '" + pattern + "' must print only date and time fields"
          + " (no zone or offset): " + e.getMessage(), e);
    }
  }
}
