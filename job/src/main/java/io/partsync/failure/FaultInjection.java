package io.partsync.failure;

import java.util.Locale;

/**
 * A hook for crash tests: when the system property {@value #PROPERTY} names a point, the run fails there
 * as if the process had been killed at that moment. Unset in production, where every check is a no-op.
 */
public final class FaultInjection {
  public static final String PROPERTY = "partsync.test.fail-at";

  /** The points a run can be failed at, in the order a run reaches them. */
  public enum Point {
    /** An executor, after writing the first chunk of a file. */
    MID_FILE,
    /** The driver, after every partition was copied and verified, before any metastore change. */
    AFTER_COPY,
    /** The driver, after new partitions were added and before changed ones were altered. */
    MID_COMMIT,
    /** The driver, after housekeeping removed its first directory. */
    DURING_HOUSEKEEPING;

    String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /**
   * For kill tests of a real driver process: when set to a point, the process stops there for good, after
   * writing the file {@value #MARKER_PROPERTY} names, so a test knows when to kill it.
   */
  public static final String BLOCK_PROPERTY = "partsync.test.block-at";
  public static final String MARKER_PROPERTY = "partsync.test.block-marker";

  private FaultInjection() {}

  public static void check(Point point) {
    String armed = System.getProperty(PROPERTY);
    if (armed != null && armed.equals(point.key())) {
      throw new InjectedFault("injected fault at " + point.key() + " (" + PROPERTY + ")");
    }
    String blocking = System.getProperty(BLOCK_PROPERTY);
    if (blocking != null && blocking.equals(point.key())) {
      blockForever(point);
    }
  }

  private static void blockForever(Point point) {
    String marker = System.getProperty(MARKER_PROPERTY);
    try {
      if (marker != null) {
        java.nio.file.Files.writeString(java.nio.file.Path.of(marker), point.key());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    while (true) {
      java.util.concurrent.locks.LockSupport.park(FaultInjection.class);
    }
  }

  /** The failure a test asked for. */
  public static final class InjectedFault extends RuntimeException {
    InjectedFault(String message) {
      super(message);
    }
  }
}
