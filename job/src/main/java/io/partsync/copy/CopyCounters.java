package io.partsync.copy;

import io.partsync.plan.TargetTableName;
import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkContext;

/**
 * What the copy tasks count, per target cluster, as Spark accumulators: bytes written, files and
 * partitions done, partitions failed. Shipped to the executors with the copy task; the driver follows
 * them through the listener bus.
 */
public final class CopyCounters implements Serializable {
  /** Counts nothing: for copies run outside Spark (unit tests). */
  public static final CopyCounters NONE = new CopyCounters(Map.of());

  /** What a counter measures: the target cluster and the kind of figure. */
  public record Measure(String target, Kind kind) implements Serializable {}

  public enum Kind { BYTES, FILES, PARTITIONS, FAILED }

  private final Map<Long, Measure> measures;
  private final Map<String, Map<Kind, Counter>> byTarget;

  private CopyCounters(Map<String, Map<Kind, Counter>> byTarget) {
    this.byTarget = byTarget;
    Map<Long, Measure> ids = new HashMap<>();
    byTarget.forEach((target, counters) -> counters.forEach((kind, counter) -> {
      if (counter.isRegistered()) {
        ids.put(counter.id(), new Measure(target, kind));
      }
    }));
    this.measures = Map.copyOf(ids);
  }

  /** Registers the counters of {@code targets} with the driver's Spark context, named partsync.<target>.<kind>. */
  public static CopyCounters register(SparkContext spark, Collection<String> targets) {
    Map<String, Map<Kind, Counter>> byTarget = new HashMap<>();
    for (String target : targets) {
      Map<Kind, Counter> counters = new HashMap<>();
      for (Kind kind : Kind.values()) {
        Counter counter = new Counter();
        spark.register(counter, "partsync." + target + "." + kind.name().toLowerCase(java.util.Locale.ROOT));
        counters.put(kind, counter);
      }
      byTarget.put(target, Map.copyOf(counters));
    }
    return new CopyCounters(Map.copyOf(byTarget));
  }

  /** The counters by accumulator id, so listener events can be told apart from other accumulators. */
  public Map<Long, Measure> measures() {
    return measures;
  }

  public List<String> targets() {
    return List.copyOf(byTarget.keySet());
  }

  /** {@code bytes} written to a table of a target: they count for that target. */
  public void written(TargetTableName destination, long bytes) {
    add(destination.target(), Kind.BYTES, bytes);
  }

  /** A partition's copy to {@code target} is done: published later if it succeeded. */
  public void partitionDone(String target, boolean succeeded, int files) {
    add(target, succeeded ? Kind.PARTITIONS : Kind.FAILED, 1);
    if (succeeded) {
      add(target, Kind.FILES, files);
    }
  }

  private void add(String target, Kind kind, long value) {
    Map<Kind, Counter> counters = byTarget.get(target);
    if (counters != null) {
      counters.get(kind).add(value);
    }
  }
}
