package io.partsync.it;

import io.partsync.embedded.EmbeddedCluster;
import io.partsync.embedded.IsolatedLoader;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hive.conf.HiveConf;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.minikdc.MiniKdc;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * A KDC and two Kerberized clusters in this JVM: each an HDFS mini cluster that requires Kerberos (SASL on
 * RPC and on block transfers, block access tokens) and a Hive Metastore that requires Kerberos (SASL). The
 * name nodes and data nodes run as {@code hdfs/localhost}, the metastores as {@code hive/localhost}, and the
 * job's principal {@code partsync} has a keytab of its own. Kerberos state is JVM-wide, so this runs only in
 * the test JVM of the {@code kerberos} group, and the job itself in JVMs it forks.
 */
final class SecureClusters implements AutoCloseable {
  final MiniKdc kdc;
  final String realm;
  final File serviceKeytab;
  final File userKeytab;
  final String userPrincipal;
  final UserGroupInformation admin;
  final EmbeddedCluster source;
  final EmbeddedCluster target;

  private SecureClusters(MiniKdc kdc, File serviceKeytab, File userKeytab, UserGroupInformation admin,
      EmbeddedCluster source, EmbeddedCluster target) {
    this.kdc = kdc;
    this.realm = kdc.getRealm();
    this.serviceKeytab = serviceKeytab;
    this.userKeytab = userKeytab;
    this.userPrincipal = "partsync@" + realm;
    this.admin = admin;
    this.source = source;
    this.target = target;
  }

  static SecureClusters start(Path dir) throws Exception {
    Properties kdcConf = MiniKdc.createConf();
    MiniKdc kdc = new MiniKdc(kdcConf, dir.resolve("kdc").toFile());
    kdc.start();
    File serviceKeytab = dir.resolve("services.keytab").toFile();
    kdc.createPrincipal(serviceKeytab, "hdfs/localhost", "HTTP/localhost", "hive/localhost");
    File userKeytab = dir.resolve("partsync.keytab").toFile();
    kdc.createPrincipal(userKeytab, "partsync");
    String realm = kdc.getRealm();
    Configuration conf = hdfsConf(realm, serviceKeytab);
    UserGroupInformation.setConfiguration(conf);
    EmbeddedCluster.Metastore metastore = (port, defaultFs, metastoreDir) -> startMetastore(port, defaultFs, realm,
        serviceKeytab, metastoreDir);
    EmbeddedCluster source = EmbeddedCluster.start("source", dir, conf, metastore);
    EmbeddedCluster target = EmbeddedCluster.start("target", dir, conf, metastore);
    UserGroupInformation admin = UserGroupInformation.loginUserFromKeytabAndReturnUGI("hdfs/localhost@" + realm,
        serviceKeytab.getPath());
    return new SecureClusters(kdc, serviceKeytab, userKeytab, admin, source, target);
  }

  /** The client settings of a Kerberized cluster, as its hdfs-site.xml and hive-site.xml give them. */
  Map<String, String> clientProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("hadoop.security.authentication", "kerberos");
    properties.put("dfs.namenode.kerberos.principal", "hdfs/localhost@" + realm);
    properties.put("dfs.data.transfer.protection", "authentication");
    properties.put("hive.metastore.sasl.enabled", "true");
    properties.put("hive.metastore.kerberos.principal", "hive/localhost@" + realm);
    properties.put(EmbeddedCluster.FAST_CLOSE_KEY, "10");
    return properties;
  }

  /** A Thrift client of {@code cluster}'s metastore, authenticated as the HDFS superuser. */
  HiveMetaStoreClient metastoreClient(EmbeddedCluster cluster) throws Exception {
    HiveConf conf = new HiveConf();
    clientProperties().forEach(conf::set);
    conf.set("hive.metastore.uris", cluster.metastoreUri());
    return admin.doAs((PrivilegedExceptionAction<HiveMetaStoreClient>) () -> new HiveMetaStoreClient(conf));
  }

  <T> T asAdmin(PrivilegedExceptionAction<T> action) throws Exception {
    return admin.doAs(action);
  }

  private static Configuration hdfsConf(String realm, File keytab) {
    Configuration conf = new HdfsConfiguration();
    conf.set("hadoop.security.authentication", "kerberos");
    conf.set("dfs.namenode.kerberos.principal", "hdfs/localhost@" + realm);
    conf.set("dfs.namenode.keytab.file", keytab.getPath());
    conf.set("dfs.datanode.kerberos.principal", "hdfs/localhost@" + realm);
    conf.set("dfs.datanode.keytab.file", keytab.getPath());
    conf.set("dfs.web.authentication.kerberos.principal", "HTTP/localhost@" + realm);
    conf.set("dfs.web.authentication.kerberos.keytab", keytab.getPath());
    conf.setBoolean("dfs.block.access.token.enable", true);
    // Block transfers authenticated by SASL, as on clusters without privileged data node ports. The flag
    // only waives the check that such a data node also serves HTTPS, which would need test certificates.
    conf.set("dfs.data.transfer.protection", "authentication");
    conf.setBoolean("ignore.secure.ports.for.testing", true);
    conf.set("dfs.http.policy", "HTTP_ONLY");
    // The metastore works on HDFS as the calling user, through its own principal.
    conf.set("hadoop.proxyuser.hive.hosts", "*");
    conf.set("hadoop.proxyuser.hive.groups", "*");
    conf.set(EmbeddedCluster.FAST_CLOSE_KEY, "10");
    return conf;
  }

  /** Starts a metastore that requires Kerberos, in a loader of its own; its URI names the host of its principal. */
  private static String startMetastore(int port, String defaultFs, String realm, File keytab, Path dir)
      throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.defaultFS", defaultFs);
    settings.put("hive.metastore.warehouse.dir", defaultFs + "/user/hive/warehouse");
    settings.put("hive.metastore.sasl.enabled", "true");
    settings.put("hadoop.security.authentication", "kerberos");
    settings.put("hive.metastore.kerberos.principal", "hive/localhost@" + realm);
    settings.put("hive.metastore.kerberos.keytab.file", keytab.getPath());
    settings.put("dfs.namenode.kerberos.principal", "hdfs/localhost@" + realm);
    settings.put("dfs.data.transfer.protection", "authentication");
    try {
      IsolatedLoader.call("secure-metastore-" + port, SecureMetastoreServer.class.getName(), "start",
          new Class<?>[] {int.class, String.class, Map.class}, port, dir.toString(), settings);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    return "thrift://localhost:" + port;
  }

  @Override
  public void close() {
    source.close();
    target.close();
    kdc.stop();
  }
}
