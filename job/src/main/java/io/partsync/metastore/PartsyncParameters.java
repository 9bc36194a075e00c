package io.partsync.metastore;

/**
 * The names of the table and partition parameters partsync writes in a target metastore: what a replica
 * records about where its data came from, read back by later runs to decide what changed and what is
 * theirs. All begin with {@code partsync.}; renaming one makes existing replicas look foreign or changed.
 */
public final class PartsyncParameters {
  // On a target table.

  /** The source table ({@code db.table at <source metastore URIs>}) a replica holds; marks the table as one. */
  public static final String SOURCE_TABLE = "partsync.source.table";
  /** When partsync adopted an existing table as its replica, as an ISO-8601 instant. */
  public static final String ADOPTED_AT = "partsync.adopted.at";
  /** The table's id, which the marker of each of its run directories names, so housekeeping removes only its own. */
  public static final String TABLE_ID = "partsync.table-id";
  /** The snapshot of the source table the replica's partitions were last fully synced from. */
  public static final String SOURCE_SNAPSHOT = "partsync.source.snapshot";
  /**
   * On an unpartitioned replica: its stable directory, which holds its version directories and partsync's
   * state, while its location is the directory of the version it holds. That version is recorded on the
   * table under the partition parameters' names below.
   */
  public static final String TABLE_ROOT = "partsync.table.root";

  // On a target partition partsync wrote.

  /** The version of the source partition it holds (see {@code PartitionVersion}); marks it as partsync's. */
  public static final String SOURCE_VERSION = "partsync.source.version";
  /** The fingerprint of the copied source files without checksums: while it still matches, so does the version. */
  public static final String SOURCE_LISTING = "partsync.source.listing";
  /** The fingerprint of the partition's files as partsync published them, to see changes made on the target. */
  public static final String TARGET_VERSION = "partsync.target.version";
  /** The source partition directory its version was copied from. */
  public static final String SOURCE_LOCATION = "partsync.source.location";
  /** The run that published it. */
  public static final String RUN_ID = "partsync.run.id";
  /** When it was published, in milliseconds since the epoch. */
  public static final String SYNCED_AT = "partsync.synced.at";

  // On a target table and on a target partition partsync wrote.

  /**
   * The fingerprint of the source metadata it was made from (see {@code MetadataVersion}): while it still
   * matches the source's, its metadata is up to date.
   */
  public static final String METADATA_VERSION = "partsync.metadata.version";
  /**
   * The source partition's {@code transient_lastDdlTime} when its metadata was read: a source partition
   * altered since has its full definition read again to see whether its metadata changed.
   */
  public static final String SOURCE_DDL_TIME = "partsync.source.ddl-time";

  // On a target table or partition partsync wrote column statistics for.

  /**
   * The fingerprint of the source's column statistics partsync last wrote for it, so a run rewrites them only
   * when the source's changed; absent when partsync wrote none.
   */
  public static final String STATS_VERSION = "partsync.stats.version";

  private PartsyncParameters() {}
}
