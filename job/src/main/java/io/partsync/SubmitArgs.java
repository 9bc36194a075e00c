package io.partsync;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigKeys;
import io.partsync.config.ConfigLoader;
import io.partsync.config.ExecutorSettings;
import io.partsync.config.KerberosSettings;
import io.partsync.config.SyncConfig;
import io.partsync.run.RunOptions;
import io.partsync.security.ClusterFileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates a config and prints the spark-submit options that size Spark's executors to the virtual
 * executors and, on Kerberized clusters, let Spark log in and get tokens for every cluster's file system
 * (used by submit.sh, so a bad config fails before Spark starts). Runs on the job jar alone: no Hadoop.
 */
public final class SubmitArgs {
  private SubmitArgs() {}

  /** {@code SubmitArgs <config.yaml> [job options]}: the job options are checked too, before Spark starts. */
  public static void main(String[] args) {
    try {
      RunOptions.parse(args, 1);
      System.out.println(String.join(" ", options(ConfigLoader.load(Path.of(args[0])))));
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("partsync: FAILED (exit " + ExitCode.CONFIG_ERROR.code() + "): " + e.getMessage());
      System.exit(ExitCode.CONFIG_ERROR.code());
    }
  }

  /**
   * The executor sizing, then with {@code kerberos} configured {@code --principal}, {@code --keytab} and
   * {@code spark.kerberos.access.hadoopFileSystems} naming the source, read replica and target file
   * systems, so that on YARN Spark gets delegation tokens for all of them and ships them to the executors.
   */
  static List<String> options(SyncConfig config) {
    List<String> options = new ArrayList<>(List.of(options(config.executors())));
    if (config.kerberos().isPresent()) {
      KerberosSettings kerberos = config.kerberos().get();
      String fileSystems = String.join(",", ClusterFileSystems.uris(config));
      // submit.sh splits this output on whitespace, so no value may contain any.
      requireNoSpace(kerberos.keytab(), "'" + ConfigKeys.key("kerberos.keytab").path() + "'");
      requireNoSpace(fileSystems, "a cluster's file system URI");
      options.addAll(List.of("--principal", kerberos.principal(), "--keytab", kerberos.keytab(),
          "--conf", "spark.kerberos.access.hadoopFileSystems=" + fileSystems));
    }
    return options;
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

  private static void requireNoSpace(String value, String what) {
    if (value.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException("config error: " + what + " '" + value + "' contains whitespace, which submit.sh"
          + " cannot pass to spark-submit; use a path or URI without spaces");
    }
  }
}
