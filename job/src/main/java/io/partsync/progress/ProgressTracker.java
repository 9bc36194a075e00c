package io.partsync.progress;

import io.partsync.copy.CopyCounters.Kind;
import io.partsync.copy.CopyCounters.Measure;
import io.partsync.copy.CopyCounters;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The copy's progress per target, from the counters' values as Spark reports them: running tasks'
 * values with each executor heartbeat, finished tasks' final values at task end. A failed task's values
 * are dropped, since Spark runs it again from the start. Thread-safe: the listener bus writes, the
 * progress line and the metrics read.
 */
public final class ProgressTracker {
  private final Map<Long, Measure> measures;
  private final Map<String, EnumMap<Kind, Long>> done = new LinkedHashMap<>();
  private final Map<Long, Map<Long, Long>> running = new HashMap<>();
  private final Map<String, long[]> planned = new LinkedHashMap<>();

  public ProgressTracker(CopyCounters counters) {
    this(counters.measures(), counters.targets());
  }

  /** @param measures what each accumulator id counts */
  ProgressTracker(Map<Long, Measure> measures, List<String> targets) {
    this.measures = Map.copyOf(measures);
    targets.stream().sorted().forEach(t -> {
      done.put(t, zeros());
      planned.put(t, new long[2]);
    });
  }

  /** One target's figures so far, out of what is planned so far (waves add to the plan while copying). */
  public record TargetProgress(String target, long partitionsDone, long partitionsFailed, long partitionsPlanned,
      long bytesWritten, long bytesPlanned, long files) {}

  /** More work for {@code target}: waves of partitions are planned while earlier ones copy. */
  public synchronized void planned(String target, long partitions, long bytes) {
    long[] totals = planned.computeIfAbsent(target, t -> new long[2]);
    totals[0] += partitions;
    totals[1] += bytes;
  }

  /** A running task's current value of an accumulator, from a heartbeat. */
  public synchronized void running(long taskId, long accumulatorId, long value) {
    if (measures.containsKey(accumulatorId)) {
      running.computeIfAbsent(taskId, t -> new HashMap<>()).put(accumulatorId, value);
    }
  }

  /** A task ended; a successful one's final values count, a failed one's are forgotten. */
  public synchronized void ended(long taskId, boolean successful, Map<Long, Long> finalValues) {
    running.remove(taskId);
    if (successful) {
      finalValues.forEach((id, value) -> {
        Measure measure = measures.get(id);
        if (measure != null) {
          done.computeIfAbsent(measure.target(), t -> zeros()).merge(measure.kind(), value, Long::sum);
        }
      });
    }
  }

  public synchronized List<TargetProgress> snapshot() {
    Map<String, EnumMap<Kind, Long>> now = new LinkedHashMap<>();
    done.forEach((target, values) -> now.put(target, new EnumMap<>(values)));
    running.values().forEach(values -> values.forEach((id, value) -> {
      Measure measure = measures.get(id);
      now.computeIfAbsent(measure.target(), t -> zeros()).merge(measure.kind(), value, Long::sum);
    }));
    return now.entrySet().stream().map(e -> {
      long[] totals = planned.getOrDefault(e.getKey(), new long[2]);
      Map<Kind, Long> v = e.getValue();
      return new TargetProgress(e.getKey(), v.get(Kind.PARTITIONS), v.get(Kind.FAILED), totals[0], v.get(Kind.BYTES),
          totals[1], v.get(Kind.FILES));
    }).toList();
  }

  private static EnumMap<Kind, Long> zeros() {
    EnumMap<Kind, Long> values = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      values.put(kind, 0L);
    }
    return values;
  }
}
