package io.partsync.metastore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Hive Metastore as partsync uses it: its databases, its tables and their partitions, in partsync's own
 * records. {@link MetastoreClient#connect} gives the real one; the stages that read and write a metastore
 * take this interface, so their tests can hand them one over maps (the tests' {@code InMemoryMetastore}).
 *
 * <p>Database, table and column names are case-insensitive, as Hive has them; what is read back names them
 * in lower case. Partition names are Hive's, {@code key=value/key=value} with Hive's escaping of values,
 * and are case-sensitive. What is created gets the metastore's own parameters besides those given
 * ({@code transient_lastDdlTime}).
 *
 * <p>Every method throws {@link MetastoreUnavailableException} when the metastore cannot be reached, or the
 * connection keeps breaking, after the configured attempts, and {@link MetastoreException} when the
 * metastore answers the call with an error (a table that must exist and does not, a partition added twice,
 * ...); the message names the metastore, the operation and the table.
 */
public interface Metastore extends AutoCloseable {

  /** The metastore's address as the config gives it (the URIs joined by commas), for messages. */
  String uris();

  /** Every database's name. */
  List<String> listDatabases();

  /** The names of the database's tables and views; none for a database that does not exist. */
  List<String> listTables(String database);

  /** The database's location, or empty when the database does not exist. */
  Optional<String> databaseLocation(String database);

  /**
   * Creates a database at {@code location} (null: {@code <name>.db} in the metastore's warehouse) and
   * returns its location; a database of that name already there is a {@link MetastoreException}.
   */
  String createDatabase(String database, String description, String location);

  /** The table, or empty when it (or its database) does not exist. */
  Optional<HiveTable> findTable(String database, String table);

  /**
   * Every table of every database with its location (views, which have none, left out), by
   * {@code db.table}, sorted.
   */
  Map<String, String> tableLocations();

  /**
   * Creates the table as defined; a table of that name already there, or a database that does not exist,
   * is a {@link MetastoreException}. A table without a location (views excepted) is placed in its
   * database's directory, and its type is kept in step with its {@code EXTERNAL} parameter: an
   * {@code EXTERNAL_TABLE} without {@code EXTERNAL=TRUE} is created as a {@code MANAGED_TABLE}.
   */
  void createTable(HiveTable table);

  /**
   * Adds {@code parameters} to the table's parameters (replacing those of the same key), leaving everything
   * else of it as it is; a missing table is a {@link MetastoreException}.
   */
  void setTableParameters(String database, String table, Map<String, String> parameters);

  /** The names of every partition of the table, sorted; a missing table is a {@link MetastoreException}. */
  List<String> listPartitionNames(String database, String table);

  /** Whether the table has at least one partition; a missing table is a {@link MetastoreException}. */
  boolean hasPartitions(String database, String table);

  /**
   * Every partition's values, location and parameters, sorted by partition name; a missing table is a
   * {@link MetastoreException}.
   */
  List<PartitionSummary> listPartitionSummaries(String database, String table);

  /**
   * As {@link #listPartitionSummaries(String, String)}, only those that Hive's metastore filter (e.g.
   * {@code dt >= "2026-01-01"}) selects, so partitions it excludes are never sent. A caller must evaluate
   * its own filter on what comes back: the result may hold more than the filter selects, never less. A
   * filter the metastore refuses is an {@link IllegalArgumentException}, and so is any other error it
   * answers with (a missing table among them): the caller can list all and filter itself. Hive 2.3 refuses
   * a key that is not a partition key, syntax it does not read (IN lists, for one) and any key not of type
   * {@code string}, varchar and char included.
   */
  List<PartitionSummary> listPartitionSummaries(String database, String table, String filter);

  /**
   * The full definitions of the partitions with the given names, in no particular order; a name with no
   * partition (dropped meanwhile) is left out, not an error, but a missing table is a
   * {@link MetastoreException}.
   */
  List<HivePartition> getPartitions(String database, String table, List<String> names);

  /**
   * Adds new partitions; one that already exists, or a missing table, is a {@link MetastoreException}, as
   * is a metastore that reports adding fewer than asked for. A partition without a location is placed at
   * its name under the table's.
   */
  void addPartitions(String database, String table, List<HivePartition> partitions);

  /**
   * Replaces existing partitions' definitions (found by their values) with the given ones, parameters
   * included, without the metastore recomputing the statistics among them; a partition or table that does
   * not exist is a {@link MetastoreException}.
   */
  void alterPartitions(String database, String table, List<HivePartition> partitions);

  /**
   * Drops partitions by name from the metastore only: their data stays on disk, for partsync's housekeeping
   * to remove after the grace period. Partitions already missing (or a missing table) are skipped, so a
   * re-run can repeat this.
   */
  void dropPartitions(String database, String table, List<String> names);

  /**
   * Replaces the table's columns, owner, storage (formats, SerDe and its parameters, bucketing) and
   * parameters with {@code table}'s, keeping its location, partition keys and type, without cascading to
   * its partitions (each keeps its own columns) and without the metastore recomputing statistics. A missing
   * table is a {@link MetastoreException}, and so is a change the metastore refuses (a column type it finds
   * incompatible, for one).
   */
  void alterTable(HiveTable table);

  /**
   * Points the table at {@code location}, adds {@code parameters} to its parameters (replacing those of the
   * same key) and removes those named in {@code removed}, in one {@code alter_table}, so a reader sees the table's old files or its new ones, never a mix; everything else
   * of it stays as it is (a Spark data source table's {@code path} serde parameter follows the location), and
   * the metastore does not recompute the statistics among the parameters. A missing table is a
   * {@link MetastoreException}.
   */
  void setTableLocation(String database, String table, String location, Map<String, String> parameters,
      java.util.Set<String> removed);

  /**
   * The column statistics the table itself has (not its partitions') for those of {@code columns} that have
   * any, in no particular order; a missing table is a {@link MetastoreException}.
   */
  List<ColumnStats> getTableColumnStatistics(String database, String table, List<String> columns);

  /**
   * The column statistics of the named partitions for those of {@code columns} that have any, by partition
   * name; a partition with none, or with no such partition, is left out. A missing table is a
   * {@link MetastoreException}.
   */
  Map<String, List<ColumnStats>> getPartitionColumnStatistics(String database, String table, List<String> names,
      List<String> columns);

  /**
   * Replaces the statistics of the given columns of the table (others keep theirs); the metastore marks those
   * columns accurate in the table's {@code COLUMN_STATS_ACCURATE}. A missing table is a
   * {@link MetastoreException}.
   */
  void setTableColumnStatistics(String database, String table, List<ColumnStats> statistics);

  /**
   * As {@link #setTableColumnStatistics}, for partitions, by name (those with no statistics given are
   * skipped); a missing partition or table is a {@link MetastoreException}.
   */
  void setPartitionColumnStatistics(String database, String table, Map<String, List<ColumnStats>> statistics);

  /**
   * Removes every column statistic of the named partitions; partitions without any are skipped, a missing
   * table or partition is a {@link MetastoreException}.
   */
  void deletePartitionColumnStatistics(String database, String table, List<String> names);

  /**
   * Adds {@code parameters} to the serde parameters of the table's storage (replacing those of the same
   * key), leaving everything else of it as it is; a missing table is a {@link MetastoreException}.
   */
  void setSerdeParameters(String database, String table, Map<String, String> parameters);

  /**
   * Replaces an existing view's definition (texts, columns, owner, parameters) with {@code view}'s, in one
   * {@code alter_table}; a missing view, or a table of that name, is a {@link MetastoreException}.
   */
  void replaceView(HiveTable view);

  /** Lets go of the connection; a later call opens a new one. */
  @Override
  void close();
}
