package io.partsync;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import io.partsync.config.ExecutorSettings;
import java.nio.file.Path;

/**
 * Validates a config and prints the spark-submit options that size Spark's executors to the virtual
 * executors (used by submit.sh, so a bad config fails before Spark starts).
 */
public final class SubmitArgs {
  private SubmitArgs() {}

  public static void main(String[] args) {
    try {
      ExecutorSettings executors = ConfigLoader.load(Path.of(args[0])).executors();
      System.out.println(String.join(" ", options(executors)));
    } catch (ConfigException e) {
      System.err.println("partsync: FAILED (exit " + ExitCode.CONFIG_ERROR.code() + "): " + e.getMessage());
      System.exit(ExitCode.CONFIG_ERROR.code());
    }
  }

  /** One Spark executor per virtual executor, each running exactly one task at a time. */
  static String[] options(ExecutorSettings executors) {
    return new String[] {
        "--num-executors", Integer.toString(executors.count()),
        "--executor-memory", executors.memory(),
        "--executor-cores", Integer.toString(executors.cores()),
        "--conf", "spark.task.cpus=" + executors.cores(),
        "--conf", "spark.dynamicAllocation.enabled=false"};
  }
}
