package io.partsync.config;

import io.partsync.failure.Echo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the sections that say how to reach a cluster: {@code source}, {@code target} or {@code targets}. */
final class ClusterBinder {
  private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern CATALOG_NAME = Pattern.compile("[A-Za-z0-9_]+");

  private ClusterBinder() {}

  /** The cluster keys of {@code section}; {@code role} names the cluster in messages ("source", "targets[1]"). */
  static ClusterConfig cluster(String role, ConfigSection section) {
    String confDir = section.text("hadoop-conf-dir");
    String defaultFs = section.text("default-fs");
    if (confDir == null && defaultFs == null) {
      throw section.node().error("needs 'hadoop-conf-dir' or 'default-fs' to reach the " + role + " file system");
    }
    if (defaultFs != null && !defaultFs.contains("://")) {
      throw section.given("default-fs").error("must be a file system URI such as hdfs://namenode:8020, "
          + ConfigNode.got(defaultFs));
    }
    ConfigNode urisNode = section.given("metastore-uris");
    if (urisNode == null) {
      throw section.node().error("needs 'metastore-uris' (e.g. thrift://metastore:9083)");
    }
    List<String> uris = new ArrayList<>();
    List<ConfigNode> uriNodes = urisNode.isScalar() ? List.of(urisNode) : urisNode.sequence();
    for (ConfigNode uriNode : uriNodes) {
      for (String uri : uriNode.text().split(",")) {
        if (!uri.trim().startsWith("thrift://")) {
          throw uriNode.error("must be thrift://host:port, " + ConfigNode.got(uri.trim()));
        }
        uris.add(uri.trim());
      }
    }
    return new ClusterConfig(role, confDir, defaultFs, uris, catalog(section), properties(section));
  }

  private static String catalog(ConfigSection section) {
    ConfigNode node = section.given("catalog");
    if (node == null) {
      return null;
    }
    if (!node.isScalar() || !CATALOG_NAME.matcher(node.text()).matches()) {
      throw node.error("must be a catalog name of letters, digits and '_' (the default is 'hive'), "
          + ConfigNode.got(node.isScalar() ? node.text() : "a section"));
    }
    return node.text().toLowerCase(java.util.Locale.ROOT);
  }

  /** The clusters written to: {@code target}, or each item of {@code targets}, exactly one of them given. */
  static List<TargetCluster> targets(ConfigSection root) {
    if (root.has("target") == root.has("targets")) {
      throw root.has("target") ? root.given("targets").error("cannot be given with 'target'; list every"
          + " target cluster under 'targets'") : root.node().missing("target");
    }
    if (root.has("target")) {
      return List.of(new TargetCluster("target", cluster("target", ConfigSection.of(root.given("target"))), null,
          null));
    }
    List<TargetCluster> targets = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    List<ConfigNode> items = root.given("targets").sequence();
    for (int i = 0; i < items.size(); i++) {
      ConfigSection item = ConfigSection.of(items.get(i));
      ConfigNode nameNode = item.required("name");
      String name = nameNode.text();
      if (!TARGET_NAME.matcher(name).matches()) {
        throw nameNode.error("must be a short name of letters, digits, '-' or '_', " + ConfigNode.got(name));
      }
      if (!names.add(name)) {
        throw nameNode.error("names target '" + Echo.of(name) + "' a second time");
      }
      String database = ConfigValues.databaseName(item.given("database"));
      String location = ConfigValues.location(item.given("location"));
      targets.add(new TargetCluster(name, cluster("targets[" + i + "]", item), database, location));
    }
    if (targets.isEmpty()) {
      throw root.given("targets").error("lists no target; add at least one");
    }
    return targets;
  }

  /** Where the source's data files are read from, or null for the source cluster itself. */
  static ReadReplica readReplica(ConfigSection source) {
    if (!source.has("read-replica")) {
      return null;
    }
    ConfigSection replica = ConfigSection.of(source.given("read-replica"));
    ConfigNode fsNode = replica.required("default-fs");
    if (!fsNode.text().contains("://")) {
      throw fsNode.error("must be a file system URI such as hdfs://dr-namenode:8020, "
          + ConfigNode.got(fsNode.text()));
    }
    Map<String, String> properties = properties(replica);
    List<Map.Entry<String, String>> pathMap = new ArrayList<>();
    if (replica.has("path-map")) {
      replica.given("path-map").entries().forEach((from, to) -> {
        if (!from.contains("://") || !to.text().contains("://")) {
          throw to.error("maps '" + Echo.of(from) + "' to '" + Echo.of(to.text()) + "'; both must be full URIs"
              + " such as hdfs://namenode:8020/warehouse");
        }
        pathMap.add(Map.entry(from, to.text()));
      });
    }
    ConfigNode mismatch = replica.valueOrDefault("on-mismatch");
    if (!List.of("primary", "skip").contains(mismatch.text())) {
      throw mismatch.error("must be 'primary' (read such a file from the source cluster) or 'skip' (fail"
          + " its partition), " + ConfigNode.got(mismatch.text()));
    }
    return new ReadReplica(fsNode.text(), properties, pathMap, mismatch.text().equals("primary"));
  }

  /** The section's free {@code properties}, as text. */
  private static Map<String, String> properties(ConfigSection section) {
    Map<String, String> properties = new LinkedHashMap<>();
    if (section.has("properties")) {
      section.given("properties").entries().forEach((key, value) -> properties.put(key, value.text()));
    }
    return properties;
  }
}
