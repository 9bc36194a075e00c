package io.partsync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.copy.ExecutorResult;
import io.partsync.plan.CopyChunk;
import io.partsync.plan.PartitionCopy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CopyLanesTest {

  @Test
  void anExecutorDoneFirstTakesTheQueuedTasksOfOneHeldUp() throws Exception {
    CountDownLatch stuckStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch othersDone = new CountDownLatch(1);
    CopyChunk stuck = chunk(0, 0, 100);
    Function<CopyChunk, ExecutorResult> runner = chunk -> {
      if (chunk == stuck) {
        stuckStarted.countDown();
        await(release); // executor 0's first task is far slower than predicted
      }
      return result(chunk);
    };
    List<CopyLanes.Ran> ran;
    try (CopyLanes lanes = new CopyLanes(2, counting(runner, othersDone, 4), () -> {})) {
      lanes.submit(List.of(stuck));
      assertTrue(stuckStarted.await(30, TimeUnit.SECONDS));
      lanes.submit(List.of(chunk(0, 1, 100), chunk(0, 2, 100), chunk(0, 3, 100), chunk(1, 0, 100)));
      assertTrue(othersDone.await(30, TimeUnit.SECONDS), "lane 1 ran its own task and lane 0's queued ones");
      release.countDown();
      ran = lanes.finish();
    }
    assertEquals(5, ran.size());
    for (CopyLanes.Ran task : ran) {
      int expectedLane = task.chunk() == stuck ? 0 : 1;
      assertEquals(expectedLane, task.lane(), "task " + task.chunk().index() + " of executor " + task.chunk().executor());
      assertEquals(task.lane(), task.result().executor());
      assertEquals(task.lane() == task.chunk().executor() ? 0 : 1, task.result().movedIn());
    }
    assertEquals(List.of(new ExecutorResultSummary(0, 1, 0), new ExecutorResultSummary(1, 4, 3)), summaries(ran));
  }

  @Test
  void aLaneTakesItsOwnTasksFirstThenTheLastOfTheLaneWithTheMostWorkQueued() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch bothRunning = new CountDownLatch(2);
    CountDownLatch laneTwoDone = new CountDownLatch(1);
    CopyChunk lane0Running = chunk(0, 0, 10);
    CopyChunk lane1Running = chunk(1, 0, 10);
    List<CopyChunk> byLaneTwo = Collections.synchronizedList(new ArrayList<>());
    Function<CopyChunk, ExecutorResult> runner = chunk -> {
      if (chunk == lane0Running || chunk == lane1Running) {
        bothRunning.countDown();
        await(release);
      } else {
        byLaneTwo.add(chunk); // lanes 0 and 1 are held until lane 2 ran everything queued
      }
      return result(chunk);
    };
    CopyChunk own = chunk(2, 0, 5);
    CopyChunk lane0First = chunk(0, 1, 25);
    CopyChunk lane0Last = chunk(0, 2, 10);
    CopyChunk lane1Queued = chunk(1, 1, 30);
    try (CopyLanes lanes = new CopyLanes(3, counting(runner, laneTwoDone, 4), () -> {})) {
      lanes.submit(List.of(lane0Running, lane1Running));
      assertTrue(bothRunning.await(30, TimeUnit.SECONDS));
      lanes.submit(List.of(lane1Queued, lane0First, lane0Last, own));
      assertTrue(laneTwoDone.await(30, TimeUnit.SECONDS));
      release.countDown();
      assertEquals(6, lanes.finish().size());
    }
    // Queued: lane 0 has 35 ms, lane 1 30 ms. Lane 2 takes lane 0's last task; then lane 1 has the most.
    assertEquals(List.of(own, lane0Last, lane1Queued, lane0First), byLaneTwo);
  }

  @Test
  void theFirstFailureEndsTheCopyAndNoFurtherTaskStarts() {
    RuntimeException broken = new IllegalStateException("task failed 4 times");
    AtomicInteger started = new AtomicInteger();
    Function<CopyChunk, ExecutorResult> runner = chunk -> {
      started.incrementAndGet();
      throw broken;
    };
    try (CopyLanes lanes = new CopyLanes(1, runner, () -> {})) {
      lanes.submit(List.of(chunk(0, 0, 1), chunk(0, 1, 1), chunk(0, 2, 1)));
      assertSame(broken, assertThrows(IllegalStateException.class, lanes::finish));
    }
    assertEquals(1, started.get());
  }

  @Test
  void aCheckedFailureAsSparkThrowsItEndsTheCopyToo() {
    Exception aborted = new Exception("Job aborted due to stage failure");
    try (CopyLanes lanes = new CopyLanes(1, chunk -> sneakyThrow(aborted), () -> {})) {
      lanes.submit(List.of(chunk(0, 0, 1)));
      assertSame(aborted, assertThrows(IllegalStateException.class, lanes::finish).getCause());
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> ExecutorResult sneakyThrow(Throwable e) throws T {
    throw (T) e;
  }

  @Test
  void busyUntilEveryTaskRan() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (CopyLanes lanes = new CopyLanes(1, chunk -> {
      await(release);
      return result(chunk);
    }, () -> {})) {
      assertTrue(!lanes.busy());
      lanes.submit(List.of(chunk(0, 0, 1)));
      assertTrue(lanes.busy());
      release.countDown();
      assertEquals(1, lanes.finish().size());
      assertTrue(!lanes.busy());
    }
  }

  private record ExecutorResultSummary(int executor, int tasks, int movedIn) {}

  private static List<ExecutorResultSummary> summaries(List<CopyLanes.Ran> ran) {
    return CopyPipeline.byExecutorResults(ran.stream().map(CopyLanes.Ran::result).toList()).stream()
        .map(r -> new ExecutorResultSummary(r.executor(), r.tasks(), r.movedIn())).toList();
  }

  private static Function<CopyChunk, ExecutorResult> counting(Function<CopyChunk, ExecutorResult> runner,
      CountDownLatch done, int count) {
    AtomicInteger finished = new AtomicInteger();
    return chunk -> {
      ExecutorResult result = runner.apply(chunk);
      if (finished.incrementAndGet() == count) {
        done.countDown();
      }
      return result;
    };
  }

  /** A task of one partition, named after it. */
  private static CopyChunk chunk(int executor, int index, long predictedMillis) {
    String name = "p=" + executor + "-" + index;
    return new CopyChunk(executor, index, List.of(new PartitionCopy("db.t", name, List.of(name), "hdfs://s/t/" + name,
        List.of(), "v1:test", List.of())), predictedMillis);
  }

  private static ExecutorResult result(CopyChunk chunk) {
    return new ExecutorResult(chunk.executor(), "host", List.of(), 0, 0, 1);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
