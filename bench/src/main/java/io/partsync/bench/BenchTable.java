package io.partsync.bench;

import java.util.List;

/**
 * A source table the benchmark created, and where a full sync of it lands on the target: every tool
 * writes the same target table {@code database.name} at the same directory.
 *
 * @param partitionValues the values of the one partition key {@code part}, in order
 */
record BenchTable(String caseName, String database, String name, String sourceDir, String targetDir,
    List<String> partitionValues, long files, long bytes) {

  static final String PARTITION_KEY = "part";
  static final String COLUMN = "line";

  BenchTable {
    partitionValues = List.copyOf(partitionValues);
  }

  String qualifiedName() {
    return database + "." + name;
  }

  double megabytes() {
    return bytes / 1e6;
  }
}
