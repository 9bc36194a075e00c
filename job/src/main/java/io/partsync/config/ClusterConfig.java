package io.partsync.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * How to reach one cluster: its file system (a Hadoop conf dir and/or fs.defaultFS), its metastore
 * Thrift URIs and any extra Hadoop/Hive properties, which win over the conf dir.
 *
 * @param role "source" or "target", used in messages
 */
public record ClusterConfig(
    String role,
    String hadoopConfDir,
    String defaultFs,
    List<String> metastoreUris,
    Map<String, String> properties) implements Serializable {

  public ClusterConfig {
    metastoreUris = List.copyOf(metastoreUris);
    properties = Map.copyOf(properties);
  }
}
