package io.partsync.config;

import io.partsync.config.ConfigKey.Presence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every key of the config file, with its default and what it means: the one list the loader checks keys
 * against and takes defaults from, and that the README's configuration reference is tested against.
 *
 * <p>The order is the order of the keys in "known keys here" messages; sections come before their keys.
 */
public final class ConfigKeys {
  /** The sections that say how to reach a cluster; each takes the {@link #cluster} keys. */
  public static final List<String> CLUSTER_SECTIONS = List.of("source", "target", "targets[]");

  private static final List<ConfigKey> ALL = new ArrayList<>();

  static {
    sourceKeys();
    required("target", "The cluster written to, unless targets lists several.");
    cluster("target");
    tableKeys();
    executorAndMetastoreKeys();
    targetsKeys();
    runKeys();
  }

  private static final Map<String, ConfigKey> BY_PATH = byPath();
  private static final Map<String, Set<String>> NAMES_UNDER = namesUnder();

  private ConfigKeys() {}

  private static void sourceKeys() {
    required("source", "The cluster the data is read from: the cluster keys and the source's own.");
    cluster("source");
    optional("source.read-replica", "none (read from the source cluster)",
        "Another file system holding the same files, to read the source's data files from.");
    required("source.read-replica.default-fs", "The replica's file system URI, e.g. hdfs://dr-nameservice.");
    optional("source.read-replica.properties", "none", "Hadoop client properties for the replica only.");
    optional("source.read-replica.path-map", "the source's file system URI to the replica's",
        "Source path prefixes to replica path prefixes, both full URIs.");
    value("source.read-replica.on-mismatch", "primary",
        "A file missing or different on the replica: primary reads it from the source, skip fails its partition.");
    value("source.snapshots", "off", "off, auto or required: read each table through an HDFS snapshot.");
    value("source.snapshots-keep", "1", "How many snapshots partsync created of a table stay after a run.");
    value("source.missing-directories", "fail",
        "A registered partition without a directory: fail fails it, empty copies it as empty.");
  }

  private static void tableKeys() {
    required("tables", "The tables to sync: db.table, a pattern, or a mapping of the keys below.");
    required("tables[].source", "Source table db.table, or a pattern with * and ? in either part.");
    optional("tables[].target", "same as source", "Target table db.table; one table only.");
    optional("tables[].target-database", "the source's database", "Target database of the tables selected.");
    optional("tables[].location", "target database location + / + table name",
        "Location of the target table when partsync creates it; one table only.");
    value("tables[].adopt", "false", "Whether partsync may take over a target table holding data it did not write.");
    optional("tables[].mode", "the run's mode", "incremental or full for the tables selected.");
    optional("tables[].filter", "all partitions", "A predicate on partition keys selecting the partitions.");
    optional("tables[].window", "all partitions", "The last days or hours of a date key, as of the run's start.");
    required("tables[].window.key", "The partition key holding dates or times.");
    required("tables[].window.last", "How far back: days (7d) or hours (36h).");
    value("tables[].window.format", "yyyy-MM-dd", "The date-time pattern of the key's values.");
    value("tables[].window.zone", "UTC", "The time zone the key's values are in.");
    optional("tables[].snapshots", "source.snapshots", "off, auto or required for the tables selected.");
    optional("tables[].snapshot", "none", "An existing snapshot of the table directory to read.");
  }

  private static void executorAndMetastoreKeys() {
    required("executors", "The virtual executors that copy the files.");
    required("executors.count", "Number of virtual executors, and of Spark executors (--num-executors).");
    required("executors.memory", "Memory per executor, e.g. 512m or 2g, passed as written to --executor-memory.");
    value("executors.cores", "1", "Cores per executor: --executor-cores and spark.task.cpus.");
    value("executors.streams", "4", "Files each executor copies at once.");
    value("executors.buffer-fraction", "0.5", "Share of the executor memory copy buffers may hold at once.");
    value("executors.wave-partitions", "10000", "Partitions listed and planned per wave.");
    value("executors.tasks", "4",
        "Copy tasks an executor's share of a wave is split into; an executor done first takes a slower one's queued tasks.");
    optional("executors.cost", "the previous run's figures, else measured defaults",
        "What copying costs, to balance the executors by time.");
    optional("executors.cost.stream-bandwidth", "64m", "Bytes per second one copy stream moves, e.g. 100m.");
    optional("executors.cost.per-file", "18ms", "Time per file beyond its bytes: create, close, checksum calls.");
    optional("executors.cost.per-partition", "9ms",
        "Time per partition beyond its files: its directory, listing and publish share.");

    optional("bandwidth", "none (no cap)", "A cap on the bytes per second the copy reads, as DistCp's -bandwidth.");
    optional("bandwidth.per-executor", "none (no cap)",
        "MB/s (1 MB = 1,048,576 bytes) each virtual executor may read, e.g. 50 or 0.5.");
    optional("bandwidth.per-run", "none (no cap)",
        "MB/s the whole run may read, split evenly across the executors.count virtual executors.");

    optional("metastore", "each key at its default", "How partsync talks to every metastore.");
    value("metastore.batch-size", "500", "Partitions per get, add and alter call.");
    value("metastore.attempts", "3", "Tries per metastore call when connecting fails or the connection breaks.");
    value("metastore.timeout", "60s", "Socket timeout of one metastore call after the first.");
  }

  private static void targetsKeys() {
    optional("targets", "none", "Target clusters of a fan-out run, instead of target.");
    required("targets[].name", "Names the target in messages and reports: letters, digits, - and _; unique.");
    cluster("targets[]");
    optional("targets[].database", "each table's own", "The database every table goes to on this target.");
    optional("targets[].location", "the target database's location",
        "The directory missing tables are created under on this target, as <location>/<database>.db/<table>.");
  }

  /** The keys of the run as a whole, after every section above in messages. */
  private static void runKeys() {
    value("on-target-failure", "continue", "continue: a failing target does not stop the others; abort: it does.");
    value("verify", "checksum", "How each copied file is checked: size or checksum.");
    value("mode", "incremental", "incremental copies new and changed partitions; full copies every partition.");
    value("compare", "listing", "How an incremental run knows a partition is unchanged: listing or checksum.");
    value("deletes", "keep", "Target partitions whose source partition is gone: keep, or drop.");
    value("views", "create", "A selected view reading tables the run does not replicate: create (and report them), or refuse.");
    optional("housekeeping", "each key at its default", "When superseded data is removed.");
    value("housekeeping.grace-period", "1h", "How long a superseded or dropped version stays on disk.");
    optional("lock", "each key at its default", "The lock a run holds on each target table.");
    value("lock.ttl", "2m", "How long a table lock lasts without renewal.");
    optional("report", "none (no report file)", "Where the run report is written.");
    optional("report.json", "none (no report file)", "Where to write the JSON run report: a local path or a URI.");
    optional("report.status", "none (no status file)",
        "Where to write the run's status (outcome, exit code, report, run id) at every exit: a local path or a URI.");
    optional("kerberos", "none (no Kerberos login)", "The identity the job runs as on Kerberized clusters.");
    required("kerberos.principal", "The principal to log in as, name@REALM or name/host@REALM.");
    required("kerberos.keytab", "Absolute local path of the principal's keytab.");
    value("connect-timeout", "20s",
        "How long a name node or metastore may take to accept a connection and answer a first call.");
  }

  /** Every key, in the order of the messages that list them. */
  public static List<ConfigKey> all() {
    return Collections.unmodifiableList(ALL);
  }

  /** The key at {@code path}, e.g. {@code executors.memory}; refuses a path that is no key. */
  public static ConfigKey key(String path) {
    ConfigKey key = BY_PATH.get(path);
    if (key == null) {
      throw new IllegalArgumentException("no config key '" + path + "'");
    }
    return key;
  }

  /** Whether {@code path} is a key, e.g. {@code executors.memory}. */
  public static boolean isKey(String path) {
    return BY_PATH.containsKey(path);
  }

  /** The names of the keys written in the mapping at {@code parent} ({@code ""} for the top), in order. */
  public static Set<String> namesUnder(String parent) {
    return NAMES_UNDER.getOrDefault(parent, Set.of());
  }

  /** The key path of a node's path: {@code tables[2].window} is written under {@code tables[].window}. */
  static String keyPath(String nodePath) {
    return nodePath.replaceAll("\\[\\d+]", "[]");
  }

  /** The keys of every section that says how to reach a cluster, once each for {@code section}. */
  private static void cluster(String section) {
    optional(section + ".hadoop-conf-dir", "none",
        "Directory of the cluster's core-site.xml, hdfs-site.xml and hive-site.xml, read on the driver.");
    optional(section + ".default-fs", "fs.defaultFS from the conf dir",
        "File system URI, e.g. hdfs://namenode:8020; one of hadoop-conf-dir or default-fs is required.");
    required(section + ".metastore-uris", "Metastore Thrift URIs thrift://host:port: one, comma-separated, or a list.");
    optional(section + ".catalog", "the metastore's default catalog",
        "The metastore catalog expected (Hive 3 and later); it must be the metastore's default catalog.");
    optional(section + ".properties", "none", "Hadoop and Hive client properties for this cluster only.");
  }

  private static void required(String path, String meaning) {
    ALL.add(new ConfigKey(path, Presence.REQUIRED, "required", meaning));
  }

  private static void value(String path, String value, String meaning) {
    ALL.add(new ConfigKey(path, Presence.DEFAULT_VALUE, value, meaning));
  }

  private static void optional(String path, String absent, String meaning) {
    ALL.add(new ConfigKey(path, Presence.OPTIONAL, absent, meaning));
  }

  private static Map<String, ConfigKey> byPath() {
    Map<String, ConfigKey> keys = new LinkedHashMap<>();
    for (ConfigKey key : ALL) {
      if (keys.put(key.path(), key) != null) {
        throw new IllegalStateException("config key '" + key.path() + "' is listed twice");
      }
    }
    return keys;
  }

  private static Map<String, Set<String>> namesUnder() {
    Map<String, Set<String>> names = new LinkedHashMap<>();
    for (ConfigKey key : ALL) {
      names.computeIfAbsent(key.parent(), parent -> new LinkedHashSet<>()).add(key.name());
    }
    names.replaceAll((parent, set) -> Collections.unmodifiableSet(set));
    return names;
  }
}
