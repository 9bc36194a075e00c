package io.partsync.it;

import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.hadoop.fs.statistics.IOStatistics;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;

/**
 * Multipart uploads left open on purpose, as a killed writer leaves them. S3A uploads each part in the
 * background; a test waits until none is in flight, as after a kill, before it lists or aborts them.
 */
public final class OpenUploads {
  private static final Duration LIMIT = Duration.ofMinutes(1);

  private OpenUploads() {}

  /** Waits until every part written to {@code out} so far is stored, as its S3A statistics count them. */
  public static void awaitPartsStored(OutputStream out) {
    IOStatistics statistics = IOStatisticsSupport.retrieveIOStatistics(out);
    if (statistics == null) {
      throw new IllegalArgumentException(out + " is not an S3A upload: it keeps no statistics");
    }
    Instant deadline = Instant.now().plus(LIMIT);
    while (inFlight(statistics.gauges()) > 0) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("parts still in flight after " + LIMIT + ": " + statistics);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  private static long inFlight(Map<String, Long> gauges) {
    return gauges.getOrDefault("stream_write_block_uploads_pending", 0L)
        + gauges.getOrDefault("stream_write_block_uploads_active", 0L);
  }
}
