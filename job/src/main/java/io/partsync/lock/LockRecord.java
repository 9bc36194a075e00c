package io.partsync.lock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a table's lock file: which run holds it and in which process, since when, until when
 * unless renewed, and whether its holder ended cleanly. A holder that failed leaves the record
 * {@code unclean} (released, but its next run must sweep for leftovers); one that was killed leaves it
 * {@code active} until it expires or a run sees that its process is gone.
 */
record LockRecord(String runId, LockHolder holder, Instant since, Instant expires, boolean active) {

  String host() {
    return holder.host();
  }

  String format() {
    StringBuilder out = new StringBuilder();
    line(out, "run", runId);
    line(out, "host", holder.host());
    if (holder.pid() >= 0) {
      line(out, "pid", Long.toString(holder.pid()));
    }
    line(out, "process-start", holder.processStart());
    line(out, "pid-namespace", holder.pidNamespace());
    line(out, "boot-id", holder.bootId());
    line(out, "spark-application", holder.applicationId());
    line(out, "spark-master", holder.master());
    line(out, "since", since);
    line(out, "expires", expires);
    line(out, "state", active ? "active" : "unclean");
    return out.toString();
  }

  private static void line(StringBuilder out, String key, Object value) {
    if (value != null) {
      out.append(key).append('=').append(value).append('\n');
    }
  }

  /** Reads a lock file; one written by an older partsync has only run, host, since, expires and state. */
  static LockRecord parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    String runId = fields.getOrDefault("run", "?");
    String host = fields.getOrDefault("host", "?");
    try {
      LockHolder holder = new LockHolder(host, Long.parseLong(fields.getOrDefault("pid", "-1")),
          instant(fields.get("process-start")), fields.get("pid-namespace"), fields.get("boot-id"),
          fields.get("spark-application"), fields.get("spark-master"));
      return new LockRecord(runId, holder, Instant.parse(fields.get("since")), Instant.parse(fields.get("expires")),
          "active".equals(fields.get("state")));
    } catch (RuntimeException e) {
      // An unreadable lock (a holder killed while writing it) counts as expired and unclean.
      return new LockRecord(runId, LockHolder.hostOnly(host), Instant.EPOCH, Instant.EPOCH, false);
    }
  }

  private static Instant instant(String value) {
    return value == null ? null : Instant.parse(value);
  }

  boolean heldAt(Instant now) {
    return active && expires.isAfter(now);
  }

  /** The same hold as {@code other}: same run, taken at the same time (renewals move only the expiry). */
  boolean sameHoldAs(LockRecord other) {
    return runId.equals(other.runId) && since.equals(other.since);
  }
}
