package io.partsync.run;

import io.partsync.config.SyncConfig;
import io.partsync.failure.Outcomes;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreException;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.RunId;
import io.partsync.plan.TablePlan;
import io.partsync.plan.TablePlanner.TableInputs;
import io.partsync.plan.TablePlanner;
import io.partsync.targets.CheckedTable;
import io.partsync.targets.TableCheck;
import io.partsync.targets.TargetConnection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The planner of each target's tables in one run: reads both sides, then plans against the listings. */
record Planning(Metastore sourceMetastore, SyncConfig config, RunId runId, Clock clock) {

  /** Reads both sides' partitions of each table as they are; a table whose reads fail is left out. */
  Outcomes<TableInputs> read(OnTarget<CheckedTable> target) {
    TablePlanner planner = planner(target.target());
    Outcomes.Builder<TableInputs> read = new Outcomes.Builder<>();
    for (CheckedTable t : target.tables()) {
      try {
        read.keep(planner.read(t.mapping(), t.source(), t.target(), t.targetExists()));
      } catch (MetastoreException e) {
        read.fail(TableCheck.failure(target.target(), t.mapping(), t.target().qualifiedName(),
            "reading its partitions failed: " + e.getMessage()));
      }
    }
    return read.build();
  }

  /** The copies a wave of source listings, by source table, calls for on one target's tables. */
  List<PartitionCopy> waveCopies(OnTarget<TableInputs> target, Map<String, Map<String, PartitionListing>> wave) {
    TablePlanner planner = planner(target.target());
    List<PartitionCopy> copies = new ArrayList<>();
    for (TableInputs t : target.tables()) {
      Map<String, PartitionListing> listed = wave.get(t.source().qualifiedName());
      if (listed != null) {
        copies.addAll(planner.waveCopies(t, listed, t.mapping().modeOr(config.mode())));
      }
    }
    return copies;
  }

  /** Decides what to copy to one target's tables, given the source listings by source table. */
  Outcomes<TablePlan> plan(OnTarget<TableInputs> target, Map<String, Map<String, PartitionListing>> listings) {
    TablePlanner planner = planner(target.target());
    Outcomes.Builder<TablePlan> planned = new Outcomes.Builder<>();
    for (TableInputs t : target.tables()) {
      try {
        planned.keep(planner.plan(t, listings.getOrDefault(t.source().qualifiedName(), Map.of()),
            t.mapping().modeOr(config.mode())));
      } catch (MetastoreException e) {
        planned.fail(TableCheck.failure(target.target(), t.mapping(), t.target().qualifiedName(),
            "planning failed: " + e.getMessage()));
      }
    }
    return planned.build();
  }

  private TablePlanner planner(TargetConnection target) {
    return new TablePlanner(sourceMetastore, target.metastore(), config.deletes(), runId, clock,
        target.name());
  }
}
