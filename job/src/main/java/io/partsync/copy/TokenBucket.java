package io.partsync.copy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The bandwidth cap of one virtual executor: a token bucket its copy streams share, refilled at the cap's
 * bytes per second and holding at most a small burst. A stream takes the bytes it has just read; when that
 * leaves the bucket in debt, it waits until the debt is paid, so over any stretch of time the executor
 * reads at most burst + rate x time.
 *
 * <p>A new bucket is empty, not full: an executor's copy tasks each make their own, one after another, and
 * a full start would give every task a free burst on top of the rate. Only an idle spell inside a task
 * (its streams opening files, waiting for checksums) earns a burst.
 *
 * <p>The bucket is kept as the instant it is full again rather than as a count of tokens: a take moves that
 * instant on by the bytes' time, and waits only for the part beyond the burst. A taker computes its wait
 * under the lock and sleeps outside it, so streams wait in the order they took, and a stream that
 * oversleeps a little costs nothing while the burst still covers it.
 */
public final class TokenBucket {
  /** Takes nothing and never waits: no cap. */
  public static final TokenBucket UNLIMITED = new TokenBucket();

  /** Waits {@code nanos}; may return early (the bucket then waits again), may be interrupted. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper SYSTEM = TimeUnit.NANOSECONDS::sleep;

    void sleep(long nanos) throws InterruptedException;
  }

  private final long bytesPerSecond;
  private final long burstBytes;
  private final long burstNanos;
  private final LongSupplier clock;
  private final Sleeper sleeper;
  private final AtomicLong waitedNanos = new AtomicLong();
  /** When the bucket is full again; while it is in the past, the bucket is full. */
  private long fullAt;

  /**
   * @param burstBytes what the bucket holds at most, and so what may be read at once after an idle spell;
   *     it starts empty
   * @param clock a {@link System#nanoTime}-like clock
   */
  public TokenBucket(long bytesPerSecond, long burstBytes, LongSupplier clock, Sleeper sleeper) {
    if (bytesPerSecond <= 0 || burstBytes <= 0) {
      throw new IllegalArgumentException("a token bucket needs a positive rate and burst, got " + bytesPerSecond
          + " bytes/s and " + burstBytes + " bytes");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.burstBytes = burstBytes;
    this.burstNanos = nanosFor(burstBytes);
    this.clock = clock;
    this.sleeper = sleeper;
    this.fullAt = clock.getAsLong() + burstNanos;
  }

  private TokenBucket() {
    this.bytesPerSecond = 0;
    this.burstBytes = 0;
    this.burstNanos = 0;
    this.clock = () -> 0;
    this.sleeper = nanos -> { };
  }

  /**
   * A bucket of {@code bytesPerSecond} on the system clock, or {@link #UNLIMITED} for 0 (no cap). Its burst
   * is the larger of one read ({@code readBytes}) and a tenth of a second at the rate: enough that a stream
   * that oversleeps a little loses no time, small enough that even a copy of a few seconds moves close to
   * the rate.
   */
  public static TokenBucket of(long bytesPerSecond, int readBytes) {
    return bytesPerSecond <= 0 ? UNLIMITED
        : new TokenBucket(bytesPerSecond, Math.max(readBytes, bytesPerSecond / 10), System::nanoTime, Sleeper.SYSTEM);
  }

  /** Takes {@code bytes} just read, waiting while the bucket is in debt beyond its burst. */
  public void take(long bytes) throws InterruptedException {
    if (bytesPerSecond == 0 || bytes <= 0) {
      return;
    }
    long deadline;
    long now;
    synchronized (this) {
      now = clock.getAsLong();
      fullAt = (fullAt - now < 0 ? now : fullAt) + nanosFor(bytes);
      deadline = fullAt - burstNanos;
    }
    if (deadline - now <= 0) {
      return;
    }
    long started = now;
    try {
      for (long left = deadline - now; left > 0; left = deadline - clock.getAsLong()) {
        sleeper.sleep(left);
      }
    } finally {
      waitedNanos.addAndGet(clock.getAsLong() - started);
    }
  }

  /** The time takers spent waiting, summed over them: two streams waiting one second each count two. */
  public long waitedNanos() {
    return waitedNanos.get();
  }

  /** The cap; 0 for no cap. */
  public long bytesPerSecond() {
    return bytesPerSecond;
  }

  /** What the bucket holds at most; 0 for no cap. */
  public long burstBytes() {
    return burstBytes;
  }

  private long nanosFor(long bytes) {
    return (long) Math.ceil(bytes * 1e9 / bytesPerSecond);
  }
}
