package io.partsync.metastore;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One instance of each equal value among the partitions of one metastore read. A table's partitions
 * repeat the same parameter names, columns and storage, and Thrift gives each partition its own copies:
 * on 100,000 partitions those copies are most of what the driver holds of the metastores. Used for one
 * read and dropped, so it holds nothing between runs.
 */
final class Canonical {
  /**
   * Values this short repeat (counts, flags, times, the run id that published a partition); longer ones are
   * mostly unique: fingerprints (35 characters) and paths.
   */
  static final int SHORT_VALUE = 32;

  private final Map<String, String> strings = new HashMap<>();
  private final Map<Object, Object> values = new HashMap<>();

  /** The one instance of an equal string; null stays null. */
  String string(String s) {
    return s == null ? null : strings.computeIfAbsent(s, k -> k);
  }

  /**
   * An immutable copy with each name the one instance of it, and each short value too; null entries are
   * left out, as Hive would not keep them. An equal map met before is that map.
   */
  Map<String, String> parameters(Map<String, String> parameters) {
    if (parameters == null || parameters.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new LinkedHashMap<>();
    parameters.forEach((k, v) -> {
      if (k != null && v != null) {
        copy.put(string(k), v.length() <= SHORT_VALUE ? string(v) : v);
      }
    });
    return same(Map.copyOf(copy));
  }

  List<Column> columns(List<Column> columns) {
    return same(List.copyOf(columns));
  }

  Storage storage(Storage storage) {
    return same(storage);
  }

  /** Values with equal value semantics (records, immutable collections) share one instance. */
  @SuppressWarnings("unchecked")
  private <T> T same(T value) {
    return (T) values.computeIfAbsent(value, k -> k);
  }
}
