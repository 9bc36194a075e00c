package io.partsync.it;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Java main run in a JVM of its own, for what cannot share the test JVM (Spark's one Hive catalog, a
 * Kerberos login): what it printed on stdout and stderr, and its exit code.
 */
record Forked(int exit, String output) {
  /**
   * The command that runs {@code main} with this JVM's class path and the flags Spark needs on Java 17
   * (and Derby's), then {@code jvmOptions}.
   */
  static List<String> javaCommand(List<String> jvmOptions, Class<?> main, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.")
            || a.startsWith("-Dio.netty") || a.startsWith("-Dderby"))
        .forEach(command::add);
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return command;
  }

  /** Runs {@code command} to its end, killing it if it takes longer than {@code limit}. */
  static Forked run(List<String> command, Duration limit) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the forked " + command.get(command.indexOf("-cp") + 2) + " did not end within "
          + limit + ":\n" + output);
    }
    return new Forked(process.exitValue(), output);
  }
}
