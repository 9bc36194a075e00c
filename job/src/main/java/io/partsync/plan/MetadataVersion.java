package io.partsync.plan;

import io.partsync.metastore.Column;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveParameters;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Storage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fingerprint of the source metadata a target table or partition was made from: its columns (with
 * comments), formats, SerDe and its parameters, bucketing, owner and the parameters that describe the data.
 * Left out is what describes a copy rather than the data: locations, statistics and history
 * ({@link HiveParameters#VOLATILE}), partsync's own {@code partsync.*} parameters and Spark's
 * statistics. Recorded on the target beside the data version, so a change to the metadata alone is seen
 * and applied without copying a file.
 */
public final class MetadataVersion {
  private static final String VERSION = "m1:";

  private MetadataVersion() {}

  public static String of(HiveTable table) {
    HiveTable original = HiveParameters.untranslated(table);
    StringBuilder text = new StringBuilder("owner=").append(original.owner()).append('\n');
    columns(text, "key", original.partitionKeys());
    return digest(describe(text, original.columns(), original.storage(), original.parameters()));
  }

  public static String of(HivePartition partition) {
    return digest(describe(new StringBuilder(), partition.columns(), partition.storage(), partition.parameters()));
  }

  /** Whether a parameter describes the data, not a copy of it or partsync's bookkeeping. */
  public static boolean describesData(String key) {
    return !HiveParameters.VOLATILE.contains(key) && !key.startsWith("partsync.")
        && !key.startsWith("spark.sql.statistics.");
  }

  /** The parameters that describe the data, sorted. */
  public static Map<String, String> descriptive(Map<String, String> parameters) {
    Map<String, String> kept = new TreeMap<>();
    parameters.forEach((key, value) -> {
      if (describesData(key)) {
        kept.put(key, value);
      }
    });
    return kept;
  }

  private static String describe(StringBuilder text, List<Column> columns, Storage storage,
      Map<String, String> parameters) {
    columns(text, "column", columns);
    text.append("input=").append(storage.inputFormat()).append('\n')
        .append("output=").append(storage.outputFormat()).append('\n')
        .append("serde=").append(storage.serdeLibrary()).append('\n')
        .append("buckets=").append(storage.numBuckets()).append(storage.bucketColumns())
        .append(storage.sortColumns()).append('\n');
    // A Spark data source table's serde "path" is its location.
    new TreeMap<>(storage.serdeParameters()).forEach((key, value) -> {
      if (!key.equals("path")) {
        text.append("serde.").append(key).append('=').append(value).append('\n');
      }
    });
    new TreeMap<>(storage.parameters()).forEach((key, value) ->
        text.append("storage.").append(key).append('=').append(value).append('\n'));
    descriptive(parameters).forEach((key, value) -> text.append("parameter.").append(key).append('=')
        .append(value).append('\n'));
    return text.toString();
  }

  private static void columns(StringBuilder text, String kind, List<Column> columns) {
    for (Column column : columns) {
      text.append(kind).append('=').append(column.name().toLowerCase(java.util.Locale.ROOT)).append(' ')
          .append(column.type().toLowerCase(java.util.Locale.ROOT)).append(" '")
          .append(column.comment() == null ? "" : column.comment()).append("'\n");
    }
  }

  private static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return VERSION + HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
