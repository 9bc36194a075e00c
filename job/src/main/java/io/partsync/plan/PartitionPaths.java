package io.partsync.plan;

import io.partsync.failure.SyncRefusedException;
import io.partsync.path.PathStrings;
import java.util.List;
import org.apache.hadoop.hive.common.FileUtils;

/** Hive's partition naming and escaping, and the guarantee that a partition stays inside its table. */
public final class PartitionPaths {
  private PartitionPaths() {}

  /** The Hive partition name, e.g. {@code dt=2026-01-01/city=New York}, escaped exactly as Hive does. */
  public static String name(List<String> keys, List<String> values) {
    if (keys.size() != values.size()) {
      throw new IllegalArgumentException("partition keys " + keys + " do not match values " + values);
    }
    return FileUtils.makePartName(keys, values);
  }

  /**
   * The partition directory under the table location. Escaping already turns '/' into %2F; this check
   * refuses anything that would still resolve outside the table directory.
   */
  public static String directory(String table, String tableLocation, String partitionName) {
    String base = PathStrings.withoutTrailingSlash(tableLocation);
    for (String segment : partitionName.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || !segment.contains("=")) {
        throw new SyncRefusedException("partition '" + partitionName + "' of " + table
            + " would be written outside the table location " + tableLocation + "; refusing to copy it");
      }
    }
    return base + "/" + partitionName;
  }
}
