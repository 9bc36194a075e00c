package io.partsync.lock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The content of a table's lock file: who holds it, since when, until when unless renewed, and whether its
 * holder ended cleanly. A holder that failed leaves the record {@code unclean} (released, but its next
 * run must sweep for leftovers); one that was killed leaves it {@code active} until it expires.
 */
record LockRecord(String runId, String host, Instant since, Instant expires, boolean active) {

  String format() {
    return "run=" + runId + "\nhost=" + host + "\nsince=" + since + "\nexpires=" + expires + "\nstate="
        + (active ? "active" : "unclean") + "\n";
  }

  static LockRecord parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        fields.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
      }
    }
    try {
      return new LockRecord(fields.getOrDefault("run", "?"), fields.getOrDefault("host", "?"),
          Instant.parse(fields.get("since")), Instant.parse(fields.get("expires")),
          "active".equals(fields.get("state")));
    } catch (RuntimeException e) {
      // An unreadable lock (a holder killed while writing it) counts as expired and unclean.
      return new LockRecord(fields.getOrDefault("run", "?"), fields.getOrDefault("host", "?"), Instant.EPOCH,
          Instant.EPOCH, false);
    }
  }

  boolean heldAt(Instant now) {
    return active && expires.isAfter(now);
  }
}
