package io.partsync;

import io.partsync.config.ConfigException;
import io.partsync.failure.Messages;
import io.partsync.failure.SyncRefusedException;
import io.partsync.fs.ClusterUnreachableException;
import io.partsync.fs.Reachability;
import io.partsync.lock.LockHeldException;
import io.partsync.metastore.MetastoreUnavailableException;
import org.apache.hadoop.security.AccessControlException;

/**
 * The one place a failure becomes what the user sees: an exit code from the README's table and one line
 * that says what failed. The stack trace is for the log at DEBUG, never for the terminal.
 */
final class Failures {
  private Failures() {}

  /** A failure as the user sees it. */
  record Outcome(ExitCode code, String reason) {}

  static Outcome classify(Throwable failure) {
    if (failure instanceof ConfigException) {
      return new Outcome(ExitCode.CONFIG_ERROR, failure.getMessage());
    }
    if (failure instanceof SyncRefusedException) {
      return new Outcome(ExitCode.REFUSED, failure.getMessage());
    }
    if (failure instanceof LockHeldException) {
      return new Outcome(ExitCode.LOCKED, failure.getMessage());
    }
    if (failure instanceof MetastoreUnavailableException || failure instanceof ClusterUnreachableException) {
      return new Outcome(ExitCode.UNREACHABLE, failure.getMessage());
    }
    AccessControlException denied = find(failure, AccessControlException.class);
    if (denied != null) {
      return new Outcome(ExitCode.REFUSED, context(failure, denied) + "permission denied: " + firstLine(denied)
          + "; grant partsync's user access to that path, or run as a user who has it");
    }
    if (Reachability.isNetworkFailure(failure)) {
      // partsync's own messages already say what to check; a bare library message gets the general advice.
      return new Outcome(ExitCode.UNREACHABLE, failure.getClass().getName().startsWith("io.partsync.")
          ? firstLine(failure) : firstLine(failure) + "; check the cluster addresses in the config and that the"
          + " servers are running");
    }
    return new Outcome(ExitCode.FAILED, describe(failure));
  }

  /** What the outer exception says the run was doing, when it says more than its cause. */
  private static String context(Throwable outer, Throwable cause) {
    String line = firstLine(outer);
    String causeLine = firstLine(cause);
    int at = line.indexOf(causeLine);
    String doing = at > 0 ? line.substring(0, at) : outer == cause ? "" : line + ": ";
    doing = doing.replaceAll("[:;,\\s]+$", "");
    return doing.isEmpty() ? "" : doing + ": ";
  }

  private static String describe(Throwable failure) {
    String line = firstLine(failure);
    // A bare JDK exception says little on its own: name its kind, as the log would.
    return failure.getClass().getName().startsWith("io.partsync.") ? line
        : failure.getClass().getSimpleName() + ": " + line;
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
    return null;
  }

  /** The first line of a message: Hadoop and Spark embed whole remote stack traces in theirs. */
  static String firstLine(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getCause() != null && e.getCause() != e ? firstLine(e.getCause()) : e.getClass().getSimpleName();
    }
    return Messages.oneLine(message);
  }
}
