package io.partsync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartSyncTest {
  @Test
  void thePlanGoesBesideTheReport() {
    assertEquals("/ops/orders.plan.json", PartSync.planPath(Optional.of("/ops/orders.json")));
    assertEquals("hdfs://nn/ops/orders.plan.json", PartSync.planPath(Optional.of("hdfs://nn/ops/orders.json")));
    assertEquals("partsync-plan.json", PartSync.planPath(Optional.empty()));
  }
}
