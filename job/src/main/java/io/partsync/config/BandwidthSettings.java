package io.partsync.config;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The cap on the bytes a run reads from the source (from the read replica, when one is configured), as
 * the {@code bandwidth} section sets it, each figure null when left out.
 *
 * @param perExecutorBytesPerSecond what each virtual executor may read per second
 * @param perRunBytesPerSecond what the whole run may read per second, shared evenly by the executors
 */
public record BandwidthSettings(Long perExecutorBytesPerSecond, Long perRunBytesPerSecond) implements Serializable {
  /** No {@code bandwidth} section: no cap. */
  public static final BandwidthSettings NONE = new BandwidthSettings(null, null);

  /** 1 MB of the config's MB/s, as DistCp's {@code -bandwidth} counts it. */
  public static final long MEGABYTE = 1L << 20;

  public boolean isCapped() {
    return perExecutorBytesPerSecond != null || perRunBytesPerSecond != null;
  }

  /**
   * What each of {@code executors} virtual executors may read per second: the lower of the per-executor
   * cap and an even share of the per-run cap, rounded down so the executors together never pass it; 0 for
   * no cap. At most {@code executors} copy tasks run at once, one per executor, so the run stays within it.
   */
  public long effectivePerExecutorBytesPerSecond(int executors) {
    long effective = Long.MAX_VALUE;
    if (perExecutorBytesPerSecond != null) {
      effective = perExecutorBytesPerSecond;
    }
    if (perRunBytesPerSecond != null) {
      effective = Math.min(effective, Math.max(1, perRunBytesPerSecond / executors));
    }
    return effective == Long.MAX_VALUE ? 0 : effective;
  }

  /** The cap as a log line says it, e.g. "20 MB/s per virtual executor (per-run 40 MB/s over 2 executors)". */
  public String describe(int executors) {
    if (!isCapped()) {
      return "none";
    }
    StringBuilder text = new StringBuilder(megabytes(effectivePerExecutorBytesPerSecond(executors)))
        .append(" per virtual executor (");
    if (perExecutorBytesPerSecond != null) {
      text.append("per-executor ").append(megabytes(perExecutorBytesPerSecond));
    }
    if (perRunBytesPerSecond != null) {
      text.append(perExecutorBytesPerSecond != null ? ", " : "").append("per-run ")
          .append(megabytes(perRunBytesPerSecond)).append(" over ").append(executors).append(" executors");
    }
    return text.append(')').toString();
  }

  private static String megabytes(long bytesPerSecond) {
    return BigDecimal.valueOf(bytesPerSecond).divide(BigDecimal.valueOf(MEGABYTE), 3, RoundingMode.HALF_UP)
        .stripTrailingZeros().toPlainString() + " MB/s";
  }
}
