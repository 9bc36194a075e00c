package io.partsync.config;

import io.partsync.metastore.MetastoreSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads how a run works rather than what it syncs: executors, the bandwidth cap, metastore calls, safety
 * times, timeouts, Kerberos, the report and the run-wide choices.
 */
final class SettingsBinder {
  private static final long MIN_BUFFER_BYTES = 64 * 1024;

  private SettingsBinder() {}

  static ExecutorSettings executors(ConfigSection section) {
    int count = section.required("count").wholeNumber(1, Limits.MAX_EXECUTORS, Limits.EXECUTORS_WHY);
    ConfigNode memoryNode = section.required("memory");
    String memory = memoryNode.text();
    long memoryBytes = Sizes.parseBytes(memory);
    if (memoryBytes <= 0) {
      throw memoryNode.error("must be a size such as 512m or 2g, " + ConfigNode.got(memory));
    }
    if (memoryBytes > Limits.MAX_EXECUTOR_MEMORY) {
      throw memoryNode.error("must be at most 1t (" + Limits.MEMORY_WHY + "), " + ConfigNode.got(memory));
    }
    int cores = section.valueOrDefault("cores").wholeNumber(1, Limits.MAX_CORES, Limits.CORES_WHY);
    int streams = section.valueOrDefault("streams").wholeNumber(1, Limits.MAX_STREAMS, Limits.STREAMS_WHY);
    double fraction = bufferFraction(section.valueOrDefault("buffer-fraction"));
    int wave = section.valueOrDefault("wave-partitions")
        .wholeNumber(1, Limits.MAX_WAVE_PARTITIONS, Limits.WAVE_WHY);
    int tasks = section.valueOrDefault("tasks").wholeNumber(1, Limits.MAX_TASKS, Limits.TASKS_WHY);
    ExecutorSettings settings = new ExecutorSettings(count, memory, memoryBytes, cores, streams, fraction, wave,
        tasks, cost(section.section("cost")));
    if (settings.bufferBudgetBytes() < MIN_BUFFER_BYTES * streams) {
      throw memoryNode.error("leaves " + settings.bufferBudgetBytes() + " bytes of copy buffer for " + streams
          + " streams; give at least " + (long) Math.ceil(MIN_BUFFER_BYTES * streams / fraction)
          + " bytes or fewer streams");
    }
    return settings;
  }

  private static ExecutorSettings.Cost cost(ConfigSection section) {
    ConfigNode bandwidthNode = section.given("stream-bandwidth");
    Long bandwidth = null;
    if (bandwidthNode != null) {
      bandwidth = Sizes.parseBytes(bandwidthNode.text());
      if (bandwidth <= 0) {
        throw bandwidthNode.error("must be bytes per second such as 100m or 1g, " + ConfigNode.got(bandwidthNode.text()));
      }
    }
    return new ExecutorSettings.Cost(bandwidth, costMillis(section.given("per-file")),
        costMillis(section.given("per-partition")));
  }

  private static Long costMillis(ConfigNode node) {
    if (node == null) {
      return null;
    }
    Duration duration = Sizes.parseDuration(node.text());
    if (duration == null || duration.compareTo(Duration.ofMinutes(10)) > 0) {
      throw node.error("must be a duration of at most 10m such as 0ms, 12ms or 1s, " + ConfigNode.got(node.text()));
    }
    return duration.toMillis();
  }

  private static double bufferFraction(ConfigNode node) {
    double fraction;
    try {
      fraction = Double.parseDouble(node.text());
    } catch (NumberFormatException e) {
      fraction = -1;
    }
    if (!(fraction > 0 && fraction <= 0.9)) {
      throw node.error("must be a number above 0 and at most 0.9, " + ConfigNode.got(node.text()));
    }
    return fraction;
  }

  /** {@code bandwidth.per-executor} and {@code bandwidth.per-run}, each null when left out. */
  static BandwidthSettings bandwidth(ConfigSection section) {
    return new BandwidthSettings(megabytesPerSecond(section.given("per-executor")),
        megabytesPerSecond(section.given("per-run")));
  }

  /** Bytes per second of a cap written in MB/s (1 MB = 1,048,576 bytes, as DistCp's -bandwidth), or null. */
  private static Long megabytesPerSecond(ConfigNode node) {
    if (node == null) {
      return null;
    }
    String text = node.text();
    if (!text.matches("\\d+(\\.\\d*)?|\\.\\d+")) {
      throw node.error("must be a number of MB per second above 0, such as 50 or 0.5, " + ConfigNode.got(text));
    }
    BigDecimal megabytes = new BigDecimal(text);
    if (megabytes.compareTo(BigDecimal.valueOf(Limits.MAX_BANDWIDTH)) > 0) {
      throw node.error("must be at most " + Limits.MAX_BANDWIDTH + " (" + Limits.BANDWIDTH_WHY + "), "
          + ConfigNode.got(text));
    }
    long bytes = megabytes.multiply(BigDecimal.valueOf(BandwidthSettings.MEGABYTE))
        .setScale(0, RoundingMode.HALF_UP).longValueExact();
    if (bytes <= 0) {
      throw node.error("must be a number of MB per second above 0, such as 50 or 0.5, " + ConfigNode.got(text));
    }
    return bytes;
  }

  static MetastoreSettings metastore(ConfigSection section) {
    int batchSize = section.valueOrDefault("batch-size").wholeNumber(1, Limits.MAX_BATCH_SIZE, Limits.BATCH_WHY);
    int attempts = section.valueOrDefault("attempts").wholeNumber(1, Limits.MAX_ATTEMPTS, Limits.ATTEMPTS_WHY);
    ConfigNode timeoutNode = section.valueOrDefault("timeout");
    Duration timeout = Sizes.parseDuration(timeoutNode.text());
    if (timeout == null || timeout.toSeconds() < 1) {
      throw timeoutNode.error("must be a duration of at least 1s such as 30s or 2m, "
          + ConfigNode.got(timeoutNode.text()));
    }
    ConfigValues.atMost(timeoutNode, timeout, Limits.MAX_METASTORE_TIMEOUT, Limits.TIMEOUT_WHY);
    return new MetastoreSettings(batchSize, attempts, timeout);
  }

  /** {@code housekeeping.grace-period} and {@code lock.ttl}, each section read as a whole before the next. */
  static SafetySettings safety(ConfigSection root) {
    ConfigNode graceNode = root.section("housekeeping").valueOrDefault("grace-period");
    Duration grace = ConfigValues.duration(graceNode, Duration.ZERO, "0s, 30m or 2h");
    ConfigValues.atMost(graceNode, grace, Limits.MAX_GRACE_PERIOD, Limits.GRACE_WHY);
    ConfigNode ttlNode = root.section("lock").valueOrDefault("ttl");
    Duration ttl = ConfigValues.duration(ttlNode, Duration.ofSeconds(10), "10m or 1h; at least 10s");
    ConfigValues.atMost(ttlNode, ttl, Limits.MAX_LOCK_TTL, Limits.TTL_WHY);
    return new SafetySettings(grace, ttl);
  }

  static Duration connectTimeout(ConfigNode node) {
    Duration timeout = ConfigValues.duration(node, Duration.ofSeconds(1), "10s or 1m");
    ConfigValues.atMost(node, timeout, Limits.MAX_CONNECT_TIMEOUT, Limits.CONNECT_TIMEOUT_WHY);
    return timeout;
  }

  static int snapshotsKeep(ConfigNode node) {
    return node.wholeNumber(1, Limits.MAX_SNAPSHOTS_KEEP, Limits.SNAPSHOTS_WHY);
  }

  /** Whether {@code on-target-failure} is {@code abort}. */
  static boolean abortOnTargetFailure(ConfigNode node) {
    if (!List.of("continue", "abort").contains(node.text())) {
      throw node.error("must be 'continue' (the other targets still publish) or 'abort', "
          + ConfigNode.got(node.text()));
    }
    return node.text().equals("abort");
  }

  static VerifyMode verify(ConfigNode node) {
    String text = node.text();
    for (VerifyMode mode : VerifyMode.values()) {
      if (mode.name().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    throw node.error("must be 'size' or 'checksum', " + ConfigNode.got(text));
  }

  static Optional<String> reportPath(ConfigSection root) {
    return reportKey(root, "json");
  }

  static Optional<String> statusPath(ConfigSection root) {
    return reportKey(root, "status");
  }

  private static Optional<String> reportKey(ConfigSection root, String name) {
    if (!root.has("report")) {
      return Optional.empty();
    }
    return Optional.ofNullable(ConfigSection.of(root.given("report")).text(name));
  }

  static Optional<KerberosSettings> kerberos(ConfigSection root) {
    if (!root.has("kerberos")) {
      return Optional.empty();
    }
    ConfigSection kerberos = ConfigSection.of(root.given("kerberos"));
    ConfigNode principal = kerberos.required("principal");
    if (!principal.text().matches("[^\\s@/]+(/[^\\s@/]+)?@[^\\s@/]+")) {
      throw principal.error("must be a Kerberos principal such as partsync@EXAMPLE.COM or"
          + " partsync/host@EXAMPLE.COM, " + ConfigNode.got(principal.text()));
    }
    ConfigNode keytab = kerberos.required("keytab");
    if (!keytab.text().startsWith("/")) {
      throw keytab.error("must be the absolute local path of the principal's keytab, "
          + ConfigNode.got(keytab.text()));
    }
    return Optional.of(new KerberosSettings(principal.text(), keytab.text()));
  }
}
