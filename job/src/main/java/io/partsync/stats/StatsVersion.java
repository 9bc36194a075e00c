package io.partsync.stats;

import io.partsync.metastore.ColumnStats;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The fingerprint of a partition's or table's column statistics, recorded on the target where partsync
 * wrote them: the same statistics read again give the same fingerprint, in whatever order the metastore
 * sends them; any changed value, column added or column gone gives another.
 */
public final class StatsVersion {
  private StatsVersion() {}

  public static String of(List<ColumnStats> statistics) {
    MessageDigest digest = sha256();
    statistics.stream().sorted(Comparator.comparing(ColumnStats::column)).forEach(s -> digest.update(
        (s.column() + '\0' + s.type() + '\0' + s.data() + '\n').getBytes(StandardCharsets.UTF_8)));
    return "s1:" + HexFormat.of().formatHex(digest.digest(), 0, 16);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }
}
