package io.partsync.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server for the tests and benchmarks (S3Proxy over a directory, one subdirectory per bucket) in a JVM of its own from the
 * jars {@code job/servers/s3proxy} gathers, listening on loopback with path-style access and AWS v2/v4
 * signatures. Objects are plain files under {@link #objectFile}, so a test can damage one behind the store's
 * back. Stopped with the test JVM's end or {@link #close}.
 */
public final class S3Server implements AutoCloseable {
  public static final String ACCESS_KEY = "partsync-test-access";
  public static final String SECRET_KEY = "partsync-test-secret-5b2e";
  private static final Duration STARTUP = Duration.ofMinutes(2);

  private final int port;
  private final Path blobs;
  private final Process process;
  private final Path log;

  private S3Server(int port, Path blobs, Process process, Path log) {
    this.port = port;
    this.blobs = blobs;
    this.process = process;
    this.log = log;
  }

  /** Starts a server under {@code baseDir} with the given buckets already made. */
  public static S3Server start(Path baseDir, String... buckets) throws IOException {
    Path home = Files.createDirectories(baseDir.resolve("s3"));
    Path blobs = Files.createDirectories(home.resolve("blobs"));
    for (String bucket : buckets) {
      Files.createDirectories(blobs.resolve(bucket));
    }
    int port = freePort();
    Path properties = home.resolve("s3proxy.properties");
    StringBuilder text = new StringBuilder();
    settings(port, blobs).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
    Files.writeString(properties, text);
    Path log = home.resolve("server.log");
    // S3Proxy's own logging configuration logs every request and Jetty buffer at debug level.
    Path logging = home.resolve("logback.xml");
    Files.writeString(logging, "<configuration><appender name=\"out\" class=\"ch.qos.logback.core.ConsoleAppender\">"
        + "<encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder></appender>"
        + "<root level=\"INFO\"><appender-ref ref=\"out\"/></root>"
        + "<logger name=\"org.gaul.shaded.org.eclipse.jetty\" level=\"WARN\"/></configuration>\n");
    Process process = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx384m", "-Djava.io.tmpdir=" + Files.createDirectories(home.resolve("tmp")),
        "-Dlogback.configurationFile=" + logging,
        "-cp", lib() + "/*", "org.gaul.s3proxy.Main", "--properties", properties.toString()))
        .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
    S3Server server = new S3Server(port, blobs, process, log);
    server.awaitListening();
    return server;
  }

  private static Map<String, String> settings(int port, Path blobs) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("s3proxy.endpoint", "http://127.0.0.1:" + port);
    settings.put("s3proxy.authorization", "aws-v2-or-v4");
    settings.put("s3proxy.identity", ACCESS_KEY);
    settings.put("s3proxy.credential", SECRET_KEY);
    settings.put("s3proxy.ignore-unknown-headers", "true");
    settings.put("jclouds.provider", "filesystem-nio2");
    settings.put("jclouds.filesystem.basedir", blobs.toString());
    // The blob store behind the server asks for keys of its own; a directory ignores them.
    settings.put("jclouds.identity", "local");
    settings.put("jclouds.credential", "local");
    return settings;
  }

  private static Path lib() {
    String dir = System.getProperty("partsync.s3proxy.lib");
    if (dir == null || !Files.isDirectory(Path.of(dir))) {
      throw new IllegalStateException("S3Proxy's jars are not at " + dir + " (partsync.s3proxy.lib); build from the"
          + " project root (mvn -B verify), which gathers them first");
    }
    return Path.of(dir);
  }

  /** The endpoint S3A is pointed at. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * The Hadoop settings that reach this server through S3A: endpoint, path-style access, the test's keys,
   * and no retries that would hide a refused request for minutes.
   */
  public Map<String, String> s3aProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("fs.s3a.endpoint", endpoint());
    properties.put("fs.s3a.endpoint.region", "us-east-1");
    properties.put("fs.s3a.path.style.access", "true");
    properties.put("fs.s3a.connection.ssl.enabled", "false");
    properties.put("fs.s3a.access.key", ACCESS_KEY);
    properties.put("fs.s3a.secret.key", SECRET_KEY);
    properties.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    properties.put("fs.s3a.attempts.maximum", "2");
    properties.put("fs.s3a.retry.limit", "2");
    properties.put("fs.s3a.retry.interval", "50ms");
    return properties;
  }

  /** The file that holds an object's bytes on the server's disk. */
  public Path objectFile(String bucket, String key) {
    return blobs.resolve(bucket).resolve(key);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening() throws IOException {
    Instant deadline = Instant.now().plus(STARTUP);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + " before it listened:\n"
            + tail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        waitForExit(Duration.ofMillis(200));
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("S3Proxy did not listen on " + port + " within " + STARTUP + ":\n" + tail());
  }

  private void waitForExit(Duration limit) {
    try {
      process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting S3Proxy", e);
    }
  }

  /** The server's last log lines, for a failure message. */
  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  @Override
  public void close() {
    process.destroy();
    waitForExit(Duration.ofSeconds(10));
    process.destroyForcibly();
  }
}
