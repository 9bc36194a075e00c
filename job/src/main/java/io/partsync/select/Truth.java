package io.partsync.select;

/**
 * SQL's three truth values. The Hive null partition makes a comparison UNKNOWN rather than FALSE, so that
 * {@code not (x = 1)} does not select it either; only TRUE selects a partition.
 */
enum Truth {
  TRUE, FALSE, UNKNOWN;

  static Truth of(boolean value) {
    return value ? TRUE : FALSE;
  }

  Truth not() {
    return this == UNKNOWN ? UNKNOWN : of(this == FALSE);
  }

  Truth and(Truth other) {
    if (this == FALSE || other == FALSE) {
      return FALSE;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : TRUE;
  }

  Truth or(Truth other) {
    if (this == TRUE || other == TRUE) {
      return TRUE;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : FALSE;
  }
}
