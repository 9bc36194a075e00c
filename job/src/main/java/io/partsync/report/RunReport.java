package io.partsync.report;

import java.util.List;

/**
 * The machine-readable outcome of one run, written as JSON. {@code reportVersion} changes whenever a
 * field changes meaning or disappears.
 */
public record RunReport(
    int reportVersion,
    String runId,
    String status,
    String startedAt,
    String finishedAt,
    long durationMillis,
    Totals totals,
    List<TableReport> tables,
    List<ExecutorReport> executors) {

  public static final int VERSION = 1;

  public RunReport {
    tables = List.copyOf(tables);
    executors = List.copyOf(executors);
  }

  public boolean succeeded() {
    return "SUCCEEDED".equals(status);
  }

  public record Totals(int tables, int partitions, int partitionsFailed, long files, long bytes,
      double megabytesPerSecond) {}

  public record TableReport(String source, String target, String targetLocation, boolean targetCreated,
      int partitions, int partitionsCopied, int partitionsFailed, int partitionsAdded, int partitionsAltered,
      long files, long bytes, List<Failure> failures) {
    public TableReport {
      failures = List.copyOf(failures);
    }
  }

  /** A partition (or a whole table's commit, with partition null) that failed, and why. */
  public record Failure(String partition, String reason) {}

  public record ExecutorReport(int executor, String host, List<String> partitions, long plannedBytes,
      long bytesCopied, long peakBufferBytes, long bufferBudgetBytes, long millis) {
    public ExecutorReport {
      partitions = List.copyOf(partitions);
    }
  }
}
