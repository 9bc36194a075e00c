package io.partsync.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long each phase of a run took, logged as it ends so an operator can see where a run's time goes;
 * the report has the same figures.
 */
final class Phases {
  /** Under the job's name: operators (and the benchmark's log filter) follow a run's phases there. */
  private static final Logger LOG = LoggerFactory.getLogger(SyncJob.class);

  private final Map<String, Long> millis = new LinkedHashMap<>();

  <T> T timed(String phase, Supplier<T> step) {
    long started = System.nanoTime();
    T result = step.get();
    long took = (System.nanoTime() - started) / 1_000_000;
    millis.merge(phase, took, Long::sum);
    LOG.info("{}: {} ms", phase, took);
    return result;
  }

  /** The phases so far, in the order they ran. */
  Map<String, Long> millis() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(millis));
  }
}
