package io.partsync.plan;

import java.util.List;
import java.util.Optional;

/**
 * The copy cost as a run's copy tasks observed it, for the next run to plan with: the predicted byte time
 * and fixed time (per file and per partition) of each task are scaled to fit the time it took, by least
 * squares over the tasks. Tasks that one long file dominates say nothing about the streams' throughput
 * and are left out, as are tasks too short to measure.
 */
public final class CostFit {
  /** A task shorter than this is mostly the Spark job's own overhead. */
  static final long SHORTEST_MILLIS = 500;
  /** How far one run may move a figure: a run on a sick cluster must not wreck the next plan. */
  static final double MOST_SCALE = 20;

  private CostFit() {}

  /** A copy task as run: its partitions and the milliseconds the executor spent on them. */
  public record Task(List<PartitionCopy> partitions, long millis) {}

  public static Optional<CopyCost> fit(CopyCost used, List<Task> tasks, int streams) {
    double bb = 0;
    double bf = 0;
    double ff = 0;
    double by = 0;
    double fy = 0;
    int usable = 0;
    for (Task task : tasks) {
      double bytes = 0;
      double fixed = 0;
      double span = 0;
      for (PartitionCopy partition : task.partitions()) {
        double work = used.workMillis(partition);
        double byteMillis = used.byteMillis(partition);
        bytes += byteMillis;
        fixed += work - byteMillis;
        span = Math.max(span, used.spanMillis(partition));
      }
      if (task.millis() < SHORTEST_MILLIS || span * streams > bytes + fixed) {
        continue;
      }
      double observed = task.millis() * (double) streams;
      bb += bytes * bytes;
      bf += bytes * fixed;
      ff += fixed * fixed;
      by += bytes * observed;
      fy += fixed * observed;
      usable++;
    }
    if (usable == 0) {
      return Optional.empty();
    }
    double det = bb * ff - bf * bf;
    double byteScale;
    double fixedScale;
    if (usable >= 2 && det > 1e-6 * bb * ff && (by * ff - fy * bf) / det > 0 && (fy * bb - by * bf) / det > 0) {
      byteScale = (by * ff - fy * bf) / det;
      fixedScale = (fy * bb - by * bf) / det;
    } else {
      // The tasks mix bytes and files alike, or there is one: one scale for both.
      double total = bb + 2 * bf + ff;
      byteScale = total == 0 ? 1 : (by + fy) / total;
      fixedScale = byteScale;
    }
    byteScale = bounded(byteScale);
    fixedScale = bounded(fixedScale);
    return Optional.of(new CopyCost(Math.max(1, Math.round(used.streamBytesPerSecond() / byteScale)),
        used.fileMillis() * fixedScale, used.partitionMillis() * fixedScale, "observed"));
  }

  private static double bounded(double scale) {
    return Math.max(1 / MOST_SCALE, Math.min(MOST_SCALE, scale));
  }
}
