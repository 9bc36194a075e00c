package io.partsync.fs;

import io.partsync.config.ClusterConfig;
import io.partsync.config.ConfigException;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Turns a cluster's config into the plain Hadoop properties that reach it. They are resolved once on the
 * driver (reading the conf dir there) and shipped to executors as a map, so executors never depend on a
 * conf dir existing on their hosts.
 */
public final class HadoopConfs {
  private static final String[] SITE_FILES = {"core-site.xml", "hdfs-site.xml", "hive-site.xml"};

  private HadoopConfs() {}

  public static Map<String, String> resolve(ClusterConfig cluster) {
    Configuration fromFiles = new Configuration(false);
    if (cluster.hadoopConfDir() != null) {
      File dir = new File(cluster.hadoopConfDir());
      if (!dir.isDirectory()) {
        throw new ConfigException("config error: '" + cluster.role() + ".hadoop-conf-dir' " + dir
            + " is not a directory");
      }
      for (String name : SITE_FILES) {
        File file = new File(dir, name);
        if (file.isFile()) {
          fromFiles.addResource(new Path(file.toURI()));
        }
      }
    }
    Map<String, String> properties = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : fromFiles) {
      properties.put(entry.getKey(), entry.getValue());
    }
    if (cluster.defaultFs() != null) {
      properties.put("fs.defaultFS", cluster.defaultFs());
    }
    properties.putAll(cluster.properties());
    if (!properties.containsKey("fs.defaultFS")) {
      throw new ConfigException("config error: '" + cluster.role() + ".hadoop-conf-dir' has no fs.defaultFS;"
          + " set '" + cluster.role() + ".default-fs'");
    }
    return properties;
  }

  /** A Hadoop configuration with the defaults plus the given properties. */
  public static Configuration toConfiguration(Map<String, String> properties) {
    Configuration conf = new Configuration();
    properties.forEach(conf::set);
    return conf;
  }
}
