package io.partsync.plan;

import io.partsync.metastore.HivePartition;
import java.util.List;

/**
 * A partition the target metastore already has, as incremental planning needs to know it.
 *
 * @param version the source version it holds, null when partsync did not write it
 * @param targetVersion the fingerprint of its files as partsync published them, null when unknown
 */
public record TargetPartition(String name, List<String> values, String location, String version,
    String targetVersion) {
  public TargetPartition {
    values = List.copyOf(values);
  }

  public static TargetPartition of(String name, HivePartition partition) {
    return new TargetPartition(name, partition.values(), partition.location(),
        partition.parameters().get(PartitionVersion.PARAMETER),
        partition.parameters().get(PartitionVersion.TARGET_PARAMETER));
  }

  /** Partitions partsync wrote carry the source version they hold; any other was written by someone else. */
  public boolean writtenByPartsync() {
    return version != null;
  }
}
