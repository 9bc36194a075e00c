package io.partsync;

import io.partsync.config.ConfigException;
import io.partsync.failure.Messages;
import io.partsync.failure.SyncRefusedException;
import io.partsync.fs.ClusterUnreachableException;
import io.partsync.fs.Reachability;
import io.partsync.lock.LockHeldException;
import io.partsync.metastore.MetastoreIncompatibleException;
import io.partsync.metastore.MetastoreUnavailableException;
import org.apache.hadoop.security.AccessControlException;

/** Process exit codes, documented in the README for schedulers. */
public enum ExitCode {
  SUCCESS(0),
  /** The run started but some partition failed to copy, verify or register. */
  FAILED(1),
  /** The config file is missing, unparseable or invalid. */
  CONFIG_ERROR(2),
  /** A table cannot be synced as asked: missing, a view, ACID, or an incompatible target. */
  REFUSED(3),
  /** A metastore could not be reached (or kept dropping the connection) at the start of the run. */
  UNREACHABLE(4),
  /** Another run holds the lock of a target table (the message names it and since when). */
  LOCKED(5),
  /** A metastore answers but cannot serve partsync: it refuses a call partsync needs, or the catalog. */
  INCOMPATIBLE(6);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /**
   * A failure as the user sees it: the exit code of its kind and one line that says what failed. This is
   * the one place a failure becomes that; the stack trace is for the log at DEBUG, never for the terminal.
   */
  record Outcome(ExitCode code, String reason) {

    static Outcome of(Throwable failure) {
      if (failure instanceof ConfigException) {
        return new Outcome(CONFIG_ERROR, failure.getMessage());
      }
      if (failure instanceof SyncRefusedException) {
        return new Outcome(REFUSED, failure.getMessage());
      }
      if (failure instanceof LockHeldException) {
        return new Outcome(LOCKED, failure.getMessage());
      }
      // Wherever it surfaces (a table's step, a publish), it is the metastore's fault and says all there is.
      MetastoreIncompatibleException incompatible = Messages.find(failure, MetastoreIncompatibleException.class)
          .orElse(null);
      if (incompatible != null) {
        return new Outcome(INCOMPATIBLE, Messages.firstLine(incompatible));
      }
      if (failure instanceof MetastoreUnavailableException || failure instanceof ClusterUnreachableException) {
        return new Outcome(UNREACHABLE, failure.getMessage());
      }
      AccessControlException denied = Messages.find(failure, AccessControlException.class).orElse(null);
      if (denied != null) {
        return new Outcome(REFUSED, context(failure, denied) + "permission denied: " + Messages.firstLine(denied)
            + "; grant partsync's user access to that path, or run as a user who has it");
      }
      if (Reachability.isNetworkFailure(failure)) {
        // partsync's own messages already say what to check; a bare library message gets the general advice.
        return new Outcome(UNREACHABLE, isOwn(failure) ? Messages.firstLine(failure) : Messages.firstLine(failure)
            + "; check the cluster addresses in the config and that the servers are running");
      }
      return new Outcome(FAILED, describe(failure));
    }

    /** What the outer exception says the run was doing, when it says more than its cause. */
    private static String context(Throwable outer, Throwable cause) {
      String line = Messages.firstLine(outer);
      String causeLine = Messages.firstLine(cause);
      int at = line.indexOf(causeLine);
      String doing = at > 0 ? line.substring(0, at) : outer == cause ? "" : line + ": ";
      doing = doing.replaceAll("[:;,\\s]+$", "");
      return doing.isEmpty() ? "" : doing + ": ";
    }

    private static String describe(Throwable failure) {
      // A bare JDK exception says little on its own: name its kind, as the log would.
      return isOwn(failure) ? Messages.firstLine(failure)
          : failure.getClass().getSimpleName() + ": " + Messages.firstLine(failure);
    }

    private static boolean isOwn(Throwable failure) {
      return failure.getClass().getName().startsWith("io.partsync.");
    }
  }
}
