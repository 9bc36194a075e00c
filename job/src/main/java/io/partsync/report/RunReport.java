package io.partsync.report;

import io.partsync.failure.Messages;
import java.util.List;
import java.util.Map;

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
    Map<String, Long> phasesMillis,
    Pipeline pipeline,
    Totals totals,
    List<TargetReport> targets,
    List<TableReport> tables,
    List<ExecutorReport> executors,
    List<PartitionTiming> slowestPartitions,
    List<ViewReport> views,
    CopyCostReport copyCost,
    Bandwidth bandwidth,
    VerificationReport verification) {

  public static final int VERSION = 2;

  /** How many partitions {@code slowestPartitions} lists at most. */
  public static final int SLOWEST_PARTITIONS = 10;

  public RunReport {
    phasesMillis = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(phasesMillis));
    targets = List.copyOf(targets);
    tables = List.copyOf(tables);
    executors = List.copyOf(executors);
    // Reports written before the field existed have none; they still read as version 2.
    slowestPartitions = slowestPartitions == null ? List.of() : List.copyOf(slowestPartitions);
    views = views == null ? List.of() : List.copyOf(views);
  }

  /** A run's report without bandwidth or verification figures, as reports written before they existed read. */
  public RunReport(int reportVersion, String runId, String status, String startedAt, String finishedAt,
      long durationMillis, Map<String, Long> phasesMillis, Pipeline pipeline, Totals totals,
      List<TargetReport> targets, List<TableReport> tables, List<ExecutorReport> executors,
      List<PartitionTiming> slowestPartitions, List<ViewReport> views, CopyCostReport copyCost) {
    this(reportVersion, runId, status, startedAt, finishedAt, durationMillis, phasesMillis, pipeline, totals,
        targets, tables, executors, slowestPartitions, views, copyCost, null, null);
  }

  /**
   * How the copies were verified beyond their length, over the run or one executor: the bytes read back
   * from targets to checksum their copies (file systems that store no checksum; never object stores), and
   * the copies on object stores that their ETag proved to hold the bytes read, or that could be checked by
   * length only, the store's ETag being no MD5 of the content (KMS encryption, GCS, Azure). A file copied
   * to two targets counts twice. Null in reports written before the field existed.
   */
  public record VerificationReport(long bytesReadBack, long filesVerifiedByEtag, long filesVerifiedByLengthOnly) {
    public static final VerificationReport NONE = new VerificationReport(0, 0, 0);

    public VerificationReport plus(VerificationReport other) {
      return other == null ? this : new VerificationReport(bytesReadBack + other.bytesReadBack,
          filesVerifiedByEtag + other.filesVerifiedByEtag, filesVerifiedByLengthOnly + other.filesVerifiedByLengthOnly);
    }
  }

  /**
   * The copy cost the executors were balanced on, and the one this run's copy tasks observed, which the
   * next run plans with; observed is null when no task was long enough to tell. Null in a report of a run
   * that copied nothing, and in reports written before the field existed.
   */
  public record CopyCostReport(CostFigures used, CostFigures observed) {}

  /**
   * The bandwidth cap on the bytes read from the source (or its read replica), in bytes per second as
   * configured (each null when left out) and as each virtual executor got it, the lower of per-executor
   * and an even share of per-run; and the time the executors' copy streams waited for it, summed over
   * every stream of every executor. Null when no cap is set, and in reports written before it existed.
   */
  public record Bandwidth(Long perExecutorBytesPerSecond, Long perRunBytesPerSecond,
      long effectivePerExecutorBytesPerSecond, long throttledMillis) {
    /** This cap with the executors' waits added up. */
    Bandwidth throttled(List<ExecutorReport> executors) {
      return new Bandwidth(perExecutorBytesPerSecond, perRunBytesPerSecond, effectivePerExecutorBytesPerSecond,
          executors.stream().mapToLong(ExecutorReport::throttledMillis).sum());
    }
  }

  /** Copy cost figures: bytes per second one stream moves, time per file and per partition, and their source. */
  public record CostFigures(long streamBytesPerSecond, double fileMillis, double partitionMillis, String source) {}

  public boolean succeeded() {
    return "SUCCEEDED".equals(status);
  }

  public record Totals(int tables, int partitions, int partitionsFailed, long files, long bytes,
      double megabytesPerSecond) {}

  /**
   * One table. {@code partitions} counts the partitions planned for copying; {@code partitionsUnchanged}
   * those the target already had at the source's version; {@code partitionsDropped} those dropped because
   * they are gone from the source; {@code partitionsKept} target partitions gone from the source that stay
   * ({@code deletes: keep}, or not written by partsync); {@code partitionsRepaired} those copied again
   * because their target files were no longer the ones partsync published; {@code readFromPrimary} the
   * files of copied partitions read from the source cluster because the read replica's copy was missing
   * or different, as "partition: reason"; {@code partitionsMetadataUpdated} partitions whose files were
   * unchanged but whose source metadata changed, altered without copying; {@code tableMetadataUpdated}
   * whether the table was altered to the source's metadata (columns added or widened, comments, SerDe,
   * parameters); {@code columnStatsWritten} the partitions, and the table itself, whose column statistics
   * were written (or removed, the source having none any more).
   */
  public record TableReport(String targetCluster, String source, String target, String targetLocation, boolean targetCreated,
      int partitions, int partitionsCopied, int partitionsFailed, int partitionsAdded, int partitionsAltered,
      int partitionsUnchanged, int partitionsDropped, List<String> partitionsKept, List<String> partitionsRepaired,
      long files, long bytes, Housekeeping housekeeping, List<Failure> failures, Selection selection,
      List<String> readFromPrimary, Snapshot snapshot, int partitionsMetadataUpdated,
      boolean tableMetadataUpdated, int columnStatsWritten) {
    public TableReport {
      readFromPrimary = List.copyOf(readFromPrimary);
      partitionsKept = List.copyOf(partitionsKept);
      partitionsRepaired = List.copyOf(partitionsRepaired);
      failures = List.copyOf(failures);
    }

    /** A table whose metadata alone was not updated. */
    public TableReport(String targetCluster, String source, String target, String targetLocation,
        boolean targetCreated, int partitions, int partitionsCopied, int partitionsFailed, int partitionsAdded,
        int partitionsAltered, int partitionsUnchanged, int partitionsDropped, List<String> partitionsKept,
        List<String> partitionsRepaired, long files, long bytes, Housekeeping housekeeping, List<Failure> failures,
        Selection selection, List<String> readFromPrimary, Snapshot snapshot) {
      this(targetCluster, source, target, targetLocation, targetCreated, partitions, partitionsCopied,
          partitionsFailed, partitionsAdded, partitionsAltered, partitionsUnchanged, partitionsDropped,
          partitionsKept, partitionsRepaired, files, bytes, housekeeping, failures, selection, readFromPrimary,
          snapshot, 0, false, 0);
    }

    /** Whether the table as a whole failed (refused, locked, or its publish failed), not just partitions. */
    public boolean tableFailed() {
      return failures.stream().anyMatch(f -> f.partition() == null);
    }
  }

  /**
   * How planning and copying overlapped: the copy jobs started (one per wave that had something to
   * copy), when the first started and when the last wave was planned, in milliseconds from the run's start.
   */
  public record Pipeline(int copyJobs, Long firstCopyStartedMillis, long planningFinishedMillis) {}

  /**
   * One target cluster: SUCCEEDED when every table and partition planned for it is published, else
   * FAILED with {@code error} when the whole target failed (unreachable, every table refused or locked).
   *
   * @param lagSeconds age of the newest source change the target still lacks after this run; 0 when it
   *     lacks none, null when unknown (the target failed before planning)
   */
  public record TargetReport(String name, String status, String error, int tables, int partitionsCopied,
      int partitionsFailed, long bytes, Long lagSeconds) {}

  /**
   * Superseded version directories: recorded by this run, removed by it (their grace period over), and
   * records still waiting for their grace period; and the multipart uploads a sweep after an unclean run
   * aborted in that run's directories (object stores only: a killed copy's upload, stored yet unlisted).
   */
  public record Housekeeping(int recorded, int removed, int pendingRecords, int uploadsAborted) {}

  /**
   * How a table's partition filter selected its source partitions: the filter (window evaluated), the
   * part the source metastore applied (null: it sent every partition), how many it sent, how many matched,
   * and those left out because the window's format does not read their key value.
   */
  public record Selection(String filter, String metastoreFilter, int listed, int selected, List<String> unreadable) {}

  /**
   * The HDFS snapshot a table's source was read through: its name, the snapshot the diff started from
   * (null: every partition was compared by fingerprint), and the partitions the diff spared a listing.
   */
  public record Snapshot(String name, String diffFrom, int partitionsNotListed) {}

  /**
   * One selected view on one target: created, replaced, unchanged, refused or failed (with the reason),
   * and the tables it reads that the run does not replicate.
   */
  public record ViewReport(String targetCluster, String source, String target, String action,
      List<String> unreplicatedTables, String reason) {
    public ViewReport {
      unreplicatedTables = List.copyOf(unreplicatedTables);
      reason = reason == null ? null : Messages.oneLine(reason);
    }
  }

  /** A partition (or a whole table's commit, with partition null) that failed, and why. */
  public record Failure(String partition, String reason) {
    /** Only a reason's first line is kept: a name node's error carries its stack trace in the message. */
    public Failure {
      reason = Messages.oneLine(reason);
    }
  }

  /**
   * What one virtual executor copied. {@code millis} is its busy time, the sum of its copy tasks' times;
   * {@code predictedMillis} is what the cost model predicted for the partitions it was planned; {@code tasks}
   * is how many copy tasks it ran, and {@code movedIn} how many partitions it took over from another
   * executor's queue because it was done first; {@code throttledMillis} is how long its copy streams waited
   * for the bandwidth cap, summed over the streams (so with several streams waiting at once it may exceed
   * {@code millis}), 0 without a cap; {@code verification} how its copies were verified.
   */
  public record ExecutorReport(int executor, String host, List<String> partitions, long plannedBytes,
      long bytesCopied, long peakBufferBytes, long bufferBudgetBytes, long millis, long predictedMillis, int tasks,
      int movedIn, long throttledMillis, VerificationReport verification) {
    public ExecutorReport {
      partitions = List.copyOf(partitions);
    }

    /** An executor's report without bandwidth waits or verification figures. */
    public ExecutorReport(int executor, String host, List<String> partitions, long plannedBytes, long bytesCopied,
        long peakBufferBytes, long bufferBudgetBytes, long millis, long predictedMillis, int tasks, int movedIn) {
      this(executor, host, partitions, plannedBytes, bytesCopied, peakBufferBytes, bufferBudgetBytes, millis,
          predictedMillis, tasks, movedIn, 0, null);
    }
  }

  /**
   * One copy of a partition to one target, with the time its executor spent on it. {@code succeeded} is
   * false when its copy or verification failed or its table's partitions could not be registered.
   */
  public record PartitionTiming(String targetCluster, String table, String partition, int files, long bytes,
      long millis, boolean succeeded) {}
}
