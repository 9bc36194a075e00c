package io.partsync;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import io.partsync.failure.Messages;
import io.partsync.report.JsonFiles;
import io.partsync.report.RunStatus;
import io.partsync.standalone.StandaloneMaster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * partsync's exit code for a driver submitted to a Spark standalone master in cluster deploy mode, where
 * spark-submit exits 0 whatever the driver did (its client exits 0 on FINISHED, FAILED, ERROR and KILLED
 * alike). Used by submit.sh, on the job jar and a Spark installation's jars:
 *
 * <pre>
 * DriverExit clear &lt;config.yaml&gt;     removes the status file an earlier run left, before submitting
 * DriverExit await &lt;config.yaml&gt; &lt;master url&gt; &lt;REST port&gt; &lt;web UI port&gt; &lt;driver id&gt;
 *                                    waits for the driver to end and exits with the code its status file holds
 * </pre>
 */
public final class DriverExit {
  private static final Duration POLL = Duration.ofSeconds(2);
  /** How long the masters may be unreachable before the wait gives up: longer than a master's failover. */
  private static final Duration MASTERS_GONE = Duration.ofMinutes(5);
  private static final String PREFIX = "submit.sh: ";

  private DriverExit() {}

  public static void main(String[] args) {
    try {
      if (args.length == 2 && args[0].equals("clear")) {
        clear(args[1]);
        return;
      }
      if (args.length == 6 && args[0].equals("await")) {
        StandaloneMaster master = StandaloneMaster.of(args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        String state = awaitEnd(master, args[5]);
        System.exit(exitCode(args[5], state, status(args[1]), System.err));
      }
      throw new IllegalArgumentException("usage: DriverExit clear <config.yaml> | DriverExit await <config.yaml>"
          + " <master url> <REST port> <web UI port> <driver id>");
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(PREFIX + e.getMessage());
      System.exit(ExitCode.CONFIG_ERROR.code());
    } catch (IOException e) {
      System.err.println(PREFIX + Messages.oneLine(e.getMessage()));
      System.exit(ExitCode.FAILED.code());
    }
  }

  /** A status file left by an earlier run must not be read as this run's. */
  private static void clear(String config) throws IOException {
    Optional<String> path = ConfigLoader.load(Path.of(config)).statusPath();
    if (path.isPresent()) {
      try {
        JsonFiles.delete(path.get());
      } catch (IOException e) {
        throw new IOException("cannot remove the earlier status file " + path.get() + " before submitting: "
            + Messages.firstLine(e) + "; check 'report.status'", e);
      }
    }
  }

  /** Polls the master until the driver is in a final state; gives up when no master answers for minutes. */
  private static String awaitEnd(StandaloneMaster master, String driverId) throws IOException {
    long unreachableSince = -1;
    while (true) {
      try {
        Optional<String> state = master.driverState(driverId);
        unreachableSince = -1;
        if (state.isPresent() && StandaloneMaster.FINAL_STATES.contains(state.get())) {
          return state.get();
        }
      } catch (IOException e) {
        long now = System.nanoTime();
        unreachableSince = unreachableSince < 0 ? now : unreachableSince;
        if (now - unreachableSince > MASTERS_GONE.toNanos()) {
          throw new IOException("lost the Spark master while waiting for driver " + driverId + ": "
              + e.getMessage(), e);
        }
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for driver " + driverId, e);
      }
    }
  }

  /** The status the run wrote, when the config names a status file and the driver wrote it. */
  private static StatusRead status(String config) {
    Optional<String> path = ConfigLoader.load(Path.of(config)).statusPath();
    if (path.isEmpty()) {
      return new StatusRead(Optional.empty(), "the config names no status file ('report.status')");
    }
    try {
      Optional<String> json = JsonFiles.read(path.get());
      if (json.isEmpty()) {
        return new StatusRead(Optional.empty(), "the driver wrote no status file at " + path.get()
            + " (was it killed, or is that path not shared with this host?)");
      }
      return new StatusRead(Optional.of(RunStatus.fromJson(json.get())), path.get());
    } catch (IOException e) {
      return new StatusRead(Optional.empty(), "cannot read the status file " + path.get() + ": "
          + Messages.firstLine(e));
    }
  }

  /**
   * The status file's status, or why there is none.
   *
   * @param where the file read, or why none was
   */
  record StatusRead(Optional<RunStatus> status, String where) {}

  /**
   * partsync's exit code from its status file; without one, the driver's final state says what it can:
   * FINISHED is 0, any other 1. Either way one line on {@code err} says where the code came from, and a
   * failure's own {@code partsync: FAILED} line is repeated as the last.
   */
  static int exitCode(String driverId, String driverState, StatusRead read, PrintStream err) {
    if (read.status().isEmpty()) {
      int code = driverState.equals("FINISHED") ? ExitCode.SUCCESS.code() : ExitCode.FAILED.code();
      err.println(PREFIX + "driver " + driverId + " ended " + driverState + ", but " + read.where()
          + "; exit " + code + " from the driver's state, not partsync's own exit code");
      return code;
    }
    RunStatus status = read.status().get();
    err.println(PREFIX + "driver " + driverId + " ended " + driverState + "; partsync exit " + status.exitCode()
        + " (" + status.outcome() + ") from " + read.where());
    if (status.exitCode() != ExitCode.SUCCESS.code()) {
      err.println("partsync: FAILED (exit " + status.exitCode() + "): " + status.reason());
    }
    return status.exitCode();
  }
}
