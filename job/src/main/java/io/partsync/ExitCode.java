package io.partsync;

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
  LOCKED(5);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
