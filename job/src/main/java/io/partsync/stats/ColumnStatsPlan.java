package io.partsync.stats;

import io.partsync.metastore.ColumnStats;
import java.util.List;
import java.util.Map;

/**
 * The column statistics one table's sync writes on its target, read from the source at planning time.
 *
 * @param partitions by partition name: those copied whose source has statistics to carry (or whose target
 *     holds statistics partsync wrote for the version it replaces), and those unchanged whose source
 *     statistics are no longer the ones partsync wrote
 * @param table the table's own statistics, when the source's are not the ones partsync last wrote; else null
 */
public record ColumnStatsPlan(Map<String, Carried> partitions, Carried table) {
  public static final ColumnStatsPlan NONE = new ColumnStatsPlan(Map.of(), null);

  public ColumnStatsPlan {
    partitions = Map.copyOf(partitions);
  }

  /**
   * Statistics to carry to one target partition or table.
   *
   * @param columns those of the columns the source marks accurate; none: the target's are to be removed
   * @param version their {@link StatsVersion}, null when there are none
   * @param replaces whether the target holds statistics partsync wrote, to be removed first so that none of
   *     a column the source no longer has statistics for stays behind
   */
  public record Carried(List<ColumnStats> columns, String version, boolean replaces) {
    public Carried {
      columns = List.copyOf(columns);
    }

    static Carried of(List<ColumnStats> columns, boolean replaces) {
      return new Carried(columns, columns.isEmpty() ? null : StatsVersion.of(columns), replaces);
    }
  }
}
