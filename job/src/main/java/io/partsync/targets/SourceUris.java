package io.partsync.targets;

import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Storage;
import io.partsync.plan.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The properties of a table that name a file on the source's file system: a replica keeping one would
 * read the source, or fail once the source is gone. Schema files are copied beside the replica and their
 * property rewritten, a Spark table's {@code path} is pointed at the replica (see
 * {@link TargetTables#relocated}); any other such property refuses the table.
 */
public final class SourceUris {
  /** Hive's Avro SerDe reads the table's schema from this URI, as a table or serde property. */
  public static final String AVRO_SCHEMA_URL = "avro.schema.url";
  /** Spark data source tables keep their directory in this serde property. */
  static final String SPARK_PATH = "path";
  /** Keys whose values are URIs, so a path without scheme in them is on the table's file system. */
  static final Set<String> URI_KEYS = Set.of(AVRO_SCHEMA_URL, SPARK_PATH);

  /** Where on a table or partition a property is. */
  public enum Place {
    TABLE("table property"), SERDE("serde property"), STORAGE("storage property");

    private final String description;

    Place(String description) {
      this.description = description;
    }

    @Override
    public String toString() {
      return description;
    }
  }

  /** A property whose value names a file on a file system. */
  public record UriProperty(Place place, String key, String value) {}

  /** A property a replica holds with another value than the source's: {@code from} on the source, {@code to}. */
  public record Rewrite(Place place, String key, String from, String to) {
    @Override
    public String toString() {
      return place + " " + key + ": " + from + " -> " + to;
    }
  }

  private SourceUris() {}

  /** The table's properties naming a file on {@code sourceFs} ({@code scheme://authority}). */
  public static List<UriProperty> onFileSystem(HiveTable table, String sourceFs) {
    List<UriProperty> found = new ArrayList<>();
    collect(Place.TABLE, table.parameters(), sourceFs, found);
    collect(Place.SERDE, table.storage().serdeParameters(), sourceFs, found);
    collect(Place.STORAGE, table.storage().parameters(), sourceFs, found);
    return found;
  }

  /** What partsync rewrites itself; every other property naming the source's file system refuses the table. */
  public static boolean isRewritten(UriProperty property) {
    return property.key().equals(AVRO_SCHEMA_URL)
        || property.place() == Place.SERDE && property.key().equals(SPARK_PATH);
  }

  /** Whether {@code value} names a file on {@code fileSystem}: qualified with it, or a bare path in a URI key. */
  static boolean namesFileSystem(String key, String value, String fileSystem) {
    String trimmed = value == null ? "" : value.strip();
    if (trimmed.isEmpty() || trimmed.contains("\n")) {
      return false;
    }
    if (trimmed.startsWith("/")) {
      return URI_KEYS.contains(key);
    }
    String lower = trimmed.toLowerCase(Locale.ROOT);
    String fs = fileSystem.toLowerCase(Locale.ROOT);
    if (!lower.startsWith(fs)) {
      return false;
    }
    // hdfs://nn:8020 names hdfs://nn:8020/x, not hdfs://nn:80201/x.
    return lower.length() == fs.length() || lower.charAt(fs.length()) == '/';
  }

  /** The location on {@code fileSystem} a bare or qualified URI names, qualified. */
  public static String qualified(String value, String fileSystem) {
    Location location = Location.of(value.strip(), fileSystem);
    return location.fileSystem() + location.path();
  }

  /**
   * The URI-valued properties the replica holds with other values than the source: what a dry run lists
   * and what partitions get in place of the source's values.
   */
  public static List<Rewrite> rewrites(HiveTable source, HiveTable target) {
    List<Rewrite> rewrites = new ArrayList<>();
    pair(Place.TABLE, source.parameters(), target.parameters(), rewrites);
    pair(Place.SERDE, source.storage().serdeParameters(), target.storage().serdeParameters(), rewrites);
    pair(Place.STORAGE, source.storage().parameters(), target.storage().parameters(), rewrites);
    return rewrites;
  }

  /** {@code storage} with each URI-valued serde or storage property the table's rewrites name rewritten too. */
  public static Storage rewritten(Storage storage, List<Rewrite> rewrites) {
    // The same instance when nothing is rewritten: every partition of a table otherwise gets a copy of it.
    if (rewritten(storage.serdeParameters(), rewrites) == storage.serdeParameters()
        && rewritten(storage.parameters(), rewrites) == storage.parameters()) {
      return storage;
    }
    return new Storage(storage.inputFormat(), storage.outputFormat(), storage.serdeLibrary(),
        rewritten(storage.serdeParameters(), rewrites), storage.compressed(), storage.numBuckets(),
        storage.bucketColumns(), storage.sortColumns(), storage.storedAsSubDirectories(),
        rewritten(storage.parameters(), rewrites));
  }

  /**
   * {@code parameters} with each value a rewrite maps from replaced by what it maps to, in URI keys; the
   * same map when no rewrite applies to it.
   */
  public static Map<String, String> rewritten(Map<String, String> parameters, List<Rewrite> rewrites) {
    if (rewrites.stream().noneMatch(r -> r.from() != null && r.from().equals(parameters.get(r.key())))) {
      return parameters;
    }
    Map<String, String> result = new java.util.HashMap<>(parameters);
    for (Rewrite rewrite : rewrites) {
      if (rewrite.from() != null && rewrite.from().equals(result.get(rewrite.key()))) {
        result.put(rewrite.key(), rewrite.to());
      }
    }
    return result;
  }

  private static void pair(Place place, Map<String, String> source, Map<String, String> target,
      List<Rewrite> rewrites) {
    for (String key : URI_KEYS) {
      String from = source.get(key);
      String to = target.get(key);
      if (from != null && to != null && !from.equals(to)) {
        rewrites.add(new Rewrite(place, key, from, to));
      }
    }
  }

  private static void collect(Place place, Map<String, String> properties, String fileSystem,
      List<UriProperty> found) {
    properties.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .filter(e -> namesFileSystem(e.getKey(), e.getValue(), fileSystem))
        .forEach(e -> found.add(new UriProperty(place, e.getKey(), e.getValue())));
  }
}
