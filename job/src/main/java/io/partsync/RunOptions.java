package io.partsync;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this run was asked for on the command line.
 *
 * @param dryRun plan only: nothing is written to either cluster
 * @param runId the run id a scheduler passed, the same on every retry of one scheduled run; empty for a
 *     fresh id
 */
public record RunOptions(boolean dryRun, Optional<String> runId) {
  /** A run id names directories and snapshots on HDFS, so it keeps to characters every path takes. */
  static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  public static final RunOptions DEFAULT = new RunOptions(false, Optional.empty());

  public RunOptions {
    runId.ifPresent(id -> {
      if (!RUN_ID.matcher(id).matches()) {
        throw new IllegalArgumentException("--run-id must be 1 to 100 letters, digits, '.', '_' or '-' (starting"
            + " with a letter or digit), got '" + id + "'; in Airflow pass e.g. {{ dag.dag_id }}-{{ ts_nodash }}");
      }
    });
  }

  /** Parses {@code <config.yaml> [--dry-run] [--run-id <id>]} after the config path. */
  static RunOptions parse(String[] args, int from) {
    boolean dryRun = false;
    Optional<String> runId = Optional.empty();
    for (int i = from; i < args.length; i++) {
      switch (args[i]) {
        case "--dry-run" -> dryRun = true;
        case "--run-id" -> {
          if (i + 1 == args.length) {
            throw new IllegalArgumentException("--run-id needs a value");
          }
          runId = Optional.of(args[++i]);
        }
        default -> throw new IllegalArgumentException("unknown option '" + args[i]
            + "'; the options are --dry-run and --run-id <id>");
      }
    }
    return new RunOptions(dryRun, runId);
  }
}
