package io.partsync.config;

import io.partsync.failure.Echo;
import io.partsync.metastore.TableName;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The kinds of value several sections take (choices, durations, names, locations), each refused in one line. */
final class ConfigValues {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern NAME_PATTERN = Pattern.compile("[A-Za-z0-9_*?]+");

  private ConfigValues() {}

  /** The constant of {@code type} the node names, in any case. */
  static <E extends Enum<E>> E choice(ConfigNode node, Class<E> type) {
    String text = node.text();
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw node.error("must be one of " + Arrays.stream(type.getEnumConstants())
        .map(v -> "'" + v.name().toLowerCase(Locale.ROOT) + "'").collect(Collectors.joining(", "))
        + ", " + ConfigNode.got(text));
  }

  /** A duration of at least {@code minimum}; {@code examples} are what the message suggests instead. */
  static Duration duration(ConfigNode node, Duration minimum, String examples) {
    Duration value = Sizes.parseDuration(node.text());
    if (value == null || value.compareTo(minimum) < 0) {
      throw node.error("must be a duration such as " + examples + ", " + ConfigNode.got(node.text()));
    }
    return value;
  }

  /** Refuses {@code value} past {@code max}, saying {@code why} a longer one makes no sense. */
  static void atMost(ConfigNode node, Duration value, Duration max, String why) {
    if (value.compareTo(max) > 0) {
      throw node.error("must be at most " + human(max) + " (" + why + "), " + ConfigNode.got(node.text()));
    }
  }

  /** The node's text, refused when longer than {@code max} characters that no {@code what} needs. */
  static String shortText(ConfigNode node, int max, String what) {
    String text = node.text();
    int length = text.codePointCount(0, text.length());
    if (length > max) {
      throw node.error("is " + length + " characters long, '" + Echo.of(text) + "'; " + what + " has at most "
          + max);
    }
    return text;
  }

  /** A directory given as an absolute path or a URI, or null when the node is. */
  static String location(ConfigNode node) {
    if (node == null) {
      return null;
    }
    String location = node.text();
    if (!location.contains("://") && !location.startsWith("/")) {
      throw node.error("must be an absolute path or a URI, " + ConfigNode.got(location));
    }
    return location;
  }

  /** A source table name or pattern as db.table; {@code *} and {@code ?} are allowed in either part. */
  static TableName sourceName(ConfigNode node) {
    String text = node.text();
    Optional<TableName> name = TableName.parse(text);
    if (name.isEmpty() || !NAME_PATTERN.matcher(name.get().database()).matches()
        || !NAME_PATTERN.matcher(name.get().table()).matches()) {
      throw node.error("must be a table name or pattern as db.table (e.g. sales.orders, sales.*,"
          + " logs.events_*), " + ConfigNode.got(text));
    }
    return lowerCase(node, name.get());
  }

  /** A database name, lower case, or null when the node is. */
  static String databaseName(ConfigNode node) {
    if (node == null) {
      return null;
    }
    String text = node.text();
    if (!NAME.matcher(text).matches()) {
      throw node.error("must be a database name, " + ConfigNode.got(text));
    }
    checkLength(node, text);
    return text.toLowerCase(Locale.ROOT);
  }

  /** A table name as db.table, both parts lower case. */
  static TableName qualifiedName(ConfigNode node) {
    String text = node.text();
    Optional<TableName> name = TableName.parse(text);
    if (name.isEmpty() || !NAME.matcher(name.get().database()).matches()
        || !NAME.matcher(name.get().table()).matches()) {
      throw node.error("must be a table name as db.table, " + ConfigNode.got(text));
    }
    return lowerCase(node, name.get());
  }

  private static TableName lowerCase(ConfigNode node, TableName name) {
    checkLength(node, name.database(), name.table());
    return new TableName(name.database().toLowerCase(Locale.ROOT), name.table().toLowerCase(Locale.ROOT));
  }

  /** Refuses a database or table name longer than Hive allows, which no metastore could hold. */
  private static void checkLength(ConfigNode node, String... names) {
    for (String name : names) {
      int length = name.codePointCount(0, name.length());
      if (length > Limits.MAX_NAME) {
        throw node.error("has a name of " + length + " characters, '" + Echo.of(name) + "'; Hive allows at most "
            + Limits.MAX_NAME + " in a database or table name");
      }
    }
  }

  /** A bound as the config writes it: 1h, 30d is 720h. */
  private static String human(Duration duration) {
    return duration.toMinutes() % 60 != 0 ? duration.toMinutes() + "m" : duration.toHours() + "h";
  }
}
