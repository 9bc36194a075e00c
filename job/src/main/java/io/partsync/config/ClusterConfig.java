package io.partsync.config;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * How to reach one cluster: its file system (a Hadoop conf dir and/or fs.defaultFS), its metastore
 * Thrift URIs and any extra Hadoop/Hive properties, which win over the conf dir.
 *
 * @param role "source" or "target", used in messages
 * @param catalog the metastore catalog the config names, or null for the metastore's default; partsync
 *     serves only the default catalog, so this guards against a metastore whose default is another one
 */
public record ClusterConfig(
    String role,
    String hadoopConfDir,
    String defaultFs,
    List<String> metastoreUris,
    String catalog,
    Map<String, String> properties) implements Serializable {

  public ClusterConfig {
    metastoreUris = List.copyOf(metastoreUris);
    properties = Map.copyOf(properties);
  }
}
