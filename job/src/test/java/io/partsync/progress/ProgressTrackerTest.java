package io.partsync.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.partsync.copy.CopyCounters;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTrackerTest {
  // Accumulator ids as Spark would assign them: target "dr" bytes=1, files=2, partitions=3, failed=4.
  private static final Map<Long, CopyCounters.Measure> MEASURES = Map.of(
      1L, new CopyCounters.Measure("dr", CopyCounters.Kind.BYTES),
      2L, new CopyCounters.Measure("dr", CopyCounters.Kind.FILES),
      3L, new CopyCounters.Measure("dr", CopyCounters.Kind.PARTITIONS),
      4L, new CopyCounters.Measure("dr", CopyCounters.Kind.FAILED));

  private final ProgressTracker tracker = new ProgressTracker(MEASURES, List.of("dr"));

  @Test
  void heartbeatsOfRunningTasksAddToFinishedTasks() {
    tracker.planned("dr", 4, 400);
    tracker.ended(10, true, Map.of(1L, 100L, 2L, 2L, 3L, 1L));
    tracker.running(11, 1, 50);
    tracker.running(11, 1, 70);
    tracker.running(11, 99, 1_000_000);

    assertEquals(new ProgressTracker.TargetProgress("dr", 1, 0, 4, 170, 400, 2), tracker.snapshot().get(0));
  }

  @Test
  void aFailedTaskCountsNothingSinceSparkRunsItAgain() {
    tracker.planned("dr", 2, 200);
    tracker.running(12, 1, 150);
    tracker.ended(12, false, Map.of(1L, 150L, 3L, 1L));
    tracker.ended(13, true, Map.of(1L, 200L, 3L, 1L, 4L, 1L));

    assertEquals(new ProgressTracker.TargetProgress("dr", 1, 1, 2, 200, 200, 0), tracker.snapshot().get(0));
  }

  @Test
  void theLineShowsTotalsThroughputAndRemainingTime() {
    String line = ProgressLine.render(List.of(new ProgressTracker.TargetProgress("dr", 3, 1, 10, 250_000_000,
        1_000_000_000, 30), new ProgressTracker.TargetProgress("cloud", 2, 0, 10, 250_000_000, 1_000_000_000, 20)),
        10_000);

    assertEquals("copy: 6/20 partitions (1 failed), 476.8 MiB of 1.9 GiB (25%), 50.0 MB/s, ETA 30 s"
        + " | dr 4/10, 238.4 MiB | cloud 2/10, 238.4 MiB", line);
  }

  @Test
  void remainingTimeIsUnknownUntilSomethingWasWritten() {
    assertEquals("unknown", ProgressLine.eta(100, 0));
    assertEquals("0 s", ProgressLine.eta(0, 0));
    assertEquals("2 min 05 s", ProgressLine.eta(125, 1));
    assertEquals("2 h 00 min", ProgressLine.eta(7200, 1));
  }
}
