package io.partsync.select;

import java.util.Locale;
import java.util.Set;

/** What partition selection needs to know about Hive type names such as {@code varchar(10)}. */
final class HiveTypes {
  private static final Set<String> INTEGRAL = Set.of("tinyint", "smallint", "int", "integer", "bigint");
  private static final Set<String> STRING_LIKE = Set.of("string", "varchar", "char");

  private HiveTypes() {}

  static boolean integral(String type) {
    return type != null && INTEGRAL.contains(base(type));
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
