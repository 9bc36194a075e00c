package io.partsync.it;

import io.partsync.embedded.EmbeddedCluster;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;
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
  final Cluster source;
  final Cluster target;

  /** One Kerberized cluster: HDFS and its metastore. */
  record Cluster(String name, MiniDFSCluster dfs, String metastoreUri) {
    String defaultFs() {
      return dfs.getURI().toString();
    }
  }

  private SecureClusters(MiniKdc kdc, File serviceKeytab, File userKeytab, UserGroupInformation admin,
      Cluster source, Cluster target) {
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
    MiniDFSCluster sourceDfs = startDfs(conf, dir.resolve("source"));
    MiniDFSCluster targetDfs = startDfs(conf, dir.resolve("target"));
    UserGroupInformation admin = UserGroupInformation.loginUserFromKeytabAndReturnUGI("hdfs/localhost@" + realm,
        serviceKeytab.getPath());
    Cluster source = new Cluster("source", sourceDfs, startMetastore(sourceDfs, realm, serviceKeytab,
        dir.resolve("source-metastore")));
    Cluster target = new Cluster("target", targetDfs, startMetastore(targetDfs, realm, serviceKeytab,
        dir.resolve("target-metastore")));
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
  HiveMetaStoreClient metastoreClient(Cluster cluster) throws Exception {
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

  private static MiniDFSCluster startDfs(Configuration conf, Path dir) throws IOException {
    MiniDFSCluster dfs = new MiniDFSCluster.Builder(new Configuration(conf), dir.toFile()).numDataNodes(1).build();
    dfs.waitActive();
    return dfs;
  }

  private static String startMetastore(MiniDFSCluster dfs, String realm, File keytab, Path dir) throws Exception {
    int port = freePort();
    String defaultFs = dfs.getURI().toString();
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("fs.defaultFS", defaultFs);
    settings.put("hive.metastore.warehouse.dir", defaultFs + "/user/hive/warehouse");
    settings.put("hadoop.security.authentication", "kerberos");
    settings.put("hive.metastore.kerberos.principal", "hive/localhost@" + realm);
    settings.put("hive.metastore.kerberos.keytab.file", keytab.getPath());
    settings.put("dfs.namenode.kerberos.principal", "hdfs/localhost@" + realm);
    settings.put("dfs.data.transfer.protection", "authentication");
    ClassLoader isolated = new URLClassLoader("secure-metastore-" + port, classPath(),
        ClassLoader.getPlatformClassLoader());
    ClassLoader previous = Thread.currentThread().getContextClassLoader();
    Thread.currentThread().setContextClassLoader(isolated);
    try {
      Class.forName(SecureMetastoreServer.class.getName(), true, isolated)
          .getMethod("start", int.class, String.class, Map.class)
          .invoke(null, port, dir.toString(), settings);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      Thread.currentThread().setContextClassLoader(previous);
    }
    return "thrift://localhost:" + port;
  }

  /** This JVM's class path, with a manifest-only jar (as Surefire uses) expanded to its entries. */
  private static URL[] classPath() {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      File file = new File(entry);
      try {
        urls.add(file.toURI().toURL());
        if (file.isFile() && file.getName().endsWith(".jar")) {
          try (JarFile jar = new JarFile(file)) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
              for (String item : classPath.trim().split("\\s+")) {
                urls.add(new URL(file.toURI().toURL(), item));
              }
            }
          }
        }
      } catch (MalformedURLException e) {
        throw new IllegalStateException(e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    source.dfs().shutdown();
    target.dfs().shutdown();
    kdc.stop();
  }
}
