package io.partsync.report;

import io.partsync.config.Sizes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Escaping and the number formats shared by the HTML report's sections. */
final class Html {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Html() {}

  /**
   * Text safe in element content and in quoted attributes alike: table and partition names come from
   * the metastores and may hold any character.
   */
  static String esc(Object value) {
    String text = String.valueOf(value);
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Bytes as a person reads them, e.g. "1.2 GiB". */
  static String bytes(long bytes) {
    return Sizes.human(bytes);
  }

  /** Every digit, grouped by thousands: what to compare with other tools' byte counts. */
  static String exact(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String seconds(long millis) {
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    long seconds = millis / 1000;
    return seconds < 3600 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60)
        : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
  }

  /** An ISO instant from the report as UTC wall-clock time; text that is not one is shown as it is. */
  static String time(String isoInstant) {
    if (isoInstant == null) {
      return "unknown";
    }
    try {
      return TIME.format(Instant.parse(isoInstant));
    } catch (DateTimeParseException e) {
      return isoInstant;
    }
  }

  static String lag(Long lagSeconds) {
    return lagSeconds == null ? "unknown" : seconds(lagSeconds * 1000);
  }
}
