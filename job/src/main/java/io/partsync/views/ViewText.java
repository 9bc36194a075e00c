package io.partsync.views;

import io.partsync.metastore.TableName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The names a view's SQL text qualifies, found and renamed without parsing the SQL: a small tokenizer
 * that skips string literals, comments and unqualified words, and looks at {@code db.table} pairs only
 * (bare or back-quoted, any case). A pair is renamed only when it is a key of the renames, so a
 * {@code alias.column} pair is left alone unless it happens to name a renamed table; what is not renamed
 * stays byte for byte as written.
 */
public final class ViewText {
  private ViewText() {}

  /** One identifier of the text: where it is, its name (unquoted, lower case), and whether it was quoted. */
  record Identifier(int start, int end, String name, boolean quoted) {}

  /**
   * The {@code db.table} pairs of the text, lower case, in order of appearance, each once: for Hive's
   * expanded text, which qualifies every table it reads, these are the tables the view reads (with
   * {@code alias.column} pairs among them, which name no table and are told apart by the caller).
   */
  public static Set<TableName> qualifiedNames(String sql) {
    Set<TableName> names = new LinkedHashSet<>();
    for (Identifier[] pair : pairs(sql)) {
      names.add(new TableName(pair[0].name(), pair[1].name()));
    }
    return names;
  }

  /** Whether {@code word} appears in the text as an identifier that is not part of a dotted name. */
  public static boolean appearsUnqualified(String sql, String word) {
    List<Identifier> identifiers = identifiers(sql);
    String lower = word.toLowerCase(Locale.ROOT);
    for (int i = 0; i < identifiers.size(); i++) {
      Identifier id = identifiers.get(i);
      boolean dotted = (i > 0 && dotBetween(sql, identifiers.get(i - 1), id))
          || (i + 1 < identifiers.size() && dotBetween(sql, id, identifiers.get(i + 1)));
      if (!dotted && id.name().equals(lower)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The text with every qualified reference to a key of {@code renames} (source {@code db.table}, lower
   * case) replaced by its value, quoted as the original was.
   */
  public static String rename(String sql, Map<TableName, TableName> renames) {
    if (sql == null) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    int copied = 0;
    for (Identifier[] pair : pairs(sql)) {
      TableName to = renames.get(new TableName(pair[0].name(), pair[1].name()));
      if (to == null) {
        continue;
      }
      out.append(sql, copied, pair[0].start()).append(quoted(to.database(), pair[0].quoted()));
      out.append(sql, pair[0].end(), pair[1].start()).append(quoted(to.table(), pair[1].quoted()));
      copied = pair[1].end();
    }
    return out.append(sql.substring(copied)).toString();
  }

  private static String quoted(String name, boolean quoted) {
    return quoted ? "`" + name.replace("`", "``") + "`" : name;
  }

  /**
   * The first two parts of every dotted name ({@code a.b}, {@code a.b.c}): a part after a dot is a column
   * or field, never a table's database.
   */
  private static List<Identifier[]> pairs(String sql) {
    List<Identifier> identifiers = identifiers(sql);
    List<Identifier[]> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < identifiers.size(); i++) {
      boolean afterDot = i > 0 && dotBetween(sql, identifiers.get(i - 1), identifiers.get(i));
      if (!afterDot && dotBetween(sql, identifiers.get(i), identifiers.get(i + 1))) {
        pairs.add(new Identifier[] {identifiers.get(i), identifiers.get(i + 1)});
        i++;
      }
    }
    return pairs;
  }

  /** Whether only a dot (and blanks) stands between two identifiers. */
  private static boolean dotBetween(String sql, Identifier first, Identifier second) {
    return sql.substring(first.end(), second.start()).strip().equals(".");
  }

  /**
   * Every identifier outside string literals and comments; a number or any other token ends the one
   * before it, so that {@code a . b} pairs only when nothing but the dot stands between.
   */
  static List<Identifier> identifiers(String sql) {
    List<Identifier> identifiers = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        i = endOfString(sql, i, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int eol = sql.indexOf('\n', i);
        i = eol < 0 ? n : eol + 1;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else if (c == '`') {
        int end = endOfQuoted(sql, i);
        String name = sql.substring(i + 1, end - 1).replace("``", "`");
        identifiers.add(new Identifier(i, end, name.toLowerCase(Locale.ROOT), true));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        identifiers.add(new Identifier(i, end, sql.substring(i, end).toLowerCase(Locale.ROOT), false));
        i = end;
      } else if (Character.isDigit(c)) {
        // A number such as 1.5 is no dotted name: skip it whole.
        int end = i;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
          end++;
        }
        i = end;
      } else {
        i++;
      }
    }
    return identifiers;
  }

  /** Past a string literal opened at {@code start}: Hive ends it at the same quote, a backslash escapes. */
  private static int endOfString(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return sql.length();
  }

  /** Past a back-quoted identifier opened at {@code start}; a doubled back quote stands for one. */
  private static int endOfQuoted(String sql, int start) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == '`') {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == '`') {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }
}
