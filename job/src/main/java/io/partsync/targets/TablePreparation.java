package io.partsync.targets;

import io.partsync.failure.Outcomes;
import io.partsync.housekeeping.RunOwner;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreException;
import io.partsync.plan.RunId;
import java.io.IOException;
import java.util.List;
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
      RunId runId) {
    Outcomes.Builder<CheckedTable> outcomes = new Outcomes.Builder<>();
    for (CheckedTable table : tables) {
      String name = table.target().qualifiedName();
      try {
        CheckedTable ready = ready(target, table, sourceUris);
        owner(ready.target()).mark(target.fs(), ready.target().location(), runId);
        outcomes.keep(ready);
      } catch (MetastoreException e) {
        outcomes.fail(TableCheck.failure(target, table.mapping(), name, e.getMessage()));
      } catch (IOException e) {
        outcomes.fail(TableCheck.failure(target, table.mapping(), name,
            "cannot mark this run's directory of the table as its own: " + e.getMessage()));
      }
    }
    return outcomes.build();
  }

  /** Who owns a run directory of {@code table}: housekeeping deletes only what names its owner. */
  public static RunOwner owner(HiveTable table) {
    return new RunOwner(table.qualifiedName(), TargetTables.id(table));
  }

  private static CheckedTable ready(TargetConnection target, CheckedTable table, String sourceUris) {
    String name = table.target().qualifiedName();
    if (!table.targetExists()) {
      LOG.info("creating target table {} at {} on {}", name, table.target().location(), target.name());
      TargetTables.ensureDatabase(target.metastore(), table.target(), table.source(), table.databaseLocation());
      target.metastore().createTable(table.target());
      return table;
    }
    if (!TargetTables.isReplica(table.target())) {
      LOG.info("adopting target table {} on {} as the replica of {}", name, target.name(),
          table.source().qualifiedName());
      return table.withTarget(TargetTables.stamp(table.target(), table.source(), target.metastore(), sourceUris));
    }
    return table.withTarget(TargetTables.ensureId(table.target(), target.metastore()));
  }
}
