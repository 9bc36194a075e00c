package io.partsync.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The process that holds a lock, described well enough for a later run to tell whether it is still alive:
 * on the same host by its process id and start time (a pid alone may have been reused by now), from any
 * host by asking YARN about its Spark application.
 *
 * @param host the host name of the driver
 * @param pid the driver's process id; -1 when unknown (a lock written by an older partsync)
 * @param processStart when that process started, null when unknown
 * @param pidNamespace the Linux pid namespace of the process, so that two containers sharing a host name
 *     never judge each other's pids; null when unknown
 * @param bootId the Linux boot id, which tells one machine and boot from any other; null when unknown
 * @param applicationId the Spark application id, null when unknown
 * @param master the Spark master the application ran on ({@code yarn}, {@code local[*]}, ...), null when
 *     unknown
 */
public record LockHolder(String host, long pid, Instant processStart, String pidNamespace, String bootId,
    String applicationId, String master) {

  /** An older lock file names only a host. */
  static LockHolder hostOnly(String host) {
    return new LockHolder(host, -1, null, null, null, null, null);
  }

  /** This process, running the given Spark application. */
  /** This process as a holder, on the local host: to compare other holders with. */
  public static LockHolder self() {
    return current(localHostName(), null, null);
  }

  /** The name of the local host, as lock files record it. */
  public static String localHostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "unknown-host";
    }
  }

  public static LockHolder current(String host, String applicationId, String master) {
    ProcessHandle self = ProcessHandle.current();
    return new LockHolder(host, self.pid(), self.info().startInstant().orElse(null), currentPidNamespace(), currentBootId(),
        applicationId, master);
  }

  boolean onYarn() {
    return master != null && master.startsWith("yarn") && applicationId != null;
  }

  /**
   * Whether this and {@code other} are on one host and see the same pids, so a pid check means something.
   * A host name alone can mislead (two machines called {@code localhost}, containers sharing a name), so
   * where both are known the boot id (random per machine and boot) and the pid namespace must match too;
   * a holder from before a reboot therefore waits for its TTL.
   */
  boolean sharesProcessTableWith(LockHolder other) {
    return host.equals(other.host) && pid >= 0 && other.pid >= 0 && sameOrUnknown(bootId, other.bootId)
        && sameOrUnknown(pidNamespace, other.pidNamespace);
  }

  private static boolean sameOrUnknown(String a, String b) {
    return a == null || b == null || a.equals(b);
  }

  private static String currentPidNamespace() {
    try {
      return Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  private static String currentBootId() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }
}
