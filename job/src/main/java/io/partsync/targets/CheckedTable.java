package io.partsync.targets;

import io.partsync.config.TableMapping;
import io.partsync.metastore.HiveTable;

/**
 * A configured table with both definitions, checked; {@code target} is still to be created when new, in
 * a database at {@code databaseLocation} (created with it when missing).
 */
public record CheckedTable(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists,
    String databaseLocation) {
  public CheckedTable withTarget(HiveTable stamped) {
    return new CheckedTable(mapping, source, stamped, targetExists, databaseLocation);
  }
}
