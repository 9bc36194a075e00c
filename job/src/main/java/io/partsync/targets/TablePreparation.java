package io.partsync.targets;

import io.partsync.failure.Outcomes;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.housekeeping.RunOwner;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreException;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.plan.Location;
import io.partsync.plan.RunId;
import io.partsync.plan.WholeTable;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a target's locked tables ready to be copied into: creates a new one (with its database, when
 * missing), adopts an existing table that is not yet a replica, gives a replica without one its id, and
 * marks this run's directory of each as the table's own before anything is copied there.
 */
public final class TablePreparation {
  private static final Logger LOG = LoggerFactory.getLogger(TablePreparation.class);

  private TablePreparation() {}

  /** Prepares each table; one that fails is left out. */
  public static Outcomes<CheckedTable> prepare(TargetConnection target, List<CheckedTable> tables, String sourceUris,
      RunId runId, ClusterFileSystem sourceFs) {
    Outcomes.Builder<CheckedTable> outcomes = new Outcomes.Builder<>();
    for (CheckedTable table : tables) {
      String name = table.target().qualifiedName();
      try {
        copySchemaFiles(sourceFs, target, table, runId);
        CheckedTable ready = ready(target, table, sourceUris);
        mark(target, ready, runId);
        outcomes.keep(ready);
      } catch (MetastoreException | PreparationException e) {
        outcomes.fail(TableCheck.failure(target, table.mapping(), name, e.getMessage()));
      }
    }
    return outcomes.build();
  }

  /**
   * Copies the schema files the table's replica reads before the table is created or switched to them,
   * so it never names a copy that is not there.
   */
  private static void copySchemaFiles(ClusterFileSystem sourceFs, TargetConnection target, CheckedTable table,
      RunId runId) {
    for (SourceUris.Rewrite rewrite : SourceUris.rewrites(table.source(), table.target())) {
      if (!rewrite.key().equals(SourceUris.AVRO_SCHEMA_URL)) {
        continue;
      }
      String from = SourceUris.qualified(rewrite.from(), Location.fileSystem(table.source().location()));
      try {
        if (SchemaFiles.copy(sourceFs, from, target.fs(), rewrite.to(), runId)) {
          LOG.info("copied schema file {} of {} to {} on {}", from, table.source().qualifiedName(), rewrite.to(),
              target.name());
        }
      } catch (IOException e) {
        throw new PreparationException("cannot copy the schema file " + from + " (" + rewrite.place() + " "
            + rewrite.key() + ") to " + rewrite.to() + ": " + e.getMessage());
      }
    }
  }

  /** Sets on an existing replica the URI-valued properties it still has with other values. */
  private static void switchProperties(TargetConnection target, CheckedTable table) {
    HiveTable t = table.target();
    Map<String, String> parameters = new HashMap<>();
    Map<String, String> serde = new HashMap<>();
    for (SourceUris.Rewrite rewrite : table.switches()) {
      LOG.info("switching the {} {} of {} on {} to {}", rewrite.place(), rewrite.key(), t.qualifiedName(),
          target.name(), rewrite.to());
      (rewrite.place() == SourceUris.Place.TABLE ? parameters : serde).put(rewrite.key(), rewrite.to());
    }
    if (!parameters.isEmpty()) {
      target.metastore().setTableParameters(t.database(), t.name(), parameters);
    }
    if (!serde.isEmpty()) {
      target.metastore().setSerdeParameters(t.database(), t.name(), serde);
    }
  }

  /** A table that could not be made ready on the target file system: it is left out, named in the message. */
  private static final class PreparationException extends RuntimeException {
    PreparationException(String message) {
      super(message);
    }
  }

  private static void mark(TargetConnection target, CheckedTable table, RunId runId) {
    try {
      owner(table.target()).mark(target.fs(), table.target().location(), runId);
    } catch (IOException e) {
      throw new PreparationException("cannot mark this run's directory of the table as its own: " + e.getMessage());
    }
  }

  /** Who owns a run directory of {@code table}: housekeeping deletes only what names its owner. */
  public static RunOwner owner(HiveTable table) {
    return new RunOwner(table.qualifiedName(), TargetTables.id(table));
  }

  /**
   * The definition a new table is created with. A new unpartitioned replica points at an empty directory of
   * its own until its first version is published: that copy is written under the table's directory, and a
   * reader listing it during the first run would see part of it. Its own directory is recorded.
   */
  private static HiveTable created(TargetConnection target, HiveTable defined) {
    if (!WholeTable.is(defined)) {
      return defined;
    }
    String empty = WholeTable.emptyDirectory(defined.location());
    try {
      target.fs().mkdirs(empty);
    } catch (IOException e) {
      throw new PreparationException("cannot create " + empty + ", the empty directory the new unpartitioned table"
          + " points at until its first version is published: " + e.getMessage());
    }
    Map<String, String> parameters = new HashMap<>(defined.parameters());
    parameters.put(PartsyncParameters.TABLE_ROOT, defined.location());
    return new HiveTable(defined.database(), defined.name(), defined.owner(), defined.tableType(), empty,
        defined.columns(), defined.partitionKeys(), TargetTables.relocated(defined.storage(), empty), parameters);
  }

  private static CheckedTable ready(TargetConnection target, CheckedTable table, String sourceUris) {
    String name = table.target().qualifiedName();
    if (!table.targetExists()) {
      LOG.info("creating target table {} at {} on {}", name, table.target().location(), target.name());
      TargetTables.ensureDatabase(target.metastore(), table.target(), table.source(), table.databaseLocation());
      target.metastore().createTable(created(target, table.target()));
      return table;
    }
    switchProperties(target, table);
    if (!TargetTables.isReplica(table.target())) {
      LOG.info("adopting target table {} on {} as the replica of {}", name, target.name(),
          table.source().qualifiedName());
      return table.withTarget(TargetTables.stamp(table.target(), table.source(), target.metastore(), sourceUris));
    }
    return table.withTarget(TargetTables.ensureId(table.target(), target.metastore()));
  }
}
