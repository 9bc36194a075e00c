package io.partsync.plan;

import java.io.Serializable;
import java.util.List;

/**
 * The data files of one source partition as an executor found them, and their version.
 *
 * @param error why the partition could not be listed, or null
 */
public record PartitionListing(String table, String name, List<SourceFile> files, String version, String error)
    implements Serializable {

  public PartitionListing {
    files = List.copyOf(files);
  }

  static PartitionListing of(ListingRequest request, List<SourceFile> files) {
    return new PartitionListing(request.table(), request.name(), files, PartitionVersion.of(files), null);
  }

  static PartitionListing failed(ListingRequest request, String error) {
    return new PartitionListing(request.table(), request.name(), List.of(), null, error);
  }

  public boolean succeeded() {
    return error == null;
  }
}
