package io.partsync.plan;

import java.io.Serializable;

/**
 * A table of one target cluster: what a partition copy, a listing and a copy result name when one run
 * writes the same source table to several targets. Plain data, shipped to executors.
 *
 * @param target the target cluster's name
 * @param table the table there, db.table
 */
public record TargetTableName(String target, String table) implements Serializable {

  /** As logs name it: {@code target/db.table}. */
  @Override
  public String toString() {
    return target + "/" + table;
  }
}
