package io.partsync.targets;

import io.partsync.config.TableMapping;
import io.partsync.metastore.HiveTable;
import java.util.List;

/**
 * A configured table with both definitions, checked; {@code target} is still to be created when new, in
 * a database at {@code databaseLocation} (created with it when missing). {@code target} holds the
 * source's URI-valued properties rewritten to the replica's copies; {@code switches} are those an
 * existing target still has with other values, to set once the copies are there.
 */
public record CheckedTable(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists,
    String databaseLocation, List<SourceUris.Rewrite> switches) {
  public CheckedTable {
    switches = List.copyOf(switches);
  }

  public CheckedTable(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists,
      String databaseLocation) {
    this(mapping, source, target, targetExists, databaseLocation, List.of());
  }

  public CheckedTable withTarget(HiveTable stamped) {
    return new CheckedTable(mapping, source, stamped, targetExists, databaseLocation, switches);
  }
}
