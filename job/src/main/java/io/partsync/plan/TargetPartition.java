package io.partsync.plan;

import io.partsync.metastore.PartitionSummary;
import io.partsync.metastore.PartsyncParameters;
import java.util.List;
import java.util.Map;

/**
 * A partition the target metastore already has, as incremental planning needs to know it.
 *
 * @param version the source version it holds, null when partsync did not write it
 * @param listing the fingerprint of the source files' names, lengths and modification times when that
 *     version was copied, null when unknown
 * @param targetVersion the fingerprint of its files as partsync published them, null when unknown
 * @param sourceLocation the source partition directory its version was copied from, null when unknown
 * @param parameters all its parameters, as the target metastore has them
 */
public record TargetPartition(String name, List<String> values, String location, String version, String listing,
    String targetVersion, String sourceLocation, Map<String, String> parameters) {
  public TargetPartition {
    values = List.copyOf(values);
    parameters = Map.copyOf(parameters);
  }

  public TargetPartition(String name, List<String> values, String location, String version, String listing,
      String targetVersion, String sourceLocation) {
    this(name, values, location, version, listing, targetVersion, sourceLocation, Map.of());
  }

  public static TargetPartition of(String name, PartitionSummary partition) {
    return new TargetPartition(name, partition.values(), partition.location(),
        partition.parameters().get(PartsyncParameters.SOURCE_VERSION),
        partition.parameters().get(PartsyncParameters.SOURCE_LISTING),
        partition.parameters().get(PartsyncParameters.TARGET_VERSION),
        partition.parameters().get(PartsyncParameters.SOURCE_LOCATION), partition.parameters());
  }

  public TargetPartition(String name, List<String> values, String location, String version, String listing,
      String targetVersion) {
    this(name, values, location, version, listing, targetVersion, null);
  }

  /** The fingerprint of the column statistics partsync last wrote for it, null when none. */
  public String statsVersion() {
    return parameters.get(PartsyncParameters.STATS_VERSION);
  }

  /** The fingerprint of the source metadata it was made from, null when partsync recorded none. */
  public String metadataVersion() {
    return parameters.get(PartsyncParameters.METADATA_VERSION);
  }

  /** Partitions partsync wrote carry the source version they hold; any other was written by someone else. */
  public boolean writtenByPartsync() {
    return version != null;
  }
}
