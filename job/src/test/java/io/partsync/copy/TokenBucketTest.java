package io.partsync.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * The bucket on a fake clock that moves only when the bucket sleeps: each test asserts the waits asked
 * for, never a time measured.
 */
class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  /** A clock at 0 that a sleep moves on by what was asked; records every wait asked for. */
  private static final class FakeTime implements LongSupplier, TokenBucket.Sleeper {
    long now;
    final List<Long> waits = new ArrayList<>();

    @Override
    public long getAsLong() {
      return now;
    }

    @Override
    public void sleep(long nanos) {
      waits.add(nanos);
      now += nanos;
    }
  }

  @Test
  void aNewBucketIsEmptySoTheFirstBytesWaitTheirTime() throws Exception {
    FakeTime time = new FakeTime();
    TokenBucket bucket = new TokenBucket(1000, 100, time, time);

    bucket.take(60);
    bucket.take(40);

    assertEquals(List.of(3 * SECOND / 50, SECOND / 25), time.waits);
    assertEquals(SECOND / 10, bucket.waitedNanos());
  }

  @Test
  void bytesWithinTheBurstPassAtOnceAfterAnIdleSpell() throws Exception {
    FakeTime time = new FakeTime();
    TokenBucket bucket = new TokenBucket(1000, 100, time, time);

    time.now += SECOND / 10;
    bucket.take(60);
    bucket.take(40);

    assertEquals(List.of(), time.waits);
    assertEquals(0, bucket.waitedNanos());
  }

  @Test
  void bytesBeyondTheBurstWaitTheirTimeAtTheRate() throws Exception {
    FakeTime time = new FakeTime();
    TokenBucket bucket = new TokenBucket(1000, 100, time, time);
    time.now += SECOND / 10;

    bucket.take(100);
    bucket.take(500);
    bucket.take(250);

    assertEquals(List.of(SECOND / 2, SECOND / 4), time.waits);
    assertEquals(3 * SECOND / 4, bucket.waitedNanos());
  }

  @Test
  void aLongCopyMovesTheRateOverItsWholeTime() throws Exception {
    FakeTime time = new FakeTime();
    long rate = 20L << 20;
    int read = 64 << 10;
    TokenBucket bucket = new TokenBucket(rate, Math.max(read, rate / 10), time, time);

    long bytes = 0;
    for (int i = 0; i < 4096; i++) { // 256 MiB in 64 KiB reads
      bucket.take(read);
      bytes += read;
    }

    // From an empty bucket every byte takes its time at the rate, to a nanosecond per read.
    long expected = (long) (bytes * 1e9 / rate);
    assertTrue(Math.abs(time.now - expected) <= 4096, time.now + " ns, expected " + expected);
    assertEquals(time.now, bucket.waitedNanos());
  }

  @Test
  void anIdleSpellRefillsTheBucketOnlyUpToItsBurst() throws Exception {
    FakeTime time = new FakeTime();
    TokenBucket bucket = new TokenBucket(1000, 100, time, time);
    bucket.take(100);

    time.now += 10 * SECOND; // ten seconds idle earn no more than the burst
    bucket.take(300);

    assertEquals(List.of(SECOND / 10, SECOND / 5), time.waits);
  }

  @Test
  void aReadLargerThanTheBurstPassesAndThenWaitsForItsDebt() throws Exception {
    FakeTime time = new FakeTime();
    TokenBucket bucket = new TokenBucket(1000, 100, time, time);
    time.now += SECOND;

    bucket.take(1100);

    assertEquals(List.of(SECOND), time.waits);
  }

  @Test
  void aSleepThatEndsEarlyIsFollowedByAnotherForTheRest() throws Exception {
    FakeTime time = new FakeTime();
    List<Long> asked = new ArrayList<>();
    TokenBucket.Sleeper early = nanos -> {
      asked.add(nanos);
      time.now += Math.min(nanos, SECOND / 10); // wakes after at most 0.1 s
    };
    TokenBucket bucket = new TokenBucket(1000, 100, time, early);

    bucket.take(300);

    assertEquals(List.of(3 * SECOND / 10, 2 * SECOND / 10, SECOND / 10), asked);
  }

  @Test
  void anInterruptedWaitStopsTheTakeAndCountsTheTimeWaited() {
    FakeTime time = new FakeTime();
    TokenBucket.Sleeper interrupted = nanos -> {
      time.now += nanos / 2;
      throw new InterruptedException();
    };
    TokenBucket bucket = new TokenBucket(1000, 100, time, interrupted);

    assertThrows(InterruptedException.class, () -> bucket.take(200));

    assertEquals(SECOND / 10, bucket.waitedNanos());
  }

  @Test
  void noCapNeverWaits() throws Exception {
    assertSame(TokenBucket.UNLIMITED, TokenBucket.of(0, 1 << 20));
    TokenBucket.UNLIMITED.take(Long.MAX_VALUE);
    TokenBucket.UNLIMITED.take(1L << 40);
    assertEquals(0, TokenBucket.UNLIMITED.waitedNanos());
  }

  @Test
  void theBurstIsOneReadOrATenthOfASecondAtTheRateWhicheverIsLarger() {
    assertEquals(1 << 20, TokenBucket.of(1L << 20, 1 << 20).burstBytes()); // 1 MiB/s: one 1 MiB read
    assertEquals((50L << 20) / 10, TokenBucket.of(50L << 20, 64 << 10).burstBytes()); // 50 MiB/s: 5 MiB
    assertEquals(50L << 20, TokenBucket.of(50L << 20, 64 << 10).bytesPerSecond());
  }

  @Test
  void aZeroOrNegativeRateIsRefused() {
    FakeTime time = new FakeTime();
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 100, time, time));
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(-5, 100, time, time));
    assertThrows(IllegalArgumentException.class, () -> new TokenBucket(1000, 0, time, time));
  }

  /**
   * Many streams on one bucket: the bytes they take together pay for exactly their time at the rate,
   * whatever the interleaving, so the streams' last wait ends where one stream's would. Each stream has a
   * timeline of its own that only its sleeps move (a shared fake clock would move for every stream at
   * once); the bucket never falls idle on any of them, so nothing is lost between them.
   */
  @Test
  void streamsSharingOneBucketTogetherMoveTheRate() throws Exception {
    ThreadLocal<long[]> own = ThreadLocal.withInitial(() -> new long[1]);
    LongSupplier clock = () -> own.get()[0];
    List<Long> waits = Collections.synchronizedList(new ArrayList<>());
    TokenBucket.Sleeper sleeper = nanos -> {
      waits.add(nanos);
      own.get()[0] += nanos;
    };
    long rate = 1L << 20;
    int read = 64 << 10;
    TokenBucket bucket = new TokenBucket(rate, read, clock, sleeper);
    int streams = 8;
    int reads = 200;
    ExecutorService pool = Executors.newFixedThreadPool(streams);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> ends = new ArrayList<>();
      for (int s = 0; s < streams; s++) {
        ends.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < reads; i++) {
            bucket.take(read);
          }
          return own.get()[0];
        }));
      }
      start.countDown();
      long last = 0;
      for (Future<Long> end : ends) {
        last = Math.max(last, end.get());
      }

      long bytes = (long) streams * reads * read;
      long expected = (long) (bytes * 1e9 / rate);
      assertTrue(Math.abs(last - expected) <= streams * reads, last + " ns, expected " + expected);
      assertTrue(waits.stream().allMatch(w -> w > 0), "a wait asked for is never empty");
      assertEquals(waits.stream().mapToLong(Long::longValue).sum(), bucket.waitedNanos());
    } finally {
      pool.shutdownNow();
    }
  }
}
