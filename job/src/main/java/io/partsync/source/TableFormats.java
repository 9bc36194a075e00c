package io.partsync.source;

import io.partsync.metastore.HiveTable;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Recognises the tables a metastore lists that are not Hive tables of plain files: Iceberg, Delta and Hudi
 * tables keep their own metadata, which names absolute source paths, and a storage handler's table keeps
 * its rows in another system. Copying their files would give a replica that reads the source, or nothing.
 */
public final class TableFormats {
  /** Spark data source providers whose tables are plain files partsync copies like Hive's own. */
  static final Set<String> FILE_PROVIDERS = Set.of("parquet", "orc", "csv", "json", "text", "avro", "hive");

  private TableFormats() {}

  /** A format partsync does not copy: its name, what marks it, and what replicates it instead. */
  public record Foreign(String format, String evidence, String instead) {}

  /** The table's format when partsync does not copy it; empty for a Hive table of plain files. */
  public static Optional<Foreign> foreign(HiveTable table) {
    Map<String, String> p = table.parameters();
    String tableType = lower(p.get("table_type"));
    String provider = lower(p.get("spark.sql.sources.provider"));
    String handler = p.get("storage_handler");
    String inputFormat = lower(table.storage().inputFormat());
    if ("iceberg".equals(tableType) || p.containsKey("metadata_location") || provider.contains("iceberg")
        || lower(handler).contains("iceberg")) {
      return Optional.of(new Foreign("an Iceberg table", evidence(p, "table_type", "metadata_location",
          "spark.sql.sources.provider", "storage_handler"), "Iceberg's own tools (its snapshot or register_table"
          + " procedures, or a catalog-level copy that rewrites the absolute paths in its metadata)"));
    }
    if (provider.contains("delta") || "delta".equals(tableType) || lower(handler).contains("delta")) {
      return Optional.of(new Foreign("a Delta table", evidence(p, "spark.sql.sources.provider", "table_type",
          "storage_handler"), "Delta's DEEP CLONE"));
    }
    if (provider.contains("hudi") || "hudi".equals(tableType) || inputFormat.startsWith("org.apache.hudi.")) {
      return Optional.of(new Foreign("a Hudi table", provider.contains("hudi") || "hudi".equals(tableType)
          ? evidence(p, "spark.sql.sources.provider", "table_type")
          : "input format " + table.storage().inputFormat(), "Hudi's HoodieSnapshotExporter"));
    }
    if (handler != null && !handler.isBlank()) {
      String system = handlerSystem(handler);
      return Optional.of(new Foreign("a table of the " + system + " storage handler", "storage_handler=" + handler,
          system + "'s own replication"));
    }
    if (!provider.isEmpty() && !isFileProvider(provider)) {
      return Optional.of(new Foreign("a Spark data source table that is not files ('" + p.get(
          "spark.sql.sources.provider") + "')", "spark.sql.sources.provider=" + p.get("spark.sql.sources.provider"),
          "the replication of the system that data source reads"));
    }
    return Optional.empty();
  }

  /** Spark names a file provider briefly ({@code parquet}) or by its class ({@code ...parquet.ParquetFileFormat}). */
  private static boolean isFileProvider(String provider) {
    String lastName = provider.substring(provider.lastIndexOf('.') + 1);
    return FILE_PROVIDERS.contains(provider)
        || provider.startsWith("org.apache.spark.sql.") && FILE_PROVIDERS.stream().anyMatch(provider::contains)
        || FILE_PROVIDERS.stream().anyMatch(f -> lastName.equals(f + "fileformat"))
        || "com.databricks.spark.avro".equals(provider);
  }

  private static String evidence(Map<String, String> parameters, String... keys) {
    StringBuilder found = new StringBuilder();
    for (String key : keys) {
      String value = parameters.get(key);
      if (value != null && !value.isBlank()) {
        found.append(found.isEmpty() ? "" : ", ").append(key).append('=').append(value);
      }
    }
    return found.toString();
  }

  /** The system a handler reads, as its class names it: {@code ...HBaseStorageHandler} reads HBase. */
  private static String handlerSystem(String className) {
    String simpleName = className.strip().substring(className.strip().lastIndexOf('.') + 1);
    String system = simpleName.replaceFirst("StorageHandler$", "");
    return system.isEmpty() ? simpleName : system;
  }

  private static String lower(String value) {
    return value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
  }
}
