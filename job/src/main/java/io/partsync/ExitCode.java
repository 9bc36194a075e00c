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
  /** A metastore or file system could not be reached. */
  UNREACHABLE(4);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
