package io.partsync.run;

import io.partsync.plan.RunId;
import java.util.Optional;

/**
 * How this run was asked for on the command line.
 *
 * @param dryRun plan only: nothing is written to either cluster
 * @param runId the run id a scheduler passed, the same on every retry of one scheduled run; empty for a
 *     fresh id
 * @param breakLock the run id whose table locks an operator breaks: this run takes them over even while
 *     they look live, and sweeps what that run left; empty to take only free or dead holders' locks
 */
public record RunOptions(boolean dryRun, Optional<String> runId, Optional<String> breakLock) {
  static final String OPTIONS = "--dry-run, --run-id <id> and --break-lock <run id>";

  public static final RunOptions DEFAULT = new RunOptions(false, Optional.empty(), Optional.empty());

  public RunOptions {
    runId.ifPresent(id -> requireRunId("--run-id", id,
        "; in Airflow pass e.g. {{ dag.dag_id }}-{{ ts_nodash }}"));
    breakLock.ifPresent(id -> requireRunId("--break-lock", id,
        "; pass the run id the lock message names"));
    if (dryRun && breakLock.isPresent()) {
      throw new IllegalArgumentException("--break-lock cannot be used with --dry-run: a dry run takes no lock");
    }
  }

  /** Without breaking any lock. */
  public RunOptions(boolean dryRun, Optional<String> runId) {
    this(dryRun, runId, Optional.empty());
  }

  private static void requireRunId(String option, String id, String hint) {
    if (!RunId.PATTERN.matcher(id).matches()) {
      throw new IllegalArgumentException(option + " must be 1 to 100 letters, digits, '.', '_' or '-' (starting"
          + " with a letter or digit), got '" + abbreviated(id) + "'" + hint);
    }
  }

  /** A pasted value may be huge; the message shows its start only. */
  private static String abbreviated(String value) {
    return value.length() <= 120 ? value : value.substring(0, 120) + "... (" + value.length() + " characters)";
  }

  /** Parses {@code <config.yaml> [--dry-run] [--run-id <id>] [--break-lock <run id>]} after the config path. */
  public static RunOptions parse(String[] args, int from) {
    boolean dryRun = false;
    Optional<String> runId = Optional.empty();
    Optional<String> breakLock = Optional.empty();
    for (int i = from; i < args.length; i++) {
      switch (args[i]) {
        case "--dry-run" -> dryRun = true;
        case "--run-id" -> runId = Optional.of(value(args, i++));
        case "--break-lock" -> breakLock = Optional.of(value(args, i++));
        default -> throw new IllegalArgumentException("unknown option '" + abbreviated(args[i])
            + "'; the options are " + OPTIONS);
      }
    }
    return new RunOptions(dryRun, runId, breakLock);
  }

  private static String value(String[] args, int option) {
    if (option + 1 == args.length) {
      throw new IllegalArgumentException(args[option] + " needs a value");
    }
    return args[option + 1];
  }
}
