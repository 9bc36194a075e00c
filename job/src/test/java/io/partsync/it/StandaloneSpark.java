package io.partsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on loopback: a master and two workers of one core each, in JVMs of their
 * own, whose executors and cluster-mode drivers are JVMs of their own too. Its SPARK_HOME is assembled from
 * the job's Maven-resolved classpath: {@code jars/} links those jars, {@code bin/spark-submit} runs Spark's
 * {@code SparkSubmit} on them with the JVM flags Spark's launcher would add on Java 17.
 */
final class StandaloneSpark implements AutoCloseable {
  static final int WORKERS = 2;
  private static final Duration START = Duration.ofMinutes(2);
  private static final Pattern JVM_FLAGS = Pattern.compile("<spark.jvm.flags>(.*)</spark.jvm.flags>");

  final Path sparkHome;
  final int masterPort;
  final int webUiPort;
  final int restPort;
  final List<Path> workDirs;
  private final List<Process> processes;

  private StandaloneSpark(Path sparkHome, int masterPort, int webUiPort, int restPort, List<Path> workDirs,
      List<Process> processes) {
    this.sparkHome = sparkHome;
    this.masterPort = masterPort;
    this.webUiPort = webUiPort;
    this.restPort = restPort;
    this.workDirs = List.copyOf(workDirs);
    this.processes = processes;
  }

  /** Assembles a SPARK_HOME under {@code base} and starts the master (REST submission server on) and the workers. */
  static StandaloneSpark start(Path base) throws Exception {
    Path home = sparkHome(base.resolve("spark-home"));
    int masterPort = Ports.closed();
    int webUiPort = Ports.closed();
    int restPort = Ports.closed();
    List<Process> processes = new ArrayList<>();
    StandaloneSpark spark = new StandaloneSpark(home, masterPort, webUiPort, restPort, new ArrayList<>(), processes);
    try {
      processes.add(spark.daemon(base.resolve("master.log"), List.of("-Dspark.master.rest.enabled=true",
          "-Dspark.master.rest.port=" + restPort), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
          "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(webUiPort)));
      List<Path> workDirs = new ArrayList<>();
      for (int i = 0; i < WORKERS; i++) {
        Path workDir = Files.createDirectories(base.resolve("worker-" + i));
        workDirs.add(workDir);
        processes.add(spark.daemon(base.resolve("worker-" + i + ".log"), List.of(),
            "org.apache.spark.deploy.worker.Worker", spark.masterUrl(), "--cores", "1", "--memory", "2g",
            "--work-dir", workDir.toString(), "--webui-port", Integer.toString(Ports.closed())));
      }
      StandaloneSpark started = new StandaloneSpark(home, masterPort, webUiPort, restPort, workDirs, processes);
      started.awaitWorkers(base);
      return started;
    } catch (Exception | Error e) {
      spark.close();
      throw e;
    }
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The environment submit.sh runs with against this cluster. */
  Map<String, String> environment() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_LOCAL_IP", "127.0.0.1",
        "SPARK_MASTER_REST_PORT", Integer.toString(restPort), "SPARK_MASTER_WEBUI_PORT", Integer.toString(webUiPort));
  }

  /** The master's state as its web UI's JSON page tells it. */
  JsonNode masterState() throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + webUiPort + "/json/")).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }

  /** The stderr logs of application {@code appId}'s executors, one per executor that ran, from every worker. */
  List<Path> executorLogs(String appId) throws IOException {
    List<Path> logs = new ArrayList<>();
    for (Path workDir : workDirs) {
      Path app = workDir.resolve(appId);
      if (Files.isDirectory(app)) {
        try (Stream<Path> executors = Files.list(app)) {
          executors.map(e -> e.resolve("stderr")).filter(Files::exists).sorted().forEach(logs::add);
        }
      }
    }
    return logs;
  }

  /** Stops the workers' executors and drivers, then the workers and the master. */
  @Override
  public void close() {
    // Workers first, the master last; SIGTERM, so that the executors exit as a stopped worker's would (143).
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process process = processes.get(i);
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    for (Process process : processes) {
      try {
        process.onExit().get();
      } catch (Exception e) {
        process.destroyForcibly();
      }
    }
  }

  private Process daemon(Path log, List<String> jvmOptions, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
    command.addAll(jvmFlags());
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", sparkHome.resolve("conf") + "/:" + sparkHome.resolve("jars") + "/*", mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_LOCAL_IP", "127.0.0.1",
        "SPARK_SCALA_VERSION", "2.13"));
    return builder.start();
  }

  private void awaitWorkers(Path base) throws Exception {
    Instant deadline = Instant.now().plus(START);
    while (Instant.now().isBefore(deadline)) {
      try {
        long alive = 0;
        for (JsonNode worker : masterState().path("workers")) {
          alive += worker.path("state").asText().equals("ALIVE") ? 1 : 0;
        }
        if (alive == WORKERS) {
          return;
        }
      } catch (IOException e) {
        // The master's web UI is not up yet.
      }
      for (Process process : processes) {
        if (!process.isAlive()) {
          throw new IllegalStateException("a Spark daemon exited with " + process.exitValue() + "; see the logs in "
              + base);
        }
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the Spark workers did not register with the master within " + START
        + "; see the logs in " + base);
  }

  /** A SPARK_HOME enough for spark-submit, the master and the workers: the job's runtime jars and two scripts. */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    Path classpath = SubmitScript.checkout().resolve("job/target/classpath.txt");
    for (String entry : Files.readString(classpath).strip().split(":")) {
      Path jar = Path.of(entry);
      Path link = jars.resolve(jar.getFileName());
      // Test-only libraries stay out: an installation does not have them.
      if (entry.endsWith(".jar") && !Files.exists(link) && !jar.getFileName().toString().matches("(junit|mockito|opentest4j|apiguardian).*")) {
        Files.createSymbolicLink(link, jar);
      }
    }
    String script = String.join("\n",
        "#!/usr/bin/env bash",
        "export SPARK_HOME=\"$(cd \"$(dirname \"$0\")/..\" && pwd)\" SPARK_SCALA_VERSION=2.13",
        "exec " + java() + " " + String.join(" ", jvmFlags()) + " -Xmx768m -cp \"$SPARK_HOME/conf/:$SPARK_HOME/jars/*\""
            + " org.apache.spark.deploy.SparkSubmit \"$@\"",
        "");
    Path bin = Files.createDirectories(home.resolve("bin"));
    Files.writeString(bin.resolve("spark-submit"), script);
    Files.setPosixFilePermissions(bin.resolve("spark-submit"), PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  /** The root pom's spark.jvm.flags, which submit.sh's local mode uses too. */
  private static List<String> jvmFlags() throws IOException {
    Matcher flags = JVM_FLAGS.matcher(Files.readString(SubmitScript.checkout().resolve("pom.xml")));
    if (!flags.find()) {
      throw new IllegalStateException("no spark.jvm.flags in the root pom");
    }
    return List.of(flags.group(1).trim().split("\\s+"));
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }
}
