package io.partsync.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads and validates a partsync YAML config before any work starts. Every problem is reported as one
 * line naming the key and its line, e.g. {@code config error: 'executors.memory' must be a size ...}. The
 * keys, and the defaults of those left out, are {@link ConfigKeys}'.
 */
public final class ConfigLoader {
  public static final int DEFAULT_BATCH_SIZE = defaultInt("metastore.batch-size");
  public static final int DEFAULT_STREAMS = defaultInt("executors.streams");

  private ConfigLoader() {}

  public static SyncConfig load(Path file) {
    return parse(ConfigDocument.read(file), file.getFileName().toString());
  }

  /** The config in {@code yamlText}; {@code sourceName} names it in messages. */
  public static SyncConfig parse(String yamlText, String sourceName) {
    ConfigSection root = ConfigSection.of(new ConfigNode(sourceName, "", ConfigDocument.compose(yamlText,
        sourceName)));
    // The sections are read in this order so that of several problems, the same one is reported first.
    ConfigSection source = ConfigSection.of(root.required("source"));
    ClusterConfig sourceCluster = ClusterBinder.cluster("source", source);
    List<TargetCluster> targets = ClusterBinder.targets(root);
    boolean abortOnTargetFailure = SettingsBinder.abortOnTargetFailure(root.valueOrDefault("on-target-failure"));
    ConfigNode tables = root.required("tables");
    SnapshotMode snapshots = ConfigValues.choice(source.valueOrDefault("snapshots"), SnapshotMode.class);
    return new SyncConfig(
        sourceCluster,
        targets,
        abortOnTargetFailure,
        TableBinder.tables(tables, snapshots),
        SettingsBinder.executors(ConfigSection.of(root.required("executors"))),
        SettingsBinder.metastore(root.section("metastore")),
        SettingsBinder.verify(root.valueOrDefault("verify")),
        ConfigValues.choice(root.valueOrDefault("mode"), SyncMode.class),
        ConfigValues.choice(root.valueOrDefault("compare"), CompareMode.class),
        ConfigValues.choice(root.valueOrDefault("deletes"), DeletesMode.class),
        SettingsBinder.safety(root),
        SettingsBinder.reportPath(root),
        SettingsBinder.statusPath(root),
        ClusterBinder.readReplica(source),
        SettingsBinder.snapshotsKeep(source.valueOrDefault("snapshots-keep")),
        SettingsBinder.kerberos(root),
        SettingsBinder.connectTimeout(root.valueOrDefault("connect-timeout")),
        ConfigValues.choice(source.valueOrDefault("missing-directories"), MissingDirectories.class),
        ConfigValues.choice(root.valueOrDefault("views"), ViewsMode.class),
        SettingsBinder.bandwidth(root.section("bandwidth")));
  }

  private static int defaultInt(String path) {
    return Integer.parseInt(ConfigKeys.key(path).defaultText());
  }
}
