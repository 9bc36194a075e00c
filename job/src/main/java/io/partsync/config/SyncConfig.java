package io.partsync.config;

import java.util.List;
import java.util.Optional;

/**
 * A whole, validated partsync configuration.
 *
 * @param readReplica where the source's data files are read from, or null for the source cluster itself
 */
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
    Optional<String> reportPath,
    ReadReplica readReplica) {

  public SyncConfig {
    tables = List.copyOf(tables);
  }
}
