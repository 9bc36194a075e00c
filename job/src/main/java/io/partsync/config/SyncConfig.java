package io.partsync.config;

import java.util.List;
import java.util.Optional;

/** A whole, validated partsync configuration. */
public record SyncConfig(
    ClusterConfig source,
    ClusterConfig target,
    List<TableSelection> tables,
    ExecutorSettings executors,
    MetastoreSettings metastore,
    VerifyMode verify,
    SyncMode mode,
    CompareMode compare,
    DeletesMode deletes,
    SafetySettings safety,
    Optional<String> reportPath) {

  public SyncConfig {
    tables = List.copyOf(tables);
  }
}
