package io.partsync.select;

/**
 * A literal as the user wrote it. An integer keeps its text (e.g. {@code 007}) because against a string key
 * it compares as that text.
 */
record Literal(String value, boolean integer) {

  static Literal string(String value) {
    return new Literal(value, false);
  }

  @Override
  public String toString() {
    return integer ? value : "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
