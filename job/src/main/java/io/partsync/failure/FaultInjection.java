package io.partsync.failure;

/**
 * The crash tests' switch for whole runs, read at each point from system properties (in every JVM the
 * point is reached in): when {@value #PROPERTY} names a point, the run fails there as if the process had
 * been killed at that moment. Unset in production, where every point passes.
 */
public final class FaultInjection implements Faults {
  public static final String PROPERTY = "partsync.test.fail-at";

  /**
   * For kill tests of a real driver process: when set to a point, the process stops there for good, after
   * writing the file {@value #MARKER_PROPERTY} names, so a test knows when to kill it.
   */
  public static final String BLOCK_PROPERTY = "partsync.test.block-at";
  public static final String MARKER_PROPERTY = "partsync.test.block-marker";

  /** The switch, as the entry point hands it to a run. */
  public static final Faults FROM_SYSTEM_PROPERTIES = new FaultInjection();

  private FaultInjection() {}

  @Override
  public void reach(FaultPoint point) {
    String armed = System.getProperty(PROPERTY);
    if (armed != null && armed.equals(point.key())) {
      throw new InjectedFault("injected fault at " + point.key() + " (" + PROPERTY + ")");
    }
    String blocking = System.getProperty(BLOCK_PROPERTY);
    if (blocking != null && blocking.equals(point.key())) {
      blockForever(point);
    }
  }

  /** One switch per JVM, also after deserialization on an executor. */
  private Object readResolve() {
    return FROM_SYSTEM_PROPERTIES;
  }

  private static void blockForever(FaultPoint point) {
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
}
