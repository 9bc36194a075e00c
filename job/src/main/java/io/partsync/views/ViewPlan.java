package io.partsync.views;

import io.partsync.metastore.HiveTable;
import java.util.List;

/**
 * What a run does with one view on one target.
 *
 * @param definition the view as the target gets it, null when refused
 * @param action created, replaced, unchanged or refused (failed when its metastore call fails)
 * @param unreplicatedTables the tables it reads that this run does not replicate, {@code db.table}
 * @param reason why it is refused or failed, else null
 */
public record ViewPlan(String targetCluster, String source, String target, HiveTable definition, String action,
    List<String> unreplicatedTables, String reason) {
  public static final String CREATED = "created";
  public static final String REPLACED = "replaced";
  public static final String UNCHANGED = "unchanged";
  public static final String REFUSED = "refused";
  public static final String FAILED = "failed";

  public ViewPlan {
    unreplicatedTables = List.copyOf(unreplicatedTables);
  }

  ViewPlan withOutcome(String action, String reason) {
    return new ViewPlan(targetCluster, source, target, definition, action, unreplicatedTables, reason);
  }
}
