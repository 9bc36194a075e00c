package io.partsync.select;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "The last {@code amount} days (or hours) of partition key {@code key}", where the key's values are times
 * printed with the pattern {@code format} in {@code zone}. The window includes the current day (hour) and
 * the {@code amount - 1} before it, so "last 7 days" on 2026-11-23 starts at 2026-11-17.
 */
public record RelativeWindow(String key, long amount, ChronoUnit unit, String format, ZoneId zone) {
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LAST = Pattern.compile("(\\d{1,18})([dDhH])");
  // A bound keeps the start date printable; a century of partitions is more than any copy job means.
  private static final long MAX_DAYS = 36_525;

  public RelativeWindow {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(zone, "zone");
    if (!KEY.matcher(key).matches() || FilterParser.isKeyword(key)) {
      throw new IllegalArgumentException("window key must be a partition key name such as dt, got '" + key
          + "'");
    }
    key = key.toLowerCase(Locale.ROOT);
    if (unit != ChronoUnit.DAYS && unit != ChronoUnit.HOURS) {
      throw new IllegalArgumentException("window unit must be DAYS or HOURS, got " + unit);
    }
    long max = unit == ChronoUnit.DAYS ? MAX_DAYS : MAX_DAYS * 24;
    if (amount < 1 || amount > max) {
      String units = unit.toString().toLowerCase(Locale.ROOT);
      throw new IllegalArgumentException("window of the last " + amount + " " + units + " must be between 1"
          + " and " + max + " " + units + " (100 years)");
    }
    WindowFormat.check(format, unit);
  }

  /**
   * From configuration text: {@code last} like {@code 7d} or {@code 36h}; {@code zone} a zone id, UTC when
   * null or blank.
   */
  public static RelativeWindow parse(String key, String last, String format, String zone) {
    Matcher matcher = LAST.matcher(last == null ? "" : last.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException("'last' must be a number of days or hours such as 7d or 36h, got '"
          + last + "'");
    }
    long amount = Long.parseLong(matcher.group(1));
    ChronoUnit unit = matcher.group(2).equalsIgnoreCase("d") ? ChronoUnit.DAYS : ChronoUnit.HOURS;
    return new RelativeWindow(key, amount, unit, format, zone(zone));
  }

  private static ZoneId zone(String zone) {
    if (zone == null || zone.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(zone.trim());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'zone' must be a time zone such as UTC or Europe/Berlin, got '" + zone
          + "'", e);
    }
  }

  /** The first partition value inside the window, as {@code format} prints it. */
  public String start(Clock clock) {
    return WindowFormat.formatter(format).format(startTime(clock));
  }

  /** {@code key >= start(clock)}, for values the format reads; other values are neither in nor out. */
  public PartitionFilter toFilter(Clock clock) {
    return PartitionFilter.windowStart(key, start(clock), format);
  }

  /** Whether {@code value} is a time exactly as the format prints it, e.g. not 'latest' or '2026-02-30'. */
  public boolean reads(String value) {
    return WindowFormat.reads(format, value);
  }

  /**
   * Refuses a partition key of a Hive type the window cannot compare with its format: text keys take any
   * format; date keys, whose values Hive writes as yyyy-MM-dd, only that; int and bigint keys, compared as
   * numbers, only a format printing digits alone (yyyyMMdd, yyyyMMddHH), which order as numbers as they do
   * as text. Other types (smallint too small for a date, decimal, timestamp, ...) are refused.
   */
  public void checkKeyType(String type) {
    String shown = "the window on key '" + key + "' (type " + type + ") with format '" + format + "'";
    if (HiveTypes.stringLike(type)) {
      return;
    }
    if (HiveTypes.date(type)) {
      if (!WindowFormat.printsIsoDate(format)) {
        throw new IllegalArgumentException(shown + " cannot read its values: Hive writes date values as"
            + " yyyy-MM-dd, so use format yyyy-MM-dd");
      }
      return;
    }
    if (HiveTypes.windowInteger(type)) {
      if (!WindowFormat.printsDigitsOnly(format)) {
        throw new IllegalArgumentException(shown + " cannot compare its values: an integer key holds digits only,"
            + " so use a digits-only format such as yyyyMMdd or yyyyMMddHH");
      }
      return;
    }
    throw new IllegalArgumentException(shown + " cannot compare its values as times: a window needs a key of"
        + " type string, varchar or char, date (format yyyy-MM-dd), or int or bigint (a digits-only format such as"
        + " yyyyMMdd); select this table's partitions with 'filter' instead");
  }

  /**
   * Days count on the calendar of {@code zone}; hours count on the time line, so that a window of N hours
   * spans N real hours across a daylight-saving change. The clock's own zone does not matter.
   */
  private LocalDateTime startTime(Clock clock) {
    ZonedDateTime now = clock.instant().atZone(zone);
    if (unit == ChronoUnit.DAYS) {
      return now.toLocalDate().minusDays(amount - 1).atStartOfDay();
    }
    return now.truncatedTo(ChronoUnit.HOURS).minusHours(amount - 1).toLocalDateTime();
  }
}
