package io.partsync.select;

import java.util.Locale;
import java.util.Set;

/** What partition selection needs to know about Hive type names such as {@code varchar(10)}. */
final class HiveTypes {
  private static final Set<String> INTEGRAL = Set.of("tinyint", "smallint", "int", "integer", "bigint");
  private static final Set<String> STRING_LIKE = Set.of("string", "varchar", "char");
  // Wide enough for yyyyMMddHH (2026112310) until the year 2147; smallint and tinyint hold no date.
  private static final Set<String> WINDOW_INTEGER = Set.of("int", "integer", "bigint");

  private HiveTypes() {}

  static boolean integral(String type) {
    return type != null && INTEGRAL.contains(base(type));
  }

  static boolean date(String type) {
    return type != null && base(type).equals("date");
  }

  static boolean windowInteger(String type) {
    return type != null && WINDOW_INTEGER.contains(base(type));
  }

  static boolean stringLike(String type) {
    return type != null && STRING_LIKE.contains(base(type));
  }

  private static String base(String type) {
    String lower = type.trim().toLowerCase(Locale.ROOT);
    int paren = lower.indexOf('(');
    return (paren < 0 ? lower : lower.substring(0, paren)).trim();
  }
}
