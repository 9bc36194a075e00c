package io.partsync.plan;

import io.partsync.fs.DataFile;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The data files of one source partition as an executor found them, and their version.
 *
 * @param targetVersions by destination, the fingerprint of the files now in the target partition's
 *     directory; only destinations that were checked
 * @param error why the partition could not be listed, or null
 */
public record PartitionListing(String sourceTable, String name, List<DataFile> files, String version,
    Map<TargetTableName, String> targetVersions, String error) implements Serializable {

  public PartitionListing {
    files = List.copyOf(files);
    targetVersions = Map.copyOf(targetVersions);
  }

  public static PartitionListing of(ListingRequest request, List<DataFile> files,
      Map<TargetTableName, String> targetVersions) {
    return new PartitionListing(request.sourceTable(), request.name(), files, PartitionVersion.of(files),
        targetVersions, null);
  }

  public static PartitionListing failed(ListingRequest request, String error) {
    return new PartitionListing(request.sourceTable(), request.name(), List.of(), null, Map.of(), error);
  }

  public boolean succeeded() {
    return error == null;
  }

  /** The fingerprint of a destination's target files, or null when it was not checked. */
  public String targetVersion(TargetTableName destination) {
    return targetVersions.get(destination);
  }
}
