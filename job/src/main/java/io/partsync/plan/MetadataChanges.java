package io.partsync.plan;

import io.partsync.metastore.HivePartition;
import io.partsync.metastore.PartitionSummary;
import io.partsync.metastore.PartsyncParameters;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds the partitions whose files are unchanged but whose source metadata changed since partsync last
 * wrote them. Decided in two steps so that a run where nothing changed reads no more than the partition
 * summaries it reads anyway: the summaries show changed parameters and statistics, and a source partition
 * altered since (its {@code transient_lastDdlTime} moved) has its full definition read to compare its
 * fingerprint with the one recorded. Pure logic.
 */
public final class MetadataChanges {
  /** Statistics that describe the rows, true of a byte-identical copy as of the source's files. */
  public static final Set<String> BASIC_STATS = Set.of("numRows", "rawDataSize", "COLUMN_STATS_ACCURATE");
  /** What partsync carried before it recorded metadata versions; a replica that old is compared on these. */
  private static final Set<String> ROW_STATS = Set.of("numRows", "rawDataSize");
  static final String DDL_TIME = "transient_lastDdlTime";

  private MetadataChanges() {}

  /** The unchanged partitions partsync wrote whose full source definition must be read to decide. */
  public static List<String> candidates(List<String> unchanged, Map<String, PartitionSummary> sources,
      Map<String, TargetPartition> targets) {
    return unchanged.stream().filter(name -> {
      TargetPartition target = targets.get(name);
      PartitionSummary source = sources.get(name);
      if (target == null || source == null || !target.writtenByPartsync()) {
        return false;
      }
      String readAt = target.parameters().get(PartsyncParameters.SOURCE_DDL_TIME);
      return differ(source.parameters(), target) || readAt != null
          && !readAt.equals(source.parameters().get(DDL_TIME));
    }).toList();
  }

  /** Whether {@code target} was made from other metadata than {@code source}'s definition now. */
  public static boolean changed(HivePartition source, TargetPartition target) {
    String recorded = target.metadataVersion();
    return differ(source.parameters(), target)
        || recorded != null && !recorded.equals(MetadataVersion.of(source));
  }

  /**
   * Whether the descriptive parameters or the statistics differ. A replica partsync made before it recorded
   * metadata versions is not rewritten only because it lacks the statistics partsync did not carry then.
   */
  private static boolean differ(Map<String, String> source, TargetPartition target) {
    if (!MetadataVersion.descriptive(source).equals(MetadataVersion.descriptive(target.parameters()))) {
      return true;
    }
    Set<String> stats = target.metadataVersion() == null ? ROW_STATS : BASIC_STATS;
    return stats.stream().anyMatch(key -> !Objects.equals(source.get(key), target.parameters().get(key)));
  }
}
