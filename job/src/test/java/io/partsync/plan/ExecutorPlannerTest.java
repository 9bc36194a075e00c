package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.fs.DataFile;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ExecutorPlannerTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // sizes, executors, expected executors planned, expected bytes per executor (sorted, descending)
        Arguments.of("balanced", List.of(40L, 30L, 20L, 10L), 2, 2, List.of(50L, 50L)),
        Arguments.of("more executors than partitions", List.of(5L, 3L), 8, 2, List.of(5L, 3L)),
        Arguments.of("one huge partition", List.of(1000L, 1L, 1L, 1L), 3, 3, List.of(1000L, 2L, 1L)),
        Arguments.of("empty partitions spread", List.of(0L, 0L, 0L, 0L), 4, 4, List.of(0L, 0L, 0L, 0L)),
        Arguments.of("empty and full", List.of(100L, 0L, 0L), 2, 2, List.of(100L, 0L)),
        Arguments.of("single executor", List.of(7L, 8L, 9L), 1, 1, List.of(24L)),
        Arguments.of("no partitions", List.<Long>of(), 4, 0, List.<Long>of()),
        Arguments.of("greedy largest first", List.of(8L, 7L, 6L, 5L, 4L), 2, 2, List.of(17L, 13L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void assignsWholePartitionsBalancedByBytes(String name, List<Long> sizes, int executors, int expectedPlanned,
      List<Long> expectedBytes) {
    List<PartitionCopy> partitions = partitions(sizes);
    List<ExecutorPlan> plans = ExecutorPlanner.assign(partitions, executors);

    assertEquals(expectedPlanned, plans.size());
    assertEquals(expectedBytes, plans.stream().map(ExecutorPlan::bytes).sorted((a, b) -> Long.compare(b, a)).toList());
    Set<String> seen = new HashSet<>();
    for (ExecutorPlan plan : plans) {
      assertTrue(!plan.partitions().isEmpty(), "executor " + plan.executor() + " has no partition");
      plan.partitions().forEach(p -> assertTrue(seen.add(p.name()), p.name() + " assigned twice"));
    }
    assertEquals(partitions.size(), seen.size(), "every partition assigned once");
  }

  @Test
  void theSamePartitionsGiveTheSamePlan() {
    List<PartitionCopy> partitions = partitions(List.of(5L, 5L, 5L, 3L, 3L, 1L));
    List<PartitionCopy> reversed = new ArrayList<>(partitions);
    java.util.Collections.reverse(reversed);
    assertEquals(ExecutorPlanner.assign(partitions, 3), ExecutorPlanner.assign(reversed, 3));
  }

  @Test
  void refusesZeroExecutors() {
    assertThrows(IllegalArgumentException.class, () -> ExecutorPlanner.assign(partitions(List.of(1L)), 0));
  }

  private static List<PartitionCopy> partitions(List<Long> sizes) {
    List<PartitionCopy> partitions = new ArrayList<>();
    for (int i = 0; i < sizes.size(); i++) {
      List<DataFile> files = sizes.get(i) == 0 ? List.of()
          : List.of(new DataFile("part-0", sizes.get(i), 0L));
      partitions.add(new PartitionCopy("db.t", "p=" + i, List.of(Integer.toString(i)), "hdfs://s/t/p=" + i, files,
          "v1:test", List.of(new PartitionCopy.Destination("t1", "db.t", "hdfs://t/t/p=" + i,
              PartitionCopy.Change.NEW))));
    }
    return partitions;
  }
}
