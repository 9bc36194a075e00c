package io.partsync.targets;

import io.partsync.config.TargetCluster;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreClient;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One target cluster as a run reaches it: its config, its resolved Hadoop properties, and open
 * connections to its metastore and file system.
 */
public record TargetConnection(TargetCluster cluster, Map<String, String> properties, Metastore metastore,
    ClusterFileSystem fs) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TargetConnection.class);

  /** Connects the target's metastore, then its file system; nothing is written. */
  public static TargetConnection connect(TargetCluster cluster, Map<String, String> properties,
      io.partsync.metastore.MetastoreSettings settings, java.time.Duration connectTimeout) {
    Metastore metastore = MetastoreClient.connect(cluster.cluster().role(), cluster.cluster().metastoreUris(),
        properties, settings, connectTimeout, cluster.cluster().catalog());
    try {
      return new TargetConnection(cluster, properties, metastore, ClusterFileSystem.open("target " + cluster.name(),
          properties));
    } catch (RuntimeException e) {
      metastore.close();
      throw e;
    }
  }

  public String name() {
    return cluster.name();
  }

  /** The target's default file system, as its Hadoop properties resolve it. */
  public String defaultFs() {
    return properties.get("fs.defaultFS");
  }

  @Override
  public void close() {
    metastore.close();
    try {
      fs.close();
    } catch (IOException e) {
      LOG.debug("closing the file system of target {}", cluster.name(), e);
    }
  }
}
