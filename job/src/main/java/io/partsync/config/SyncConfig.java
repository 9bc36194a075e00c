package io.partsync.config;

import io.partsync.metastore.MetastoreSettings;
import java.util.List;
import java.util.Optional;

/**
 * A whole, validated partsync configuration.
 *
 * @param targets the clusters written to, at least one, names unique
 * @param abortOnTargetFailure {@code on-target-failure: abort}: a failing target stops the run before any
 *     target publishes; otherwise the others go on
 * @param snapshotsKeep how many of the snapshots partsync created of a source table stay after a run: those
 *     the target tables record, then the newest others up to this number
 * @param statusPath where the run's status file goes at every exit ({@code report.status}), when configured
 * @param readReplica where the source's data files are read from, or null for the source cluster itself
 * @param kerberos the principal and keytab to log in with on Kerberized clusters, when configured
 * @param connectTimeout how long a name node or metastore may take to accept a connection and answer a
 *     first call before the run gives up on its cluster
 * @param missingDirectories what a source partition whose directory is missing means
 * @param views what a selected view that reads a table the run does not replicate gets
 * @param bandwidth the cap on the bytes per second the copy reads; {@link BandwidthSettings#NONE} for none
 */
public record SyncConfig(
    ClusterConfig source,
    List<TargetCluster> targets,
    boolean abortOnTargetFailure,
    List<TableSelection> tables,
    ExecutorSettings executors,
    MetastoreSettings metastore,
    VerifyMode verify,
    SyncMode mode,
    CompareMode compare,
    DeletesMode deletes,
    SafetySettings safety,
    Optional<String> reportPath,
    Optional<String> statusPath,
    ReadReplica readReplica,
    int snapshotsKeep,
    Optional<KerberosSettings> kerberos,
    java.time.Duration connectTimeout,
    MissingDirectories missingDirectories,
    ViewsMode views,
    BandwidthSettings bandwidth) {

  public SyncConfig {
    tables = List.copyOf(tables);
    targets = List.copyOf(targets);
  }
}
