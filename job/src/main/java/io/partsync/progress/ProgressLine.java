package io.partsync.progress;

import io.partsync.config.Sizes;
import java.util.List;
import java.util.Locale;

/** The one-line view of a copy's progress: all targets together, then each target. Pure formatting. */
public final class ProgressLine {
  private ProgressLine() {}

  public static String render(List<ProgressTracker.TargetProgress> targets, long elapsedMillis) {
    long done = 0;
    long failed = 0;
    long planned = 0;
    long written = 0;
    long total = 0;
    for (ProgressTracker.TargetProgress t : targets) {
      done += t.partitionsDone();
      failed += t.partitionsFailed();
      planned += t.partitionsPlanned();
      written += t.bytesWritten();
      total += t.bytesPlanned();
    }
    double seconds = Math.max(elapsedMillis, 1) / 1000.0;
    double bytesPerSecond = written / seconds;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "copy: %d/%d partitions%s, %s of %s (%d%%), "
        + "%.1f MB/s, ETA %s", done + failed, planned, failed > 0 ? " (" + failed + " failed)" : "",
        Sizes.human(written), Sizes.human(total), total == 0 ? 100 : Math.min(100, written * 100 / total),
        bytesPerSecond / 1e6, eta(total - written, bytesPerSecond)));
    if (targets.size() > 1) {
      for (ProgressTracker.TargetProgress t : targets) {
        line.append(String.format(Locale.ROOT, " | %s %d/%d, %s", t.target(), t.partitionsDone() + t.partitionsFailed(),
            t.partitionsPlanned(), Sizes.human(t.bytesWritten())));
      }
    }
    return line.toString();
  }

  /** Remaining time at the throughput so far; unknown until something was written. */
  static String eta(long remainingBytes, double bytesPerSecond) {
    if (remainingBytes <= 0) {
      return "0 s";
    }
    if (bytesPerSecond <= 0) {
      return "unknown";
    }
    long seconds = (long) Math.ceil(remainingBytes / bytesPerSecond);
    return seconds < 60 ? seconds + " s" : seconds < 3600 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60,
        seconds % 60) : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
  }
}
