package io.partsync.it;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/**
 * An integration test class on the shared {@link Clusters} fixture: the clusters are started once for the
 * whole test JVM, before the first such class's own set-up, and never stopped by a class.
 */
abstract class SharedClustersTest {
  /** Two small executors: room enough for the tests' few small partitions. */
  static final String EXECUTORS = "  count: 2\n  memory: 16m";
  /** One small executor, for runs that fail or are refused before they copy much. */
  static final String ONE_EXECUTOR = "  count: 1\n  memory: 16m";
  static Clusters clusters;

  @BeforeAll
  static void startClusters() throws IOException {
    clusters = Clusters.get();
  }
}
