package io.partsync.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Assigns whole partitions to virtual executors, balanced by the time the {@link CopyCost} predicts:
 * the costliest partition first, each to the executor whose predicted time it raises least. That is the
 * least loaded executor, or one held up by a single long file whose idle streams take the partition for
 * free. Ties go to the executor with the fewest partitions, then the lowest number, so plans are
 * repeatable. Never plans more executors than partitions, and never plans an executor with nothing to do.
 */
public final class ExecutorPlanner {
  /**
   * The least predicted work worth a copy task of its own: each task is a Spark job that opens the file
   * systems again, some tens of milliseconds, so finer pieces would cost more than the balance they buy.
   */
  static final long MIN_TASK_MILLIS = 250;

  private ExecutorPlanner() {}

  public static List<ExecutorPlan> assign(List<PartitionCopy> partitions, int executorCount, CopyCost cost,
      int streams) {
    if (executorCount < 1 || streams < 1) {
      throw new IllegalArgumentException("executor count and streams must be at least 1, got " + executorCount
          + " and " + streams);
    }
    Loads loads = new Loads(Math.min(executorCount, partitions.size()), streams);
    List<Costed> costliestFirst = new ArrayList<>();
    partitions.forEach(p -> costliestFirst.add(new Costed(p, cost.workMillis(p), cost.spanMillis(p))));
    costliestFirst.sort(Comparator.comparingDouble((Costed c) -> c.predicted(streams)).reversed()
        .thenComparing(c -> c.partition().sourceTable()).thenComparing(c -> c.partition().name()));
    costliestFirst.forEach(loads::place);
    return loads.plans();
  }

  /**
   * Splits an executor's plan into at most {@code tasks} copy tasks of about equal predicted work, each of
   * whole partitions in the plan's order (costliest first), each of at least {@link #MIN_TASK_MILLIS}.
   */
  public static List<CopyChunk> chunks(ExecutorPlan plan, int tasks, CopyCost cost, int streams) {
    List<Costed> costed = plan.partitions().stream()
        .map(p -> new Costed(p, cost.workMillis(p), cost.spanMillis(p))).toList();
    double total = costed.stream().mapToDouble(Costed::work).sum();
    long pieces = Math.max(1, Math.min(Math.min(tasks, costed.size()),
        (long) (CopyCost.executorMillis(total, 0, streams) / MIN_TASK_MILLIS)));
    double share = total / pieces;
    List<CopyChunk> chunks = new ArrayList<>();
    List<PartitionCopy> current = new ArrayList<>();
    double before = 0;
    double work = 0;
    double span = 0;
    for (Costed partition : costed) {
      current.add(partition.partition());
      work += partition.work();
      span = Math.max(span, partition.span());
      // Cut where the running total passes the next share, so rounding never piles up in the last task.
      if (chunks.size() < pieces - 1 && before + work >= share * (chunks.size() + 1) - 1e-9) {
        chunks.add(chunk(plan.executor(), chunks.size(), current, work, span, streams));
        before += work;
        current = new ArrayList<>();
        work = 0;
        span = 0;
      }
    }
    if (!current.isEmpty() || chunks.isEmpty()) {
      chunks.add(chunk(plan.executor(), chunks.size(), current, work, span, streams));
    }
    return chunks;
  }

  private static CopyChunk chunk(int executor, int index, List<PartitionCopy> partitions, double work, double span,
      int streams) {
    return new CopyChunk(executor, index, partitions, Math.round(CopyCost.executorMillis(work, span, streams)));
  }

  /** A partition with its predicted work (stream-milliseconds) and span (its longest file). */
  private record Costed(PartitionCopy partition, double work, double span) {
    double predicted(int streams) {
      return CopyCost.executorMillis(work, span, streams);
    }
  }

  /**
   * The executors' loads so far, kept in two orders: by predicted time, and by idle stream time (an
   * executor whose longest file outlasts its other work has streams free until then). The best place for
   * a partition is the first of either order; comparing just those two keeps planning 100,000 partitions
   * on thousands of executors quick.
   */
  private static final class Loads {
    private final int streams;
    private final List<List<PartitionCopy>> assigned = new ArrayList<>();
    private final double[] work;
    private final double[] span;
    private final TreeSet<Integer> byTime;
    private final TreeSet<Integer> byIdle;

    Loads(int executors, int streams) {
      this.streams = streams;
      work = new double[executors];
      span = new double[executors];
      byTime = new TreeSet<>(Comparator.<Integer>comparingDouble(this::time)
          .thenComparingInt(i -> assigned.get(i).size()).thenComparingInt(i -> i));
      byIdle = new TreeSet<>(Comparator.<Integer>comparingDouble(this::idle).reversed()
          .thenComparingInt(i -> assigned.get(i).size()).thenComparingInt(i -> i));
      for (int i = 0; i < executors; i++) {
        assigned.add(new ArrayList<>());
        byTime.add(i);
        byIdle.add(i);
      }
    }

    void place(Costed partition) {
      int lightest = byTime.first();
      int idlest = byIdle.first();
      int chosen = lightest;
      if (idlest != lightest) {
        double viaLightest = timeWith(lightest, partition);
        double viaIdlest = timeWith(idlest, partition);
        chosen = viaIdlest < viaLightest ? idlest : lightest;
      }
      byTime.remove(chosen);
      byIdle.remove(chosen);
      assigned.get(chosen).add(partition.partition());
      work[chosen] += partition.work();
      span[chosen] = Math.max(span[chosen], partition.span());
      byTime.add(chosen);
      byIdle.add(chosen);
    }

    List<ExecutorPlan> plans() {
      List<ExecutorPlan> plans = new ArrayList<>();
      for (int i = 0; i < work.length; i++) {
        plans.add(new ExecutorPlan(i, assigned.get(i), Math.round(time(i))));
      }
      return plans;
    }

    private double timeWith(int executor, Costed partition) {
      return CopyCost.executorMillis(work[executor] + partition.work(),
          Math.max(span[executor], partition.span()), streams);
    }

    private double time(int executor) {
      return CopyCost.executorMillis(work[executor], span[executor], streams);
    }

    private double idle(int executor) {
      return span[executor] * streams - work[executor];
    }
  }
}
