package io.partsync.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.ExecutorSettings;
import io.partsync.fs.DataFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CopyCostTest {
  private static final long MIB = 1024 * 1024;
  private static final CopyCost COST = new CopyCost(100 * MIB, 12, 6, "test");

  @Test
  void aPartitionCostsItsBytesAtAStreamsBandwidthPlusItsFilesAndItself() {
    PartitionCopy partition = partition(List.of(100 * MIB, 50 * MIB), 1);
    assertEquals(1000 + 500 + 2 * 12 + 6, COST.workMillis(partition), 1e-9);
    assertEquals(1000 + 12 + 6, COST.spanMillis(partition), 1e-9, "its longest file, which one stream copies");
  }

  @Test
  void fixedCostsArePaidPerDestinationAndBytesReadOnce() {
    PartitionCopy twoTargets = partition(List.of(100 * MIB), 2);
    assertEquals(1000 + 2 * 12 + 2 * 6, COST.workMillis(twoTargets), 1e-9);
  }

  @Test
  void anEmptyPartitionStillCostsItsDirectory() {
    assertEquals(6, COST.workMillis(partition(List.of(), 1)), 1e-9);
  }

  @Test
  void anExecutorTakesItsWorkOverItsStreamsButNoLessThanItsLongestFile() {
    assertEquals(250, CopyCost.executorMillis(1000, 100, 4), 1e-9);
    assertEquals(700, CopyCost.executorMillis(1000, 700, 4), 1e-9);
  }

  @Test
  void configuredFiguresWinEachLeftOutComesFromThePreviousRunElseTheDefaults() {
    CopyCost earlier = new CopyCost(50 * MIB, 30, 3, "previous run");
    assertEquals(CopyCost.DEFAULTS, CopyCost.of(ExecutorSettings.Cost.NONE, null));
    assertEquals(earlier, CopyCost.of(ExecutorSettings.Cost.NONE, earlier));
    assertEquals(new CopyCost(200 * MIB, 30, 3, "config and previous run"),
        CopyCost.of(new ExecutorSettings.Cost(200 * MIB, null, null), earlier));
    assertEquals(new CopyCost(200 * MIB, 1, 0, "config"), CopyCost.of(new ExecutorSettings.Cost(200 * MIB, 1L, 0L), earlier));
    assertEquals(new CopyCost(64 * MIB, 1, 9, "config and defaults"),
        CopyCost.of(new ExecutorSettings.Cost(null, 1L, null), null));
  }

  @Test
  void refusesAFigureThatCannotBe() {
    assertThrows(IllegalArgumentException.class, () -> new CopyCost(0, 1, 1, "x"));
    assertThrows(IllegalArgumentException.class, () -> new CopyCost(1, -1, 1, "x"));
  }

  @Test
  void theFitFindsTheBandwidthAndTheFixedCostsTheTasksTook() {
    // The real cluster: 50 MiB/s a stream (half the planned), and files and partitions cost 3x the planned.
    CopyCost real = new CopyCost(50 * MIB, 36, 18, "real");
    List<CostFit.Task> tasks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      List<PartitionCopy> partitions = new ArrayList<>();
      for (int p = 0; p < 20; p++) {
        partitions.add(partition(i % 2 == 0 ? List.of(8 * MIB, 8 * MIB) : List.of(MIB / 4, MIB / 4, MIB / 4), 1));
      }
      double work = partitions.stream().mapToDouble(real::workMillis).sum();
      tasks.add(new CostFit.Task(partitions, Math.round(work / 4)));
    }
    CopyCost fitted = CostFit.fit(COST, tasks, 4).orElseThrow();
    assertEquals(50.0, fitted.streamBytesPerSecond() / (double) MIB, 0.5);
    assertEquals(36, fitted.fileMillis(), 0.5);
    assertEquals(18, fitted.partitionMillis(), 0.3);
    assertEquals("observed", fitted.source());
  }

  @Test
  void tasksOneLongFileHoldsOrTooShortToMeasureTellNothing() {
    List<CostFit.Task> tasks = List.of(new CostFit.Task(List.of(partition(List.of(1024 * MIB), 1)), 30_000),
        new CostFit.Task(List.of(partition(List.of(MIB), 1)), 40));
    assertEquals(Optional.empty(), CostFit.fit(COST, tasks, 4));
  }

  @Test
  void oneRunMovesAFigureTwentyFoldAtMost() {
    List<PartitionCopy> partitions = new ArrayList<>();
    for (int p = 0; p < 400; p++) {
      partitions.add(partition(List.of(MIB), 1));
    }
    CopyCost fitted = CostFit.fit(COST, List.of(new CostFit.Task(partitions, 10_000_000)), 4).orElseThrow();
    assertTrue(fitted.fileMillis() <= 12 * 20 + 1e-9, fitted.describe());
  }

  private static PartitionCopy partition(List<Long> sizes, int destinations) {
    List<DataFile> files = new ArrayList<>();
    for (int f = 0; f < sizes.size(); f++) {
      files.add(new DataFile("part-" + f, sizes.get(f), 0L));
    }
    List<PartitionCopy.Destination> to = new ArrayList<>();
    for (int d = 0; d < destinations; d++) {
      to.add(new PartitionCopy.Destination("t" + d, "db.t", "hdfs://t" + d + "/t/p=1", PartitionCopy.Change.NEW));
    }
    return new PartitionCopy("db.t", "p=1", List.of("1"), "hdfs://s/t/p=1", files, "v1:test", to);
  }
}
