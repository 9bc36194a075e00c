package io.partsync.plan;

import java.io.Serializable;
import java.util.List;

/**
 * The data files of one source partition as an executor found them, and their version.
 *
 * @param targetVersion the fingerprint of the files now in the target partition's directory, or null when
 *     it was not checked
 * @param error why the partition could not be listed, or null
 */
public record PartitionListing(String table, String name, List<SourceFile> files, String version,
    String targetVersion, String error) implements Serializable {

  public PartitionListing {
    files = List.copyOf(files);
  }

  static PartitionListing of(ListingRequest request, List<SourceFile> files, String targetVersion) {
    return new PartitionListing(request.table(), request.name(), files, PartitionVersion.of(files), targetVersion,
        null);
  }

  static PartitionListing failed(ListingRequest request, String error) {
    return new PartitionListing(request.table(), request.name(), List.of(), null, null, error);
  }

  public boolean succeeded() {
    return error == null;
  }
}
