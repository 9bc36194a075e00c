package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.fs.DataFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExecutorPlannerTest {
  private static final long MIB = 1024 * 1024;
  /** 100 MiB/s a stream, 12 ms a file, 6 ms a partition: a 1 MiB file costs 22 stream-ms, an empty partition 6. */
  private static final CopyCost COST = new CopyCost(100 * MIB, 12, 6, "test");
  private static final int STREAMS = 4;

  /** Partitions of {@code count} x {@code files} files of {@code fileBytes} each. */
  private record Group(int count, int files, long fileBytes) {}

  static Stream<Arguments> cases() {
    return Stream.of(
        // name, partitions, executors, executors planned, highest spread (max/min predicted), highest
        // makespan over its lower bound (total work / executors, or the costliest partition)
        Arguments.of("the warehouse mix: one 1 GiB file, 5,000 one-file partitions, 16 Parquet partitions",
            List.of(new Group(1, 1, 1024 * MIB), new Group(5000, 1, 40), new Group(16, 4, 16 * MIB)), 2, 2, 1.01, 1.01),
        // On 4 executors the 1 GiB file alone outlasts a fair share: the makespan is that file, and the
        // other three share the rest evenly.
        Arguments.of("the same mix on 4 executors",
            List.of(new Group(1, 1, 1024 * MIB), new Group(5000, 1, 40), new Group(16, 4, 16 * MIB)), 4, 4,
            Double.MAX_VALUE, 1.0),
        Arguments.of("one huge partition: the others share the rest, none waits on it",
            List.of(new Group(1, 1, 10 * 1024 * MIB), new Group(10, 10, MIB)), 3, 3, Double.MAX_VALUE, 1.0),
        Arguments.of("all equal", List.of(new Group(12, 3, 8 * MIB)), 4, 4, 1.0, 1.0),
        Arguments.of("empty partitions spread by their own cost", List.of(new Group(8, 0, 0)), 4, 4, 1.0, 1.0),
        Arguments.of("empty and full", List.of(new Group(1, 1, 100 * MIB), new Group(2, 0, 0)), 2, 2,
            Double.MAX_VALUE, 1.0),
        Arguments.of("more executors than partitions", List.of(new Group(2, 1, MIB)), 8, 2, 1.0, 1.0),
        Arguments.of("a single executor", List.of(new Group(3, 2, MIB)), 1, 1, 1.0, 1.0),
        Arguments.of("many small files against few big ones", List.of(new Group(4, 1, 400 * MIB),
            new Group(200, 50, 16 * 1024)), 4, 4, 1.05, 1.05));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void balancesWholePartitionsByPredictedTime(String name, List<Group> groups, int executors, int expectedPlanned,
      double highestSpread, double highestOverBound) {
    List<PartitionCopy> partitions = partitions(groups);
    List<ExecutorPlan> plans = ExecutorPlanner.assign(partitions, executors, COST, STREAMS);

    assertEquals(expectedPlanned, plans.size());
    Set<String> seen = new HashSet<>();
    for (ExecutorPlan plan : plans) {
      assertTrue(!plan.partitions().isEmpty(), "executor " + plan.executor() + " has no partition");
      plan.partitions().forEach(p -> assertTrue(seen.add(p.name()), p.name() + " assigned twice"));
      assertEquals(predicted(plan.partitions()), plan.predictedMillis(), 1.0, "executor " + plan.executor());
    }
    assertEquals(partitions.size(), seen.size(), "every partition assigned once");
    long max = plans.stream().mapToLong(ExecutorPlan::predictedMillis).max().orElseThrow();
    long min = plans.stream().mapToLong(ExecutorPlan::predictedMillis).min().orElseThrow();
    assertTrue((double) max / min <= highestSpread, "spread " + max + " / " + min + " ms");
    double bound = Math.max(partitions.stream().mapToDouble(COST::workMillis).sum() / (plans.size() * STREAMS),
        partitions.stream().mapToDouble(COST::spanMillis).max().orElseThrow());
    assertTrue(max <= highestOverBound * bound + 1, "makespan " + max + " ms against a lower bound of " + bound);
  }

  @Test
  void balancingByBytesAloneWouldLeaveTheMixHalfIdle() {
    List<PartitionCopy> mix = partitions(List.of(new Group(1, 1, 1024 * MIB), new Group(5000, 1, 40)));
    List<ExecutorPlan> plans = ExecutorPlanner.assign(mix, 2, COST, STREAMS);
    ExecutorPlan withBigFile = plans.stream().filter(p -> p.bytes() >= 1024 * MIB).findFirst().orElseThrow();
    // 5,000 tiny partitions are 22.5 s of work for 4 streams; the big file's executor takes its share of them.
    assertTrue(withBigFile.partitions().size() > 1000, withBigFile.partitions().size() + " partitions");
  }

  @Test
  void theSamePartitionsGiveTheSamePlan() {
    List<PartitionCopy> partitions = partitions(List.of(new Group(3, 1, 5 * MIB), new Group(2, 1, 3 * MIB),
        new Group(1, 1, MIB)));
    List<PartitionCopy> reversed = new ArrayList<>(partitions);
    Collections.reverse(reversed);
    assertEquals(ExecutorPlanner.assign(partitions, 3, COST, STREAMS), ExecutorPlanner.assign(reversed, 3, COST,
        STREAMS));
  }

  @Test
  void refusesZeroExecutors() {
    assertThrows(IllegalArgumentException.class,
        () -> ExecutorPlanner.assign(partitions(List.of(new Group(1, 1, 1))), 0, COST, STREAMS));
  }

  @Test
  void noPartitionsPlanNoExecutor() {
    assertEquals(List.of(), ExecutorPlanner.assign(List.of(), 4, COST, STREAMS));
  }

  @Test
  void splitsAnExecutorsShareIntoTasksOfAboutEqualWork() {
    ExecutorPlan plan = ExecutorPlanner.assign(partitions(List.of(new Group(400, 1, 4 * MIB))), 1, COST, STREAMS)
        .get(0);
    List<CopyChunk> chunks = ExecutorPlanner.chunks(plan, 4, COST, STREAMS);

    assertEquals(4, chunks.size());
    assertEquals(plan.partitions(), chunks.stream().flatMap(c -> c.partitions().stream()).toList(), "whole, in order");
    for (CopyChunk chunk : chunks) {
      assertEquals(0, chunk.executor());
      assertEquals(plan.predictedMillis() / 4.0, chunk.predictedMillis(), plan.predictedMillis() * 0.02);
    }
  }

  @Test
  void keepsWorkTooSmallToShareInOneTask() {
    // 20 one-MiB files: 110 ms for 4 streams, far below what a Spark job of its own costs.
    ExecutorPlan plan = ExecutorPlanner.assign(partitions(List.of(new Group(20, 1, MIB))), 1, COST, STREAMS).get(0);
    List<CopyChunk> chunks = ExecutorPlanner.chunks(plan, 4, COST, STREAMS);
    assertEquals(1, chunks.size());
    assertEquals(plan.partitions(), chunks.get(0).partitions());
  }

  @Test
  void neverSplitsAPartition() {
    ExecutorPlan plan = ExecutorPlanner.assign(partitions(List.of(new Group(2, 200, 8 * MIB))), 1, COST, STREAMS)
        .get(0);
    List<CopyChunk> chunks = ExecutorPlanner.chunks(plan, 8, COST, STREAMS);
    assertEquals(2, chunks.size());
    chunks.forEach(c -> assertEquals(1, c.partitions().size()));
  }

  private static double predicted(List<PartitionCopy> partitions) {
    return CopyCost.executorMillis(partitions.stream().mapToDouble(COST::workMillis).sum(),
        partitions.stream().mapToDouble(COST::spanMillis).max().orElse(0), STREAMS);
  }

  private static List<PartitionCopy> partitions(List<Group> groups) {
    List<PartitionCopy> partitions = new ArrayList<>();
    for (Group group : groups) {
      for (int i = 0; i < group.count(); i++) {
        int number = partitions.size();
        List<DataFile> files = new ArrayList<>();
        for (int f = 0; f < group.files(); f++) {
          files.add(new DataFile("part-" + f, group.fileBytes(), 0L));
        }
        partitions.add(new PartitionCopy("db.t", "p=" + number, List.of(Integer.toString(number)),
            "hdfs://s/t/p=" + number, files, "v1:test", List.of(new PartitionCopy.Destination("t1", "db.t",
                "hdfs://t/t/p=" + number, PartitionCopy.Change.NEW))));
      }
    }
    return partitions;
  }
}
