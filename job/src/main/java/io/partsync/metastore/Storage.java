package io.partsync.metastore;

import java.util.List;
import java.util.Map;

/** How a table's or partition's files are laid out and read: formats, serde and bucketing. */
public record Storage(
    String inputFormat,
    String outputFormat,
    String serdeLibrary,
    Map<String, String> serdeParameters,
    boolean compressed,
    int numBuckets,
    List<String> bucketColumns,
    List<SortColumn> sortColumns,
    boolean storedAsSubDirectories,
    Map<String, String> parameters) {

  public Storage {
    serdeParameters = Map.copyOf(serdeParameters);
    bucketColumns = List.copyOf(bucketColumns);
    sortColumns = List.copyOf(sortColumns);
    parameters = Map.copyOf(parameters);
  }

  public record SortColumn(String name, int order) {}
}
