package io.partsync.targets;

import io.partsync.config.TableMapping;
import io.partsync.failure.Outcomes;
import io.partsync.failure.SyncRefusedException;
import io.partsync.failure.TableFailure;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Storage;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreException;
import io.partsync.plan.Location;
import io.partsync.plan.WholeTable;
import io.partsync.source.SourceTables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks one target's tables against the source before anything is written, on either side: a refusal
 * leaves both clusters as they were. A missing database is created only with its table, when preparing.
 */
public final class TableCheck {
  private static final Logger LOG = LoggerFactory.getLogger(TableCheck.class);

  private final TargetConnection target;
  private final Metastore sourceMetastore;
  /** The source's file system, to read the schema files a replica gets copies of. */
  private final ClusterFileSystem sourceFs;
  /** The source cluster's default file system as configured, or null to take it from each table. */
  private final String sourceDefaultFs;
  /** See {@link #tableLocations()}. */
  private Map<String, String> tableLocations;

  public TableCheck(TargetConnection target, Metastore sourceMetastore, String sourceDefaultFs,
      ClusterFileSystem sourceFs) {
    this.target = target;
    this.sourceMetastore = sourceMetastore;
    this.sourceDefaultFs = sourceDefaultFs;
    this.sourceFs = sourceFs;
  }

  /** Checks each selected table as this target maps it; a table that cannot be synced is left out. */
  public Outcomes<CheckedTable> check(List<TableMapping> selected) {
    Outcomes.Builder<CheckedTable> outcomes = new Outcomes.Builder<>();
    Set<String> tables = new HashSet<>();
    for (TableMapping configured : selected) {
      TableMapping mapping = target.cluster().apply(configured);
      try {
        if (!tables.add(mapping.targetName())) {
          throw new SyncRefusedException("source table " + mapping.sourceName() + " would write target table "
              + mapping.targetName() + ", which another selected table writes; give it its own 'target'");
        }
        outcomes.keep(check(mapping));
      } catch (SyncRefusedException | MetastoreException e) {
        outcomes.fail(failure(target, mapping, mapping.targetName(), e.getMessage()));
      }
    }
    return outcomes.build();
  }

  /**
   * Asks the name node whether this run's user may write each table's location, writing nothing; a table
   * it may not is left out, before any lock or directory is made.
   */
  public static Outcomes<CheckedTable> checkWritable(TargetConnection target, List<CheckedTable> checked) {
    Outcomes.Builder<CheckedTable> outcomes = new Outcomes.Builder<>();
    for (CheckedTable table : checked) {
      String location = table.target().location();
      try {
        Optional<String> why = target.fs().whyNotWritable(location);
        if (why.isEmpty()) {
          outcomes.keep(table);
          continue;
        }
        outcomes.fail(failure(target, table.mapping(), table.target().qualifiedName(), "cannot write target table "
            + table.target().qualifiedName() + " at " + location + " on " + target.name() + ": " + why.get()
            + "; grant that user write access or run partsync as a user who has it"));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot check access to " + location + " on " + target.name() + ": "
            + e.getMessage(), e);
      }
    }
    return outcomes.build();
  }

  /** A table left out of this target, logged as it is reported. */
  public static TableFailure failure(TargetConnection target, TableMapping mapping, String targetTable,
      String reason) {
    LOG.error("{} is not synced to {} on {}: {}", mapping.sourceName(), targetTable, target.name(), reason);
    return new TableFailure(target.name(), mapping.sourceName(), targetTable, reason);
  }

  private CheckedTable check(TableMapping mapping) {
    HiveTable source = SourceTables.load(sourceMetastore, mapping.sourceDatabase(), mapping.sourceTable());
    SourceTables.checkSelection(mapping, source);
    Optional<HiveTable> existing = target.metastore().findTable(mapping.targetDatabase(), mapping.targetTable());
    return existing.isEmpty() ? checkNew(mapping, source) : checkExisting(mapping, source, existing.get());
  }

  private CheckedTable checkNew(TableMapping mapping, HiveTable source) {
    String defaultFs = target.defaultFs();
    Optional<String> existingDatabase = target.metastore().databaseLocation(mapping.targetDatabase());
    String databaseLocation = TargetTables.databaseLocation(target.metastore(), mapping.targetDatabase(),
        existingDatabase);
    String location;
    if (mapping.targetLocation() != null) {
      TargetLocations.checkConfigured(mapping.targetName(), mapping.targetLocation(), defaultFs);
      location = target.fs().qualify(mapping.targetLocation());
    } else {
      TargetLocations.checkDatabase(mapping.targetDatabase(), databaseLocation, existingDatabase.isPresent(),
          mapping.targetName(), defaultFs);
      location = databaseLocation + "/" + mapping.targetTable();
    }
    TargetLocations.checkNotSource(sides(source, mapping.targetName(), location, false));
    TargetLocations.checkApart(mapping.targetName(), location, defaultFs, tableLocations());
    TargetLocations.checkEmpty(target.fs(), mapping.targetName(), location);
    // A second table this check creates must not go where this one will be either.
    tableLocations.put(mapping.targetName(), location);
    HiveTable definition = TargetTables.newDefinition(source, mapping, location, sourceMetastore.uris());
    return new CheckedTable(mapping, source, selfContained(source, definition), false, databaseLocation);
  }

  private CheckedTable checkExisting(TableMapping mapping, HiveTable source, HiveTable current) {
    // An unpartitioned replica points at the version it holds; partsync works in its stable directory.
    HiveTable found = WholeTable.atRoot(current);
    TargetLocations.checkExisting(found, target.defaultFs());
    TargetLocations.checkNotSource(sides(source, found.qualifiedName(), found.location(), true));
    TargetTables.checkCompatible(source, found);
    TargetTables.checkReplica(mapping, source, found, target.metastore());
    if (WholeTable.is(found) && !TargetTables.isReplica(found) && !mapping.adopt()) {
      checkHoldsNoData(mapping, source, found);
    }
    if (mapping.targetLocation() != null && !found.location().endsWith(mapping.targetLocation())) {
      LOG.warn("target table {} already exists at {}; its configured location {} is not used",
          found.qualifiedName(), found.location(), mapping.targetLocation());
    }
    HiveTable wanted = selfContained(source, found);
    List<SourceUris.Rewrite> switches = SourceUris.rewrites(found, wanted);
    return new CheckedTable(mapping, source, wanted, true, null, switches);
  }

  /**
   * {@code target} with each source property naming the source's file system rewritten to the replica's
   * copy: a schema file gets a versioned copy beside the table; any other such property refuses the
   * table, naming it. Reads the schema files, writes nothing.
   */
  private HiveTable selfContained(HiveTable source, HiveTable target) {
    String fileSystem = Location.fileSystem(sourceDefaultFs != null ? sourceDefaultFs : source.location());
    Map<String, String> parameters = new java.util.HashMap<>(target.parameters());
    Map<String, String> serde = new java.util.HashMap<>(target.storage().serdeParameters());
    for (SourceUris.UriProperty property : SourceUris.onFileSystem(source, fileSystem)) {
      if (!SourceUris.isRewritten(property)) {
        throw new SyncRefusedException("source table " + source.qualifiedName() + " has the " + property.place()
            + " '" + property.key() + "' = " + property.value() + ", which names the source's file system; a"
            + " replica keeping it would read the source, and partsync rewrites only avro.schema.url and a"
            + " Spark table's path: remove or change it on the source, or leave the table out of 'tables'");
      }
      if (!property.key().equals(SourceUris.AVRO_SCHEMA_URL)) {
        continue; // a Spark table's path, which TargetTables.relocated points at the replica
      }
      String sourceUri = SourceUris.qualified(property.value(), fileSystem);
      String copy = SchemaFiles.targetUri(target.location(), sourceUri, readSchema(source, property, sourceUri));
      (property.place() == SourceUris.Place.TABLE ? parameters : serde).put(property.key(), copy);
    }
    if (parameters.equals(target.parameters()) && serde.equals(target.storage().serdeParameters())) {
      return target;
    }
    Storage s = target.storage();
    Storage storage = new Storage(s.inputFormat(), s.outputFormat(), s.serdeLibrary(), serde, s.compressed(),
        s.numBuckets(), s.bucketColumns(), s.sortColumns(), s.storedAsSubDirectories(), s.parameters());
    return new HiveTable(target.database(), target.name(), target.owner(), target.tableType(), target.location(),
        target.columns(), target.partitionKeys(), storage, parameters, target.viewOriginalText(), target.viewExpandedText());
  }

  private byte[] readSchema(HiveTable source, SourceUris.UriProperty property, String uri) {
    if (sourceFs == null) {
      throw new SyncRefusedException("source table " + source.qualifiedName() + ": cannot read its schema file "
          + uri + " (" + property.place() + " " + property.key() + ") without the source file system");
    }
    try {
      return SchemaFiles.read(sourceFs, uri);
    } catch (IOException e) {
      throw new SyncRefusedException("source table " + source.qualifiedName() + " has the " + property.place()
          + " '" + property.key() + "' = " + property.value() + ", but its schema cannot be read: "
          + e.getMessage() + "; fix the property or the file on the source");
    }
  }

  /**
   * Refuses an unpartitioned target table partsync did not write that holds files: publishing would replace
   * them with the source's. Its partitioned counterpart is a table with partitions.
   */
  private void checkHoldsNoData(TableMapping mapping, HiveTable source, HiveTable found) {
    List<String> files;
    try {
      files = target.fs().listDataFiles(found.location()).stream().map(f -> f.relativePath()).limit(1).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + found.location() + ", the location of target table "
          + found.qualifiedName() + ": " + e.getMessage(), e);
    }
    if (!files.isEmpty()) {
      throw new SyncRefusedException("target table " + found.qualifiedName() + " holds files partsync did not"
          + " write (" + files.get(0) + " in " + found.location() + "; it lacks the table parameter "
          + io.partsync.metastore.PartsyncParameters.SOURCE_TABLE + "); to let partsync replace them with "
          + source.qualifiedName() + "'s, set 'adopt: true' on this table in the config, or name another target");
    }
  }

  /**
   * The locations of the target metastore's tables, and of those this check already decided to create, by
   * table name: read once per check, and only when a table is to be created.
   */
  private Map<String, String> tableLocations() {
    if (tableLocations == null) {
      tableLocations = new TreeMap<>(target.metastore().tableLocations());
    }
    return tableLocations;
  }

  private TargetLocations.Sides sides(HiveTable source, String targetTable, String targetLocation, boolean exists) {
    return new TargetLocations.Sides(source, sourceDefaultFs != null ? sourceDefaultFs
        : Location.fileSystem(source.location()), sourceMetastore.uris(), targetTable, targetLocation, exists,
        target.defaultFs(), target.metastore().uris());
  }
}
