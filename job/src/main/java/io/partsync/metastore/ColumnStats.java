package io.partsync.metastore;

/**
 * The statistics of one column of a table or a partition, as a metastore keeps them. partsync only copies
 * them from the source to the target, so it carries them as the metastore sent them rather than modelling
 * each kind: Hive's {@code ColumnStatisticsData} union (boolean, long, double, string, binary, decimal or
 * date statistics, bit vectors for distinct-value merging included where present) serialized with Thrift's
 * compact protocol. That keeps every field faithfully, fields partsync has no use for among them, and two
 * readings of unchanged statistics compare equal, so their fingerprint says whether they changed.
 *
 * @param column the column's name, lower case
 * @param type the column's Hive type, as the statistics record it
 * @param data the {@code ColumnStatisticsData}, Thrift compact protocol, Base64
 */
public record ColumnStats(String column, String type, String data) {}
