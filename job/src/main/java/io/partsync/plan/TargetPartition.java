package io.partsync.plan;

import io.partsync.metastore.HivePartition;
import java.util.List;

/** A partition the target metastore already has, as incremental planning needs to know it. */
public record TargetPartition(String name, List<String> values, String location, String version) {
  public TargetPartition {
    values = List.copyOf(values);
  }

  public static TargetPartition of(String name, HivePartition partition) {
    return new TargetPartition(name, partition.values(), partition.location(),
        partition.parameters().get(PartitionVersion.PARAMETER));
  }

  /** Partitions partsync wrote carry the source version they hold; any other was written by someone else. */
  public boolean writtenByPartsync() {
    return version != null;
  }
}
