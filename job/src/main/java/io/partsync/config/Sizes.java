package io.partsync.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the human units used in the config: sizes as Spark writes them (512m, 2g) and durations (30s, 5m). */
public final class Sizes {
  // A unit is required: a bare number means bytes to some tools and MiB to spark-submit.
  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmgt])b?");
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Sizes() {}

  /**
   * Bytes for "512m", "2g", "64k"; -1 if the text is not a size with a unit; {@code Long.MAX_VALUE} if it
   * is one too large for a long.
   */
  public static long parseBytes(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return -1;
    }
    long unit = switch (m.group(2)) {
      case "k" -> 1L << 10;
      case "m" -> 1L << 20;
      case "g" -> 1L << 30;
      default -> 1L << 40;
    };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      // Too many digits for a long is still a size, just an absurd one: callers refuse it by their bound.
      return Long.MAX_VALUE;
    }
  }

  /** A duration for "30s", "5m", "1h", "250ms"; null if the text is not one; the longest one if it overflows. */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      return null;
    }
    try {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    } catch (ArithmeticException | NumberFormatException e) {
      // A duration, just too long to hold: callers refuse it by their bound.
      return Duration.ofSeconds(Long.MAX_VALUE);
    }
  }

  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
