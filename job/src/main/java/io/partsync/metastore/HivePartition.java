package io.partsync.metastore;

import java.util.List;
import java.util.Map;

/** A partition as partsync reads it from the source and registers it on the target. */
public record HivePartition(
    List<String> values,
    String location,
    List<Column> columns,
    Storage storage,
    Map<String, String> parameters) {

  public HivePartition {
    values = List.copyOf(values);
    columns = List.copyOf(columns);
    parameters = Map.copyOf(parameters);
  }
}
