package io.partsync.stats;

import io.partsync.metastore.Column;
import io.partsync.metastore.ColumnStats;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.stats.ColumnStatsPlan.Carried;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.hive.common.StatsSetupConst;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which column statistics a table's sync carries from the source. Only those of the columns the
 * source's own {@code COLUMN_STATS_ACCURATE} marks accurate are carried: Hive keeps statistics a later write
 * made stale, and the target metastore marks whatever is written to it accurate, so carrying those would
 * make stale statistics look current. Partitions whose source marks no column accurate, and whose target
 * holds none of partsync's, cost no read at all.
 */
public final class ColumnStatsPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(ColumnStatsPlanner.class);
  /** Partitions whose statistics are read, compared and let go of at once, so the driver holds few. */
  private static final int CHUNK = 500;

  private final Metastore source;

  public ColumnStatsPlanner(Metastore source) {
    this.source = source;
  }

  /**
   * @param copied the source parameters of the partitions to copy, by name, as read for this plan
   * @param unchanged the source parameters of the partitions the target holds at the source's version
   * @param targetVersions the statistics version each target partition records, by name (absent: none)
   */
  public ColumnStatsPlan plan(HiveTable sourceTable, HiveTable targetTable, Map<String, Map<String, String>> copied,
      Map<String, Map<String, String>> unchanged, Map<String, String> targetVersions) {
    List<String> columns = sourceTable.columns().stream().map(Column::name).toList();
    Map<String, Carried> partitions = new LinkedHashMap<>();
    plan(sourceTable, columns, copied, targetVersions, true, partitions);
    plan(sourceTable, columns, unchanged, targetVersions, false, partitions);
    Carried table = table(sourceTable, targetTable, columns);
    if (!partitions.isEmpty() || table != null) {
      LOG.info("{}: column statistics to write for {} partition(s){}", sourceTable.qualifiedName(),
          partitions.size(), table == null ? "" : " and the table");
    }
    return partitions.isEmpty() && table == null ? ColumnStatsPlan.NONE : new ColumnStatsPlan(partitions, table);
  }

  /** Copied partitions get whatever there is to carry; unchanged ones only what differs from the target's. */
  private void plan(HiveTable table, List<String> columns, Map<String, Map<String, String>> parameters,
      Map<String, String> targetVersions, boolean copied, Map<String, Carried> planned) {
    List<String> toRead = new ArrayList<>();
    parameters.forEach((name, params) -> {
      if (!accurate(params, columns).isEmpty()) {
        toRead.add(name);
      } else if (targetVersions.containsKey(name)) {
        planned.put(name, Carried.of(List.of(), true));
      }
    });
    for (int from = 0; from < toRead.size(); from += CHUNK) {
      List<String> chunk = toRead.subList(from, Math.min(toRead.size(), from + CHUNK));
      Map<String, List<ColumnStats>> read = source.getPartitionColumnStatistics(table.database(), table.name(),
          chunk, columns);
      for (String name : chunk) {
        List<String> accurate = accurate(parameters.get(name), columns);
        List<ColumnStats> carried = read.getOrDefault(name, List.of()).stream()
            .filter(s -> accurate.contains(s.column())).toList();
        String previous = targetVersions.get(name);
        Carried candidate = Carried.of(carried, previous != null);
        if (copied ? !carried.isEmpty() || previous != null : !Objects.equals(previous, candidate.version())) {
          planned.put(name, candidate);
        }
      }
    }
  }

  private Carried table(HiveTable sourceTable, HiveTable targetTable, List<String> columns) {
    List<String> accurate = accurate(sourceTable.parameters(), columns);
    if (accurate.isEmpty()) {
      return null;
    }
    List<ColumnStats> carried = source.getTableColumnStatistics(sourceTable.database(), sourceTable.name(), accurate);
    Carried candidate = Carried.of(carried, false);
    String previous = targetTable.parameters().get(PartsyncParameters.STATS_VERSION);
    return carried.isEmpty() || candidate.version().equals(previous) ? null : candidate;
  }

  /** The columns whose statistics the source says are accurate, as Hive itself reads the parameter. */
  static List<String> accurate(Map<String, String> parameters, List<String> columns) {
    if (parameters == null || !parameters.containsKey(StatsSetupConst.COLUMN_STATS_ACCURATE)) {
      return List.of();
    }
    return columns.stream().filter(c -> StatsSetupConst.areColumnStatsUptoDate(parameters, c)).toList();
  }
}
