package io.partsync.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * A whole cluster in this JVM for the demo and the tests: a one-DataNode MiniDFSCluster and a real Hive
 * Metastore Thrift server on loopback whose warehouse is on that HDFS.
 */
public final class EmbeddedCluster implements AutoCloseable {
  /** One-DataNode clusters otherwise wait ~200 ms per closed file for the block report (see README). */
  public static final String FAST_CLOSE_KEY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";

  /** Starts a cluster's metastore, for clusters the plain one cannot stand for (a Kerberized one, say). */
  @FunctionalInterface
  public interface Metastore {
    /**
     * Starts a metastore on {@code port} whose warehouse is on {@code defaultFs}, keeping its files in
     * {@code dir}; returns its URI once it serves.
     */
    String start(int port, String defaultFs, Path dir) throws Exception;
  }

  private final String name;
  private final MiniDFSCluster dfs;
  private final String metastoreUri;
  /** Hadoop properties beyond the HDFS ones that reach this cluster's storage, e.g. an object store's. */
  private final Map<String, String> properties;

  private EmbeddedCluster(String name, MiniDFSCluster dfs, String metastoreUri, Map<String, String> properties) {
    this.name = name;
    this.dfs = dfs;
    this.metastoreUri = metastoreUri;
    this.properties = Map.copyOf(properties);
  }

  /** Starts a new, empty HDFS and metastore under {@code baseDir}; takes several seconds. */
  public static EmbeddedCluster start(String name, Path baseDir) throws IOException {
    return start(name, baseDir, false);
  }

  /**
   * Starts HDFS and a metastore under {@code baseDir}, resuming the state an earlier {@code startOrResume}
   * left there when there is one: the same name node port (the metastore keeps locations with it), the
   * same files and the same metastore database.
   */
  public static EmbeddedCluster startOrResume(String name, Path baseDir) throws IOException {
    return start(name, baseDir, true);
  }

  /**
   * Starts a new, empty HDFS under {@code baseDir} whose name and data nodes run with {@code dfsConf}
   * (a copy of it), and on it the metastore {@code metastore} starts.
   */
  public static EmbeddedCluster start(String name, Path baseDir, Configuration dfsConf, Metastore metastore)
      throws Exception {
    Path dir = baseDir.resolve(name);
    MiniDFSCluster dfs = startDfs(dfsBuilder(new Configuration(dfsConf), dir));
    String defaultFs = dfs.getURI().toString();
    return new EmbeddedCluster(name, dfs, metastore.start(freePort(), defaultFs, dir.resolve("metastore")), Map.of());
  }

  /**
   * Starts a new, empty HDFS and a metastore whose warehouse is {@code warehouse}, elsewhere than that HDFS
   * (an object store, say), which the metastore and partsync reach with {@code properties}: a cloud
   * cluster whose tables live on S3.
   */
  public static EmbeddedCluster startWithWarehouse(String name, Path baseDir, String warehouse,
      Map<String, String> properties) throws IOException {
    Path dir = baseDir.resolve(name);
    Configuration conf = new Configuration();
    conf.set(FAST_CLOSE_KEY, "10");
    MiniDFSCluster dfs = startDfs(dfsBuilder(conf, dir));
    int port = freePort();
    startMetastore(port, dfs.getURI().toString(), warehouse, dir.resolve("metastore").toString(), properties);
    String uri = "thrift://127.0.0.1:" + port;
    awaitPort(port, uri);
    return new EmbeddedCluster(name, dfs, uri, properties);
  }

  private static EmbeddedCluster start(String name, Path baseDir, boolean keepState) throws IOException {
    Path dir = baseDir.resolve(name);
    Configuration conf = new Configuration();
    conf.set(FAST_CLOSE_KEY, "10");
    conf.setBoolean("dfs.namenode.acls.enabled", true);
    MiniDFSCluster.Builder builder = dfsBuilder(conf, dir);
    if (keepState) {
      resumeNameNodePort(builder, name, dir);
    }
    MiniDFSCluster dfs = startDfs(builder);
    String defaultFs = dfs.getURI().toString();
    int port = freePort();
    startMetastore(port, defaultFs, defaultFs + "/user/hive/warehouse", dir.resolve("metastore").toString(),
        Map.of());
    String uri = "thrift://127.0.0.1:" + port;
    awaitPort(port, uri);
    return new EmbeddedCluster(name, dfs, uri, Map.of());
  }

  private static MiniDFSCluster.Builder dfsBuilder(Configuration conf, Path dir) {
    return new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile()).numDataNodes(1);
  }

  /** The name node port an earlier start kept in {@code dir}, or a new one kept there for the next. */
  private static void resumeNameNodePort(MiniDFSCluster.Builder builder, String name, Path dir) throws IOException {
    Path portFile = dir.resolve("namenode.port");
    boolean resume = Files.isRegularFile(portFile);
    int port = resume ? Integer.parseInt(Files.readString(portFile).trim()) : freePort();
    if (resume && !isFree(port)) {
      throw new IllegalStateException("the " + name + " cluster under " + dir + " needs port " + port
          + ", which is in use; stop what uses it, or start afresh (./submit.sh --demo --reset)");
    }
    builder.nameNodePort(port).format(!resume);
    Files.createDirectories(dir);
    Files.writeString(portFile, port + "\n");
  }

  private static MiniDFSCluster startDfs(MiniDFSCluster.Builder builder) throws IOException {
    Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
    MiniDFSCluster dfs = builder.build();
    dfs.waitActive();
    return dfs;
  }

  public String name() {
    return name;
  }

  public String defaultFs() {
    return dfs.getURI().toString();
  }

  public int nameNodePort() {
    return dfs.getNameNodePort();
  }

  public String metastoreUri() {
    return metastoreUri;
  }

  /** A client configuration for this cluster's HDFS and whatever other storage it has. */
  public Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", defaultFs());
    conf.set(FAST_CLOSE_KEY, "10");
    properties.forEach(conf::set);
    return conf;
  }

  /** The Hadoop properties beyond HDFS's that reach this cluster's storage; none for a plain cluster. */
  public Map<String, String> properties() {
    return properties;
  }

  /** This cluster as the {@code source:} or {@code target:} section of a partsync config. */
  public String configSection(String role) {
    StringBuilder section = new StringBuilder(String.join("\n",
        role + ":",
        "  default-fs: " + defaultFs(),
        "  metastore-uris: " + metastoreUri(),
        "  properties:",
        "    " + FAST_CLOSE_KEY + ": \"10\"",
        ""));
    new TreeMap<>(properties).forEach((key, value) -> section.append("    ").append(key).append(": \"")
        .append(value).append("\"\n"));
    return section.toString();
  }

  public FileSystem fileSystem() throws IOException {
    return dfs.getFileSystem();
  }

  private static void startMetastore(int port, String defaultFs, String warehouse, String derbyDir,
      Map<String, String> properties) {
    try {
      IsolatedLoader.call("metastore-" + port, MetastoreServer.class.getName(), "start",
          new Class<?>[] {int.class, String.class, String.class, String.class, Map.class}, port, defaultFs, warehouse,
          derbyDir, new HashMap<>(properties));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot start the embedded metastore on port " + port, e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitPort(int port, String uri) {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the metastore at " + uri, e);
        }
      }
    }
    throw new IllegalStateException("the embedded metastore at " + uri + " did not start within 120 s");
  }

  /** Stops HDFS. The metastore has no stop call in Hive 2.3; its daemon threads end with the JVM. */
  @Override
  public void close() {
    dfs.shutdown();
  }
}
