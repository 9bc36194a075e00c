package io.partsync.plan;

import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.PartitionSummary;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.path.PathStrings;
import java.util.List;
import java.util.Optional;

/**
 * An unpartitioned table, planned, copied and verified as one pseudo-partition: the table's directory is
 * its source directory, and each version of it goes to a version directory of its own,
 * {@code <table>/partsync-<run id>/data}, as a partition's does. Publishing points the target table at that
 * directory in one {@code alter_table}, so readers see the old version or the new one. The target table
 * keeps its stable directory, where its run directories and partsync's state are, in
 * {@link PartsyncParameters#TABLE_ROOT}; the version it holds is recorded in its parameters under the names
 * a partition records its own.
 */
public final class WholeTable {
  /** The pseudo-partition's name: Hive's partition name for no keys. */
  public static final String NAME = "";
  /** The directory a version of the table is copied to, in its run's directory. */
  public static final String DIRECTORY = "data";
  /**
   * The empty directory a new table points at until its first version: not hidden (readers refuse a hidden
   * location) and not named as a run directory is.
   */
  public static final String EMPTY_DIRECTORY = "partsync.empty";

  private WholeTable() {}

  public static boolean is(HiveTable table) {
    return table.partitionKeys().isEmpty();
  }

  /** The source table as its one partition: its directory and its parameters. */
  public static PartitionSummary sourcePartition(HiveTable source) {
    return new PartitionSummary(List.of(), source.location(), source.parameters());
  }

  /** The source table's definition as the one partition copied from it. */
  public static HivePartition sourceDefinition(HiveTable source) {
    return new HivePartition(List.of(), source.location(), source.columns(), source.storage(), source.parameters());
  }

  /**
   * The version the target table holds as its one partition, from the table as the metastore has it now
   * (pointing at that version's directory); empty until partsync published a version of it.
   */
  public static Optional<TargetPartition> targetPartition(HiveTable current) {
    if (!current.parameters().containsKey(PartsyncParameters.SOURCE_VERSION)) {
      return Optional.empty();
    }
    return Optional.of(TargetPartition.of(NAME, new PartitionSummary(List.of(), current.location(),
        current.parameters())));
  }

  /** The empty directory under {@code root} a new table points at until its first version. */
  public static String emptyDirectory(String root) {
    return PathStrings.withoutTrailingSlash(root) + "/" + EMPTY_DIRECTORY;
  }

  /**
   * The table with its stable directory as its location, as partsync plans, locks and housekeeps it; an
   * unpartitioned replica's own location is the directory of the version it holds.
   */
  public static HiveTable atRoot(HiveTable target) {
    String root = target.parameters().get(PartsyncParameters.TABLE_ROOT);
    if (!is(target) || root == null || root.equals(target.location())) {
      return target;
    }
    return new HiveTable(target.database(), target.name(), target.owner(), target.tableType(), root,
        target.columns(), target.partitionKeys(), target.storage(), target.parameters());
  }
}
