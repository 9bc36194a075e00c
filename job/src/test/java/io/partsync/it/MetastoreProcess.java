package io.partsync.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Hive Standalone Metastore server of another version than the 2.3 client's (3.1, 4.0), in a JVM of
 * its own from the jars its module under {@code job/servers/} gathers, with Derby in a directory of its own
 * and its warehouse on {@code defaultFs}, listening on loopback. Stopped with the test JVM's end or
 * {@link #close}.
 */
public final class MetastoreProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofMinutes(3);

  private final String version;
  private final int port;
  private final Process process;
  private final Path log;

  private MetastoreProcess(String version, int port, Process process, Path log) {
    this.version = version;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** Hive Standalone Metastore 3.1.3. */
  public static MetastoreProcess hive31(String name, Path baseDir, String defaultFs) throws IOException {
    return start("3.1", name, baseDir, defaultFs);
  }

  /** Hive Standalone Metastore 4.0.1. */
  public static MetastoreProcess hive40(String name, Path baseDir, String defaultFs) throws IOException {
    return start("4.0", name, baseDir, defaultFs);
  }

  /** The server's jars, as the build gathered them; a clear failure when it did not. */
  static Path lib(String version) {
    String property = "partsync.hive-metastore-" + version + ".lib";
    String dir = System.getProperty(property);
    if (dir == null || !Files.isDirectory(Path.of(dir))) {
      throw new IllegalStateException("the Hive Metastore " + version + " server's jars are not at " + dir + " ("
          + property + "); build from the project root (mvn -B verify), which gathers them first");
    }
    return Path.of(dir);
  }

  private static MetastoreProcess start(String version, String name, Path baseDir, String defaultFs)
      throws IOException {
    Path home = Files.createDirectories(baseDir.resolve("metastore-" + name));
    Path conf = Files.createDirectories(home.resolve("conf"));
    int port = freePort();
    Files.writeString(conf.resolve("metastore-site.xml"), siteXml(home, defaultFs, name, port));
    Files.writeString(conf.resolve("core-site.xml"), "<configuration>" + property("fs.defaultFS", defaultFs)
        + "</configuration>\n");
    Path log = home.resolve("server.log");
    ProcessBuilder builder = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx512m", "-Dderby.system.durability=test", "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")),
        "-cp", conf + ":" + lib(version) + "/*", "org.apache.hadoop.hive.metastore.HiveMetaStore"))
        .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    MetastoreProcess server = new MetastoreProcess(version, port, process, log);
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    server.awaitListening();
    return server;
  }

  private static String siteXml(Path home, String defaultFs, String name, int port) {
    return "<configuration>\n"
        + property("javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=" + home.resolve("derby") + ";create=true")
        + property("datanucleus.schema.autoCreateAll", "true")
        + property("metastore.schema.verification", "false")
        + property("metastore.warehouse.dir", defaultFs + "/warehouse-" + name + "/managed")
        + property("metastore.warehouse.external.dir", defaultFs + "/warehouse-" + name + "/external")
        + property("metastore.thrift.port", Integer.toString(port))
        + property("metastore.thrift.bind.host", "127.0.0.1")
        // Without hive-exec the server cannot load its default partition expression proxy.
        + property("metastore.expression.proxy", "org.apache.hadoop.hive.metastore.DefaultPartitionExpressionProxy")
        // The default list names a replication task the standalone jars lack.
        + property("metastore.task.threads.always", "org.apache.hadoop.hive.metastore.events.EventCleanerTask")
        // The schema DataNucleus creates on first use lacks tables Hive 4's direct SQL writes column statistics
        // to (PART_COL_STATS); a real metastore's schema comes from schematool, whose scripts Maven does not serve.
        + property("metastore.try.direct.sql", "false")
        + "</configuration>\n";
  }

  private static String property(String name, String value) {
    return "  <property><name>" + name + "</name><value>" + value + "</value></property>\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the Thrift port takes connections, failing with the server's log if it dies or takes too long. */
  private void awaitListening() throws IOException {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Hive Metastore " + version + " exited with " + process.exitValue()
            + " before it listened:\n" + tail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        waitForExit(Duration.ofMillis(200));
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("Hive Metastore " + version + " did not listen on " + port + " within "
        + STARTUP + ":\n" + tail());
  }

  private void waitForExit(Duration limit) {
    try {
      process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting Hive Metastore " + version, e);
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /** The version as its module names it: 3.1 or 4.0. */
  String version() {
    return version;
  }

  public String uri() {
    return "thrift://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    waitForExit(Duration.ofSeconds(10));
    process.destroyForcibly();
  }
}
