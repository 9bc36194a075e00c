package io.partsync.security;

import io.partsync.config.ClusterConfig;
import io.partsync.config.ConfigException;
import io.partsync.config.ReadReplica;
import io.partsync.config.SyncConfig;
import io.partsync.config.TargetCluster;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The file system URI of every cluster a run touches (source, read replica, targets), found the way
 * {@code fs.HadoopConfs} resolves {@code fs.defaultFS}: the cluster's {@code properties} win over
 * {@code default-fs}, which wins over the conf dir's site files. Plain JDK on purpose: {@code SubmitArgs}
 * runs on the job jar alone, before Spark and Hadoop are on any class path.
 */
public final class ClusterFileSystems {
  private static final String DEFAULT_FS = "fs.defaultFS";
  /** What Hadoop still reads as fs.defaultFS when a site file uses the old name. */
  private static final String DEPRECATED_DEFAULT_FS = "fs.default.name";
  private static final String[] SITE_FILES = {"core-site.xml", "hdfs-site.xml", "hive-site.xml"};

  private ClusterFileSystems() {}

  /** The distinct file system URIs, source first, then the read replica, then the targets in order. */
  public static List<String> uris(SyncConfig config) {
    Set<String> uris = new LinkedHashSet<>();
    uris.add(defaultFs(config.source()));
    ReadReplica replica = config.readReplica();
    if (replica != null) {
      // The replica's default-fs wins over its properties: the copy task opens it that way (ReplicaRead).
      uris.add(replica.defaultFs());
    }
    for (TargetCluster target : config.targets()) {
      uris.add(defaultFs(target.cluster()));
    }
    return new ArrayList<>(uris);
  }

  static String defaultFs(ClusterConfig cluster) {
    String fromProperties = cluster.properties().get(DEFAULT_FS);
    if (fromProperties != null) {
      return fromProperties;
    }
    if (cluster.defaultFs() != null) {
      return cluster.defaultFs();
    }
    String fromFiles = fromConfDir(cluster);
    if (fromFiles == null) {
      throw new ConfigException("config error: '" + cluster.role() + ".hadoop-conf-dir' has no fs.defaultFS;"
          + " set '" + cluster.role() + ".default-fs'");
    }
    return fromFiles;
  }

  /** fs.defaultFS as the conf dir's site files set it; a later file wins, as Hadoop adds them in order. */
  private static String fromConfDir(ClusterConfig cluster) {
    File dir = new File(cluster.hadoopConfDir());
    if (!dir.isDirectory()) {
      throw new ConfigException("config error: '" + cluster.role() + ".hadoop-conf-dir' " + dir
          + " is not a directory");
    }
    String value = null;
    for (String name : SITE_FILES) {
      File file = new File(dir, name);
      if (file.isFile()) {
        String inFile = property(file, cluster.role());
        value = inFile == null ? value : inFile;
      }
    }
    return value;
  }

  private static String property(File file, String role) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document document = factory.newDocumentBuilder().parse(file);
      NodeList properties = document.getElementsByTagName("property");
      String value = null;
      for (int i = 0; i < properties.getLength(); i++) {
        Element property = (Element) properties.item(i);
        String name = text(property, "name");
        if (DEFAULT_FS.equals(name) || DEPRECATED_DEFAULT_FS.equals(name) && value == null) {
          value = text(property, "value");
        }
      }
      return value;
    } catch (IOException | SAXException | ParserConfigurationException e) {
      throw new ConfigException("config error: cannot read " + file + " of '" + role + ".hadoop-conf-dir': "
          + e.getMessage());
    }
  }

  private static String text(Element property, String tag) {
    NodeList nodes = property.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }
}
