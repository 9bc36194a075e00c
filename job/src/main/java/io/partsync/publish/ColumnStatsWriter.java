package io.partsync.publish;

import io.partsync.copy.PartitionResult;
import io.partsync.failure.Messages;
import io.partsync.metastore.ColumnStats;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreException;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.plan.PartitionPaths;
import io.partsync.plan.PartitionVersion;
import io.partsync.plan.TablePlan;
import io.partsync.stats.ColumnStatsPlan.Carried;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the column statistics a plan carries to the target once its partitions are published: those of
 * the copied partitions whose copy is of the files planned (the statistics were read for it), and those
 * of unchanged partitions whose source statistics changed. In batches: the statistics removed where they are
 * replaced, written, then each partition's {@link PartsyncParameters#STATS_VERSION} recorded, last, so that a
 * run stopped half way writes them again next time rather than believing them written.
 */
final class ColumnStatsWriter {
  private static final Logger LOG = LoggerFactory.getLogger(ColumnStatsWriter.class);

  private final Metastore target;

  ColumnStatsWriter(Metastore target) {
    this.target = target;
  }

  /**
   * The number of partitions whose statistics were written (or removed); none when writing failed, which
   * leaves the partitions published and the statistics for the next run.
   */
  int writePartitions(TablePlan plan, List<PartitionResult> published) {
    Map<String, Carried> carried = carriedFor(plan, published);
    if (carried.isEmpty()) {
      return 0;
    }
    HiveTable table = plan.target();
    try {
      target.deletePartitionColumnStatistics(table.database(), table.name(), carried.entrySet().stream()
          .filter(e -> e.getValue().replaces()).map(Map.Entry::getKey).toList());
      Map<String, List<ColumnStats>> written = new LinkedHashMap<>();
      carried.forEach((name, stats) -> written.put(name, stats.columns()));
      target.setPartitionColumnStatistics(table.database(), table.name(), written);
      record(table, carried);
      return carried.size();
    } catch (MetastoreException e) {
      LOG.warn("writing the column statistics of {} partition(s) of {} failed; the partitions are published and"
          + " the next run writes them: {}", carried.size(), table.qualifiedName(), Messages.oneLine(e.getMessage()));
      return 0;
    }
  }

  /** 1 when the table's own statistics were written, else 0; a failure is logged, and the next run retries. */
  int writeTable(TablePlan plan) {
    Carried carried = plan.columnStats().table();
    if (carried == null) {
      return 0;
    }
    HiveTable table = plan.target();
    try {
      target.setTableColumnStatistics(table.database(), table.name(), carried.columns());
      target.setTableParameters(table.database(), table.name(),
          Map.of(PartsyncParameters.STATS_VERSION, carried.version()));
      return 1;
    } catch (MetastoreException e) {
      LOG.warn("writing the column statistics of table {} failed; the next run writes them: {}",
          table.qualifiedName(), Messages.oneLine(e.getMessage()));
      return 0;
    }
  }

  /** Copied partitions count only when the version published is the one their statistics were read for. */
  private static Map<String, Carried> carriedFor(TablePlan plan, List<PartitionResult> published) {
    // Compared without checksums: the planned listing may lack the ones the copy read.
    Map<String, String> planned = new HashMap<>();
    plan.copies().forEach(c -> planned.put(c.name(), PartitionVersion.ofListing(c.files())));
    Map<String, Carried> carried = new LinkedHashMap<>();
    for (PartitionResult result : published) {
      Carried stats = plan.columnStats().partitions().get(result.name());
      if (stats == null) {
        continue;
      }
      if (result.listing().equals(planned.get(result.name()))) {
        carried.put(result.name(), stats);
      } else {
        LOG.info("{} partition {}: the files copied (listing {}) are not those planned ({});"
            + " its column statistics are left for the next run", plan.target().qualifiedName(), result.name(),
            result.listing(), planned.get(result.name()));
      }
    }
    plan.unchanged().forEach(name -> {
      Carried stats = plan.columnStats().partitions().get(name);
      if (stats != null) {
        carried.put(name, stats);
      }
    });
    return carried;
  }

  /** Each partition as the metastore now has it (statistics state included), with its statistics version. */
  private void record(HiveTable table, Map<String, Carried> carried) {
    List<HivePartition> recorded = new ArrayList<>();
    for (HivePartition partition : target.getPartitions(table.database(), table.name(),
        List.copyOf(carried.keySet()))) {
      String name = PartitionPaths.name(table.partitionKeyNames(), partition.values());
      Map<String, String> parameters = new HashMap<>(partition.parameters());
      String version = carried.get(name) == null ? null : carried.get(name).version();
      if (version == null) {
        parameters.remove(PartsyncParameters.STATS_VERSION);
      } else {
        parameters.put(PartsyncParameters.STATS_VERSION, version);
      }
      recorded.add(new HivePartition(partition.values(), partition.location(), partition.columns(),
          partition.storage(), parameters));
    }
    target.alterPartitions(table.database(), table.name(), recorded);
  }
}
