package io.partsync.metastore;

import java.util.List;
import java.util.Map;

/**
 * What planning needs of a partition: its values, where its data is, and its parameters. Read for every
 * partition of a table in one compact call; the full definition ({@link HivePartition}) is fetched only
 * for the partitions a run copies.
 */
public record PartitionSummary(List<String> values, String location, Map<String, String> parameters) {

  public PartitionSummary {
    values = List.copyOf(values);
    parameters = Map.copyOf(parameters);
  }
}
