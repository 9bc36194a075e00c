package io.partsync.failure;

/**
 * A table left out of a run on one target before it was published, and why.
 *
 * @param target the target cluster's name
 * @param source the source table, {@code db.table}
 * @param table the target table, {@code db.table}
 * @param reason one or more lines naming what failed and what to do
 */
public record TableFailure(String target, String source, String table, String reason) {}
