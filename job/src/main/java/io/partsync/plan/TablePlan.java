package io.partsync.plan;

import io.partsync.config.TableMapping;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import java.util.List;
import java.util.Map;

/**
 * What one table's sync will do: the source and target definitions and the partitions to copy.
 *
 * @param targetExists false when the target table is still to be created from {@code target}
 * @param sourcePartitions source partitions by Hive partition name
 */
public record TablePlan(
    TableMapping mapping,
    HiveTable source,
    HiveTable target,
    boolean targetExists,
    Map<String, HivePartition> sourcePartitions,
    List<PartitionCopy> copies) {

  public TablePlan {
    sourcePartitions = Map.copyOf(sourcePartitions);
    copies = List.copyOf(copies);
  }

  public long bytes() {
    return copies.stream().mapToLong(PartitionCopy::bytes).sum();
  }

  public int files() {
    return copies.stream().mapToInt(p -> p.files().size()).sum();
  }
}
