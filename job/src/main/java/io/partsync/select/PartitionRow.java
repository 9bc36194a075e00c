package io.partsync.select;

import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntPredicate;

/** One partition's key values, with the key types that decide how they compare. */
record PartitionRow(Map<String, String> values, Map<String, String> keyTypes) {

  /**
   * Compares the key's value with a literal: numerically for an integral key when both sides are whole
   * numbers (so 9 &lt; 10), else as strings, which is chronological for yyyy-MM-dd style values.
   */
  Truth test(String key, Literal literal, IntPredicate accept) {
    String value = values.get(key);
    if (value == null) {
      throw new IllegalArgumentException("partition values " + values.keySet() + " have no value for key '"
          + key + "' used in the partition filter");
    }
    if (value.equals(PartitionFilter.HIVE_NULL_PARTITION)) {
      return Truth.UNKNOWN;
    }
    return Truth.of(accept.test(compare(key, value, literal.value())));
  }

  private int compare(String key, String value, String literal) {
    if (HiveTypes.integral(keyTypes.get(key))) {
      OptionalLong left = asLong(value);
      OptionalLong right = asLong(literal);
      if (left.isPresent() && right.isPresent()) {
        return Long.compare(left.getAsLong(), right.getAsLong());
      }
    }
    return value.compareTo(literal);
  }

  private static OptionalLong asLong(String text) {
    try {
      return OptionalLong.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
