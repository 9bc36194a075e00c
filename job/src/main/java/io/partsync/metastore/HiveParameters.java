package io.partsync.metastore;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What Hive's own table and partition parameters mean to a replica. */
public final class HiveParameters {
  /** Parameters that describe the source's copy of the data or its history, not the data itself. */
  public static final Set<String> VOLATILE = Set.of("transient_lastDdlTime", "numFiles", "totalSize",
      "numRows", "rawDataSize", "numFilesErasureCoded", "COLUMN_STATS_ACCURATE", "last_modified_by",
      "last_modified_time", "STATS_GENERATED_VIA_STATS_TASK", "STATS_GENERATED", "DO_NOT_UPDATE_STATS");
  /** Hive 4's marks on a managed table it turned into an external one. */
  static final String TRANSLATED_TO_EXTERNAL = "TRANSLATED_TO_EXTERNAL";
  static final String EXTERNAL_TABLE_PURGE = "external.table.purge";

  private HiveParameters() {}

  /**
   * The table as it was created, before Hive 4's default transformer made a managed table external and
   * noted so ({@code TRANSLATED_TO_EXTERNAL}, {@code external.table.purge}): that is the metastore's
   * bookkeeping, not the table's. A replica is created as the original, and a Hive 4 target translates it
   * again itself, while a Hive 2 or 3 target gets the managed table it understands.
   */
  public static HiveTable untranslated(HiveTable table) {
    if (!"TRUE".equalsIgnoreCase(table.parameters().getOrDefault(TRANSLATED_TO_EXTERNAL, ""))) {
      return table;
    }
    Map<String, String> parameters = new HashMap<>(table.parameters());
    parameters.keySet().removeAll(Set.of(TRANSLATED_TO_EXTERNAL, EXTERNAL_TABLE_PURGE, "EXTERNAL"));
    return new HiveTable(table.database(), table.name(), table.owner(), "MANAGED_TABLE", table.location(),
        table.columns(), table.partitionKeys(), table.storage(), parameters, table.viewOriginalText(),
        table.viewExpandedText());
  }
}
