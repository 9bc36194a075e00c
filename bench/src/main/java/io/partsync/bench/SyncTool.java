package io.partsync.bench;

import java.util.Map;

/** One way to do a full sync of a {@link BenchTable} to the target; a run starts from an empty target. */
interface SyncTool extends AutoCloseable {
  /** The flag name: partsync, distcp, spark or raw. */
  String key();

  /** The row label in the results table. */
  String label();

  /** Whether the tool registers the partitions in the target metastore. */
  boolean registers();

  /** Whether the tool copies the files byte for byte, so the target must hold exactly the source's files. */
  boolean copiesFiles();

  Measurement run(BenchTable table, int run) throws Exception;

  @Override
  default void close() throws Exception {}

  /**
   * One timed run.
   *
   * @param seconds wall time of the whole sync
   * @param phases named parts of it in seconds (e.g. DistCp's copy alone)
   * @param details anything else worth keeping in the JSON (tool's own report figures)
   */
  record Measurement(double seconds, Map<String, Double> phases, Map<String, Object> details) {
    public Measurement {
      phases = Map.copyOf(phases);
      details = Map.copyOf(details);
    }
  }
}
