package io.partsync.targets;

import io.partsync.config.TableMapping;
import io.partsync.failure.SyncRefusedException;
import io.partsync.metastore.HiveParameters;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.metastore.Storage;
import io.partsync.path.PathStrings;
import io.partsync.plan.MetadataVersion;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The target side of a table: checks an existing target table can take the source's files, or derives
 * the definition of a new one from the source.
 */
public final class TargetTables {
  private TargetTables() {}

  /**
   * Refuses an existing target that could not read the source's files as the source does, even after the
   * schema change partsync may apply (see {@link SchemaChange}); returns that change.
   */
  public static SchemaChange checkCompatible(HiveTable source, HiveTable target) {
    String name = target.qualifiedName();
    if (target.isView()) {
      throw refused(source, name, "is a view");
    }
    Storage s = source.storage();
    Storage t = target.storage();
    if (!Objects.equals(s.inputFormat(), t.inputFormat()) || !Objects.equals(s.serdeLibrary(), t.serdeLibrary())) {
      throw refused(source, name, "stores its data as " + t.inputFormat() + " / " + t.serdeLibrary()
          + " but the source's files are " + s.inputFormat() + " / " + s.serdeLibrary());
    }
    return SchemaChange.between(source, target);
  }

  /**
   * The existing target table as the source's metadata now has it, when that metadata differs from what
   * the target was made from: its recorded {@link MetadataVersion}, or, for a replica made before versions
   * were recorded, its own metadata. Columns, comments, SerDe, owner and descriptive parameters come from
   * the source; location, partition keys, table type and partsync's, the metastore's and the statistics'
   * parameters stay the target's. Call only once {@link #checkCompatible} accepted the pair.
   */
  public static Optional<HiveTable> metadataUpdate(HiveTable source, HiveTable target) {
    String wanted = MetadataVersion.of(source);
    String recorded = target.parameters().get(PartsyncParameters.METADATA_VERSION);
    if (wanted.equals(recorded != null ? recorded : MetadataVersion.of(target))) {
      return Optional.empty();
    }
    Map<String, String> parameters = new HashMap<>(target.parameters());
    parameters.keySet().removeAll(MetadataVersion.descriptive(HiveParameters.untranslated(target).parameters()).keySet());
    parameters.putAll(MetadataVersion.descriptive(HiveParameters.untranslated(source).parameters()));
    parameters.put(PartsyncParameters.METADATA_VERSION, wanted);
    return Optional.of(new HiveTable(target.database(), target.name(), source.owner(), target.tableType(),
        target.location(), source.columns(), target.partitionKeys(),
        relocated(source.storage(), target.location()), parameters));
  }

  /**
   * Refuses an existing target table that holds data partsync did not write, unless the config adopts it.
   * partsync stamps every table it creates or adopts, so an unstamped table with partitions is someone
   * else's.
   */
  public static void checkReplica(TableMapping mapping, HiveTable source, HiveTable target,
      Metastore targetMetastore) {
    if (isReplica(target) || mapping.adopt()) {
      return;
    }
    if (targetMetastore.hasPartitions(target.database(), target.name())) {
      throw new SyncRefusedException("target table " + target.qualifiedName() + " has partitions partsync did not "
          + "write (it lacks the table parameter " + PartsyncParameters.SOURCE_TABLE + "); to let partsync replace"
          + " them with " + source.qualifiedName() + "'s, set 'adopt: true' on this table in the config, or name "
          + "another target");
    }
  }

  public static boolean isReplica(HiveTable target) {
    return target.parameters().containsKey(PartsyncParameters.SOURCE_TABLE);
  }

  /** Stamps an existing table as partsync's replica of {@code source}, with an id; returns it as stamped. */
  public static HiveTable stamp(HiveTable target, HiveTable source, Metastore targetMetastore,
      String sourceMetastoreUris) {
    Map<String, String> stamp = Map.of(PartsyncParameters.SOURCE_TABLE, replicaOf(source, sourceMetastoreUris),
        PartsyncParameters.ADOPTED_AT, java.time.Instant.now().toString(), PartsyncParameters.TABLE_ID, newId());
    targetMetastore.setTableParameters(target.database(), target.name(), stamp);
    return withParameters(target, stamp);
  }

  /** A replica partsync made before tables had ids gets one; returns the table with its id. */
  public static HiveTable ensureId(HiveTable target, Metastore targetMetastore) {
    if (target.parameters().containsKey(PartsyncParameters.TABLE_ID)) {
      return target;
    }
    Map<String, String> id = Map.of(PartsyncParameters.TABLE_ID, newId());
    targetMetastore.setTableParameters(target.database(), target.name(), id);
    return withParameters(target, id);
  }

  /** The table's id, as its run directories' markers name it. */
  public static String id(HiveTable target) {
    return target.parameters().get(PartsyncParameters.TABLE_ID);
  }

  private static String newId() {
    return java.util.UUID.randomUUID().toString();
  }

  private static HiveTable withParameters(HiveTable table, Map<String, String> added) {
    Map<String, String> parameters = new HashMap<>(table.parameters());
    parameters.putAll(added);
    return new HiveTable(table.database(), table.name(), table.owner(), table.tableType(), table.location(),
        table.columns(), table.partitionKeys(), table.storage(), parameters, table.viewOriginalText(), table.viewExpandedText());
  }

  private static String replicaOf(HiveTable source, String sourceMetastoreUris) {
    return source.qualifiedName() + " at " + sourceMetastoreUris;
  }

  /**
   * The definition of a missing target table: the source's columns, keys, storage, type and data
   * properties, at {@code location}, with a new table id.
   */
  public static HiveTable newDefinition(HiveTable source, TableMapping mapping, String location,
      String sourceMetastoreUris) {
    HiveTable original = HiveParameters.untranslated(source);
    Map<String, String> parameters = new HashMap<>();
    original.parameters().forEach((key, value) -> {
      if (!HiveParameters.VOLATILE.contains(key) && !key.startsWith("spark.sql.statistics.")) {
        parameters.put(key, value);
      }
    });
    parameters.put(PartsyncParameters.SOURCE_TABLE, replicaOf(source, sourceMetastoreUris));
    parameters.put(PartsyncParameters.TABLE_ID, newId());
    parameters.put(PartsyncParameters.METADATA_VERSION, MetadataVersion.of(source));
    return new HiveTable(mapping.targetDatabase(), mapping.targetTable(), original.owner(), original.tableType(),
        location, original.columns(), original.partitionKeys(), relocated(original.storage(), location),
        parameters, null, null);
  }

  /** Storage pointing at a new location: Spark data source tables also keep their path as a serde parameter. */
  public static Storage relocated(Storage storage, String location) {
    if (!storage.serdeParameters().containsKey("path")) {
      return storage;
    }
    Map<String, String> serde = new HashMap<>(storage.serdeParameters());
    serde.put("path", location);
    return new Storage(storage.inputFormat(), storage.outputFormat(), storage.serdeLibrary(), serde,
        storage.compressed(), storage.numBuckets(), storage.bucketColumns(), storage.sortColumns(),
        storage.storedAsSubDirectories(), storage.parameters());
  }

  /**
   * The target database's location; for a missing database, where partsync will create it (only once the
   * table is created, after every check): {@code <database>.db} in the default database's warehouse, where
   * the metastore places a new database.
   */
  public static String databaseLocation(Metastore target, String database, Optional<String> existing) {
    String location = existing.orElseGet(() ->
        PathStrings.withoutTrailingSlash(target.databaseLocation("default").orElseThrow()) + "/" + database + ".db");
    return PathStrings.withoutTrailingSlash(location);
  }

  /** Creates the target database of a table about to be created, at the location its checks assumed. */
  public static void ensureDatabase(Metastore target, HiveTable table, HiveTable source,
      String databaseLocation) {
    if (target.databaseLocation(table.database()).isEmpty()) {
      target.createDatabase(table.database(), "created by partsync for " + source.qualifiedName(), databaseLocation);
    }
  }

  private static SyncRefusedException refused(HiveTable source, String target, String difference) {
    return new SyncRefusedException("target table " + target + " " + difference + "; it cannot hold the files of "
        + source.qualifiedName() + ". Fix or drop the target table, or name another target in the config");
  }
}
