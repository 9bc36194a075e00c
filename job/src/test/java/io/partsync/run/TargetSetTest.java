package io.partsync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.partsync.config.ClusterConfig;
import io.partsync.config.TargetCluster;
import io.partsync.failure.Outcomes;
import io.partsync.failure.SyncRefusedException;
import io.partsync.failure.TableFailure;
import io.partsync.targets.TargetConnection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The failure policy over targets, {@code on-target-failure}, on its own. */
class TargetSetTest {
  @Test
  void underContinueAFailingTargetIsLeftOutWithTheTablesItHadLeftOutAndTheOthersGoOn() {
    TargetSet<String> targets = TargetSet.of(List.of(target("a", "t1"), target("b", "t1", "t2")), false);

    TargetSet<String> next = targets.each(t -> t.name().equals("a")
        ? new Outcomes<>(List.of(), List.of(failure("a", "t1")))
        : new Outcomes<>(List.of("t2"), List.of(failure("b", "t1"))), failures -> new SyncRefusedException(
            failures.get(0).reason()));

    assertEquals(List.of("b"), next.active().stream().map(OnTarget::name).toList());
    assertEquals(List.of("t2"), next.active().get(0).tables());
    assertEquals("a", next.failed().get(0).name());
    assertEquals("t1 refused on a", next.failed().get(0).failure().getMessage());
    assertEquals(List.of(failure("a", "t1"), failure("b", "t1")), next.tableFailures());
  }

  @Test
  void underAbortOrWithASingleTargetTheFailureEndsTheRun() {
    RuntimeException broken = new IllegalStateException("metastore gone");
    TargetSet<String> abort = TargetSet.of(List.of(target("a", "t1"), target("b", "t1")), true);
    assertSame(broken, assertThrows(IllegalStateException.class, () -> abort.map(t -> {
      throw broken;
    })));
    TargetSet<String> single = TargetSet.of(List.of(target("a", "t1")), false);
    assertSame(broken, assertThrows(IllegalStateException.class, () -> single.map(t -> {
      throw broken;
    })));
  }

  @Test
  void whenEveryTargetFailedTheRunEndsWithTheFirstTargetsFailureInConfigOrder() {
    TargetSet<String> targets = TargetSet.of(List.of(target("a", "t1"), target("b", "t1")), false);
    RuntimeException fromA = new IllegalStateException("a failed later");
    TargetSet<String> bFails = targets.map(t -> {
      if (t.name().equals("b")) {
        throw new IllegalStateException("b failed first");
      }
      return t.tables();
    });

    TargetSet<String> none = bFails.map(t -> {
      throw fromA;
    });

    assertSame(fromA, assertThrows(IllegalStateException.class, none::requireAny));
  }

  private static OnTarget<String> target(String name, String... tables) {
    TargetCluster cluster = new TargetCluster(name, new ClusterConfig("targets[]", null, "file:///",
        List.of("thrift://x:9083"), null, java.util.Map.of()), null, null);
    return OnTarget.start(new TargetConnection(cluster, java.util.Map.of(), null, null), List.of(tables));
  }

  private static TableFailure failure(String target, String table) {
    return new TableFailure(target, "src." + table, "dst." + table, table + " refused on " + target);
  }
}
