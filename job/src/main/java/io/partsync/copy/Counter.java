package io.partsync.copy;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.util.AccumulatorV2;

/**
 * A sum that several copy streams of one task add to at once; Spark's LongAccumulator is not safe for
 * that. Its running value reaches the driver with each executor heartbeat, its final one at task end.
 */
public final class Counter extends AccumulatorV2<Long, Long> {
  private final AtomicLong sum = new AtomicLong();

  @Override
  public boolean isZero() {
    return sum.get() == 0;
  }

  @Override
  public Counter copy() {
    Counter copy = new Counter();
    copy.sum.set(sum.get());
    return copy;
  }

  @Override
  public void reset() {
    sum.set(0);
  }

  @Override
  public void add(Long v) {
    sum.addAndGet(v);
  }

  public void add(long v) {
    sum.addAndGet(v);
  }

  @Override
  public void merge(AccumulatorV2<Long, Long> other) {
    sum.addAndGet(other.value());
  }

  @Override
  public Long value() {
    return sum.get();
  }
}
