package io.partsync.targets;

import io.partsync.failure.SyncRefusedException;
import io.partsync.metastore.Column;
import io.partsync.metastore.HiveTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an existing target table's columns must change to take the source's files: columns added, types
 * widened, comments changed. Only changes under which every file already published still reads as before
 * are accepted; any other (a dropped, renamed or narrowed column, a changed partition key) is refused
 * before anything is written, since partitions already on the target would then read wrongly or not at all.
 *
 * <p>Text, sequence and RCFile files are read by position, so there columns may only be added at the end;
 * Parquet, ORC, Avro and JSON files are read by name, so there a column may be added anywhere.
 *
 * @param changes what changes, one line each ("add column c int", "widen column c int to bigint", ...)
 */
public record SchemaChange(List<String> changes) {
  /** SerDes that find a file's columns by name, not position. */
  private static final Set<String> BY_NAME = Set.of(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
      "org.apache.hadoop.hive.ql.io.orc.OrcSerde",
      "org.apache.hadoop.hive.serde2.avro.AvroSerDe",
      "org.apache.hive.hcatalog.data.JsonSerDe",
      "org.apache.hadoop.hive.serde2.JsonSerDe");
  private static final List<String> INTEGERS = List.of("tinyint", "smallint", "int", "bigint");
  private static final Pattern DECIMAL = Pattern.compile("decimal\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
  private static final Pattern VARCHAR = Pattern.compile("varchar\\s*\\(\\s*(\\d+)\\s*\\)");
  private static final Pattern CHAR = Pattern.compile("char\\s*\\(\\s*(\\d+)\\s*\\)");

  public SchemaChange {
    changes = List.copyOf(changes);
  }

  public boolean isEmpty() {
    return changes.isEmpty();
  }

  /**
   * The change from {@code target}'s columns to {@code source}'s, or a {@link SyncRefusedException} naming
   * the first change the target cannot take and what to do instead.
   */
  public static SchemaChange between(HiveTable source, HiveTable target) {
    if (!lower(source.partitionKeys()).equals(lower(target.partitionKeys()))) {
      throw refused(source, target, "has partition keys " + signatures(target.partitionKeys())
          + " but the source has " + signatures(source.partitionKeys()));
    }
    List<String> changes = new ArrayList<>();
    if (BY_NAME.contains(target.storage().serdeLibrary())) {
      byName(source, target, changes);
    } else {
      byPosition(source, target, changes);
    }
    return new SchemaChange(changes);
  }

  private static void byPosition(HiveTable source, HiveTable target, List<String> changes) {
    List<Column> wanted = source.columns();
    List<Column> found = target.columns();
    for (int i = 0; i < found.size(); i++) {
      Column existing = found.get(i);
      if (i >= wanted.size()) {
        throw refused(source, target, "has column " + (i + 1) + " '" + existing.signature() + "' that the source"
            + " no longer has (" + positional(target) + ")");
      }
      Column column = wanted.get(i);
      if (!column.name().equalsIgnoreCase(existing.name())) {
        throw refused(source, target, "has column " + (i + 1) + " '" + existing.signature() + "' where the source "
            + "has '" + column.signature() + "' (a renamed, dropped or moved column; " + positional(target) + ")");
      }
      compare(source, target, existing, column, changes);
    }
    for (int i = found.size(); i < wanted.size(); i++) {
      changes.add("add column " + wanted.get(i).signature());
    }
  }

  private static void byName(HiveTable source, HiveTable target, List<String> changes) {
    Map<String, Column> wanted = new HashMap<>();
    source.columns().forEach(c -> wanted.put(c.name().toLowerCase(Locale.ROOT), c));
    Set<String> existing = new java.util.HashSet<>();
    for (Column column : target.columns()) {
      Column counterpart = wanted.get(column.name().toLowerCase(Locale.ROOT));
      if (counterpart == null) {
        throw refused(source, target, "has column '" + column.signature() + "' that the source no longer has (a"
            + " dropped or renamed column)");
      }
      existing.add(column.name().toLowerCase(Locale.ROOT));
      compare(source, target, column, counterpart, changes);
    }
    source.columns().stream().filter(c -> !existing.contains(c.name().toLowerCase(Locale.ROOT)))
        .forEach(c -> changes.add("add column " + c.signature()));
  }

  private static void compare(HiveTable source, HiveTable target, Column existing, Column column,
      List<String> changes) {
    String from = normalized(existing.type());
    String to = normalized(column.type());
    if (!from.equals(to)) {
      if (!widens(from, to)) {
        throw refused(source, target, "has column '" + existing.signature() + "' where the source has '"
            + column.signature() + "', a type change the files already published would not read under");
      }
      changes.add("widen column " + column.name() + " " + existing.type() + " to " + column.type());
    }
    if (!Objects.equals(blankToNull(existing.comment()), blankToNull(column.comment()))) {
      changes.add("comment column " + column.name() + " '" + Objects.toString(column.comment(), "") + "'");
    }
  }

  /**
   * Whether Hive reads a value stored as {@code from} as the same value of type {@code to}: integers and
   * floats widened, decimals with at least as many integer digits and as large a scale, strings lengthened.
   */
  static boolean widens(String from, String to) {
    if (INTEGERS.contains(from) && INTEGERS.contains(to)) {
      return INTEGERS.indexOf(to) > INTEGERS.indexOf(from);
    }
    if (from.equals("float") && to.equals("double")) {
      return true;
    }
    Matcher fromDecimal = DECIMAL.matcher(from);
    Matcher toDecimal = DECIMAL.matcher(to);
    if (fromDecimal.matches() && toDecimal.matches()) {
      int fromScale = scale(fromDecimal);
      int toScale = scale(toDecimal);
      return toScale >= fromScale
          && Integer.parseInt(toDecimal.group(1)) - toScale >= Integer.parseInt(fromDecimal.group(1)) - fromScale;
    }
    Matcher fromVarchar = VARCHAR.matcher(from);
    if (fromVarchar.matches()) {
      Matcher toVarchar = VARCHAR.matcher(to);
      return to.equals("string")
          || toVarchar.matches() && Integer.parseInt(toVarchar.group(1)) > Integer.parseInt(fromVarchar.group(1));
    }
    // A char's padding is dropped when read as a string, which is how Hive compares chars anyway.
    return CHAR.matcher(from).matches() && to.equals("string");
  }

  private static int scale(Matcher decimal) {
    return decimal.group(2) == null ? 0 : Integer.parseInt(decimal.group(2));
  }

  /** Hive spells types in any case, with optional blanks, and {@code decimal} alone is decimal(10,0). */
  static String normalized(String type) {
    String lower = type.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", "");
    return switch (lower) {
      case "decimal" -> "decimal(10,0)";
      case "integer" -> "int";
      default -> DECIMAL.matcher(lower).matches() && !lower.contains(",") ? lower.replace(")", ",0)") : lower;
    };
  }

  private static String positional(HiveTable target) {
    return target.storage().serdeLibrary() + " reads columns by position";
  }

  private static String blankToNull(String comment) {
    return comment == null || comment.isEmpty() ? null : comment;
  }

  private static List<String> lower(List<Column> columns) {
    return columns.stream().map(c -> c.name().toLowerCase(Locale.ROOT) + " " + normalized(c.type())).toList();
  }

  private static List<String> signatures(List<Column> columns) {
    return columns.stream().map(Column::signature).toList();
  }

  private static SyncRefusedException refused(HiveTable source, HiveTable target, String difference) {
    return new SyncRefusedException("target table " + target.qualifiedName() + " " + difference + "; it cannot "
        + "take the schema of " + source.qualifiedName() + ". Give it a new 'target' table in the config (its "
        + "first run copies every partition), or drop the target table to have partsync recreate it");
  }
}
