package io.partsync.metastore;

import java.io.Serializable;
import java.util.Optional;

/**
 * A table's name in a metastore, database and table apart: the one place {@code db.table} is joined and
 * split. Names keep the case they were given in; lower-casing them is the caller's choice.
 */
public record TableName(String database, String table) implements Serializable {
  public static final char SEPARATOR = '.';

  public TableName {
    if (database == null || table == null) {
      throw new IllegalArgumentException("a table name needs a database and a table: " + database + ", " + table);
    }
  }

  /**
   * The database and table of {@code db.table}: empty unless the text holds exactly one dot. Either part
   * may be empty; what a valid database or table name is, each caller checks.
   */
  public static Optional<TableName> parse(String qualified) {
    int dot = qualified.indexOf(SEPARATOR);
    if (dot < 0 || qualified.indexOf(SEPARATOR, dot + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(new TableName(qualified.substring(0, dot), qualified.substring(dot + 1)));
  }

  /** {@code db.table}. */
  public String qualified() {
    return database + SEPARATOR + table;
  }

  @Override
  public String toString() {
    return qualified();
  }
}
