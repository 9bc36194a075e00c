package io.partsync.embedded;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStore;
import org.apache.hadoop.hive.shims.ShimLoader;

/**
 * Starts a real Hive Metastore Thrift server backed by its own Derby database. Loaded in a class loader of
 * its own by {@link EmbeddedCluster}: Hive 2.3 keeps one JVM-wide persistence manager, so two servers in
 * one loader would keep rebuilding it for each other.
 */
public final class MetastoreServer {
  private MetastoreServer() {}

  /**
   * Called reflectively from the isolated loader; returns once the server thread is started.
   *
   * @param properties Hadoop properties for the storage beyond HDFS the warehouse is on (an object store's)
   */
  public static void start(int port, String defaultFs, String warehouse, String derbyDir,
      Map<String, String> properties) {
    Map<String, String> settings = new HashMap<>(properties);
    settings.put("fs.defaultFS", defaultFs);
    settings.put("hive.metastore.warehouse.dir", warehouse);
    settings.put(EmbeddedCluster.FAST_CLOSE_KEY, "10");
    HiveConf conf = conf(derbyDir, settings);
    Thread server = new Thread(() -> {
      try {
        HiveMetaStore.startMetaStore(port, ShimLoader.getHadoopThriftAuthBridge(), conf);
      } catch (Throwable e) {
        e.printStackTrace();
      }
    }, "metastore-" + port);
    server.setDaemon(true);
    server.start();
  }

  /**
   * The settings of a metastore whose database is a Derby database of its own in {@code derbyDir}, with
   * {@code settings} (its file system, warehouse, security) on top.
   */
  public static HiveConf conf(String derbyDir, Map<String, String> settings) {
    // Derby writes derby.log into the working directory unless told otherwise.
    new File(derbyDir).mkdirs();
    System.setProperty("derby.stream.error.file", new File(derbyDir, "derby.log").getAbsolutePath());
    HiveConf conf = new HiveConf();
    conf.set("javax.jdo.option.ConnectionURL",
        "jdbc:derby:;databaseName=" + new File(derbyDir, "metastore_db").getAbsolutePath() + ";create=true");
    conf.set("javax.jdo.option.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver");
    conf.set("datanucleus.schema.autoCreateAll", "true");
    conf.set("datanucleus.connectionPoolingType", "HikariCP");
    conf.set("hive.metastore.schema.verification", "false");
    conf.set("hive.metastore.uris", "");
    settings.forEach(conf::set);
    return conf;
  }
}
