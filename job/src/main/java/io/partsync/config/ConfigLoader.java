package io.partsync.config;

import io.partsync.failure.Echo;
import io.partsync.metastore.MetastoreSettings;
import io.partsync.select.PartitionFilter;
import io.partsync.select.RelativeWindow;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads and validates a partsync YAML config before any work starts. Every problem is reported as one
 * line naming the key and its line, e.g. {@code config error: 'executors.memory' must be a size ...}.
 */
public final class ConfigLoader {
  public static final int DEFAULT_BATCH_SIZE = 500;
  public static final int DEFAULT_ATTEMPTS = 3;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(20);
  public static final int DEFAULT_STREAMS = 4;
  public static final double DEFAULT_BUFFER_FRACTION = 0.5;

  private static final Set<String> TOP_KEYS = keys("source", "target", "tables", "executors", "metastore",
      "targets", "on-target-failure", "verify", "mode", "compare", "deletes", "housekeeping", "lock", "report",
      "kerberos", "connect-timeout");
  private static final Set<String> CLUSTER_KEYS = keys("hadoop-conf-dir", "default-fs", "metastore-uris",
      "properties");
  private static final Set<String> TARGET_KEYS = keys("name", "hadoop-conf-dir", "default-fs", "metastore-uris",
      "properties", "database", "location");
  private static final Pattern TARGET_NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Set<String> SOURCE_KEYS = keys("hadoop-conf-dir", "default-fs", "metastore-uris",
      "properties", "read-replica", "snapshots", "snapshots-keep", "missing-directories");
  private static final Set<String> TABLE_KEYS = keys("source", "target", "target-database", "location", "adopt",
      "mode", "filter", "window", "snapshots", "snapshot");
  private static final Set<String> WINDOW_KEYS = keys("key", "last", "format", "zone");
  private static final Set<String> REPLICA_KEYS = keys("default-fs", "properties", "path-map", "on-mismatch");
  private static final Set<String> HOUSEKEEPING_KEYS = keys("grace-period");
  private static final Set<String> LOCK_KEYS = keys("ttl");
  private static final Set<String> EXECUTOR_KEYS = keys("count", "memory", "cores", "streams",
      "buffer-fraction", "wave-partitions");
  private static final Set<String> METASTORE_KEYS = keys("batch-size", "attempts", "timeout");
  private static final Set<String> REPORT_KEYS = keys("json");
  private static final Set<String> KERBEROS_KEYS = keys("principal", "keytab");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");
  private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_*?]+");
  private static final long MIN_BUFFER_BYTES = 64 * 1024;
  // A date-time pattern or zone id is a few dozen characters; a filter may list many values with 'in'.
  private static final int MAX_WINDOW_TEXT = 64;
  private static final int MAX_FILTER = 65_536;

  private ConfigLoader() {}

  public static SyncConfig load(Path file) {
    return parse(read(file), file.getFileName().toString());
  }

  /** The file's text; a file that is missing, a directory, unreadable, too large or not text is one line. */
  private static String read(Path file) {
    String what = "config error: config file " + Echo.of(file.toString());
    if (Files.isDirectory(file)) {
      throw new ConfigException(what + " is a directory; give the path of a YAML file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // One byte past the limit is enough to refuse: a file given by mistake may be any size.
      bytes = in.readNBytes(Limits.MAX_FILE_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new ConfigException(what + " not found");
    } catch (AccessDeniedException e) {
      throw new ConfigException(what + " cannot be read: permission denied; make it readable by the user"
          + " running partsync");
    } catch (IOException e) {
      throw new ConfigException(what + " cannot be read: " + Echo.of(String.valueOf(e.getMessage())));
    }
    if (bytes.length > Limits.MAX_FILE_BYTES) {
      throw new ConfigException(what + " is larger than " + Limits.MAX_FILE_BYTES + " bytes (2 MiB), the"
          + " limit of a config; is it the right file?");
    }
    return text(bytes, what);
  }

  /** Decodes UTF-8 strictly, refusing control characters YAML does not allow, naming the first bad byte. */
  private static String text(byte[] bytes, String what) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
    if (result.isError()) {
      throw new ConfigException(what + " is not UTF-8 text (byte " + hex(bytes[in.position()]) + " at offset "
          + in.position() + "); a config is a YAML text file");
    }
    String text = out.flip().toString();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f) {
        int offset = text.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
        throw new ConfigException(what + " is binary, not YAML text (byte " + hex((byte) c) + " at offset "
            + offset + ")");
      }
    }
    return text;
  }

  private static String hex(byte b) {
    return String.format(Locale.ROOT, "0x%02x", b & 0xff);
  }

  public static SyncConfig parse(String yamlText, String sourceName) {
    ConfigNode root = new ConfigNode(sourceName, "", compose(yamlText, sourceName));
    Map<String, ConfigNode> top = root.mapping(TOP_KEYS);
    return new SyncConfig(
        cluster("source", requiredNode(root, top, "source")),
        targets(root, top),
        onTargetFailure(top.get("on-target-failure")),
        tables(requiredNode(root, top, "tables"), choice(requiredNode(root, top, "source").mapping(SOURCE_KEYS)
            .get("snapshots"), SnapshotMode.class, SnapshotMode.OFF)),
        executors(requiredNode(root, top, "executors")),
        metastore(top.get("metastore")),
        verify(top.get("verify")),
        choice(top.get("mode"), SyncMode.class, SyncMode.INCREMENTAL),
        choice(top.get("compare"), CompareMode.class, CompareMode.LISTING),
        choice(top.get("deletes"), DeletesMode.class, DeletesMode.KEEP),
        safety(top.get("housekeeping"), top.get("lock")),
        report(top.get("report")),
        readReplica(requiredNode(root, top, "source").mapping(SOURCE_KEYS).get("read-replica")),
        snapshotsKeep(requiredNode(root, top, "source").mapping(SOURCE_KEYS).get("snapshots-keep")),
        kerberos(top.get("kerberos")),
        connectTimeout(top.get("connect-timeout")),
        choice(requiredNode(root, top, "source").mapping(SOURCE_KEYS).get("missing-directories"),
            MissingDirectories.class, MissingDirectories.FAIL));
  }

  private static Duration connectTimeout(ConfigNode node) {
    if (node == null) {
      return DEFAULT_CONNECT_TIMEOUT;
    }
    Duration timeout = duration(node, Duration.ofSeconds(1), "10s or 1m");
    atMost(node, timeout, Limits.MAX_CONNECT_TIMEOUT, Limits.CONNECT_TIMEOUT_WHY);
    return timeout;
  }


  private static Optional<KerberosSettings> kerberos(ConfigNode node) {
    if (node == null) {
      return Optional.empty();
    }
    Map<String, ConfigNode> entries = node.mapping(KERBEROS_KEYS);
    ConfigNode principal = requiredNode(node, entries, "principal");
    if (!principal.text().matches("[^\\s@/]+(/[^\\s@/]+)?@[^\\s@/]+")) {
      throw principal.error("must be a Kerberos principal such as partsync@EXAMPLE.COM or"
          + " partsync/host@EXAMPLE.COM, " + ConfigNode.got(principal.text()));
    }
    ConfigNode keytab = requiredNode(node, entries, "keytab");
    if (!keytab.text().startsWith("/")) {
      throw keytab.error("must be the absolute local path of the principal's keytab, "
          + ConfigNode.got(keytab.text()));
    }
    return Optional.of(new KerberosSettings(principal.text(), keytab.text()));
  }

  private static List<TargetCluster> targets(ConfigNode root, Map<String, ConfigNode> top) {
    if (top.containsKey("target") == top.containsKey("targets")) {
      throw top.containsKey("target") ? top.get("targets").error("cannot be given with 'target'; list every"
          + " target cluster under 'targets'") : root.missing("target");
    }
    if (top.containsKey("target")) {
      return List.of(new TargetCluster("target", cluster("target", top.get("target")), null, null));
    }
    List<TargetCluster> targets = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    List<ConfigNode> items = top.get("targets").sequence();
    for (int i = 0; i < items.size(); i++) {
      ConfigNode item = items.get(i);
      Map<String, ConfigNode> entries = item.mapping(TARGET_KEYS);
      ConfigNode nameNode = requiredNode(item, entries, "name");
      String name = nameNode.text();
      if (!TARGET_NAME.matcher(name).matches()) {
        throw nameNode.error("must be a short name of letters, digits, '-' or '_', " + ConfigNode.got(name));
      }
      if (!names.add(name)) {
        throw nameNode.error("names target '" + Echo.of(name) + "' a second time");
      }
      Map<String, ConfigNode> clusterEntries = new LinkedHashMap<>(entries);
      String database = databaseName(clusterEntries.remove("database"));
      ConfigNode locationNode = clusterEntries.remove("location");
      String location = locationNode == null ? null : locationNode.text();
      if (location != null && !location.contains("://") && !location.startsWith("/")) {
        throw locationNode.error("must be an absolute path or a URI, " + ConfigNode.got(location));
      }
      targets.add(new TargetCluster(name, cluster("targets[" + i + "]", item), database, location));
    }
    if (targets.isEmpty()) {
      throw top.get("targets").error("lists no target; add at least one");
    }
    return targets;
  }

  private static int snapshotsKeep(ConfigNode node) {
    return node == null ? 1 : node.wholeNumber(1, Limits.MAX_SNAPSHOTS_KEEP, Limits.SNAPSHOTS_WHY);
  }

  private static boolean onTargetFailure(ConfigNode node) {
    if (node == null) {
      return false;
    }
    if (!List.of("continue", "abort").contains(node.text())) {
      throw node.error("must be 'continue' (the other targets still publish) or 'abort', "
          + ConfigNode.got(node.text()));
    }
    return node.text().equals("abort");
  }

  private static ReadReplica readReplica(ConfigNode node) {
    if (node == null) {
      return null;
    }
    Map<String, ConfigNode> entries = node.mapping(REPLICA_KEYS);
    ConfigNode fsNode = requiredNode(node, entries, "default-fs");
    if (!fsNode.text().contains("://")) {
      throw fsNode.error("must be a file system URI such as hdfs://dr-namenode:8020, "
          + ConfigNode.got(fsNode.text()));
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (entries.containsKey("properties")) {
      entries.get("properties").entries().forEach((key, value) -> properties.put(key, value.text()));
    }
    List<Map.Entry<String, String>> pathMap = new ArrayList<>();
    if (entries.containsKey("path-map")) {
      entries.get("path-map").entries().forEach((from, to) -> {
        if (!from.contains("://") || !to.text().contains("://")) {
          throw to.error("maps '" + Echo.of(from) + "' to '" + Echo.of(to.text()) + "'; both must be full URIs such as"
              + " hdfs://namenode:8020/warehouse");
        }
        pathMap.add(Map.entry(from, to.text()));
      });
    }
    boolean fallback = true;
    if (entries.containsKey("on-mismatch")) {
      ConfigNode mismatch = entries.get("on-mismatch");
      if (!List.of("primary", "skip").contains(mismatch.text())) {
        throw mismatch.error("must be 'primary' (read such a file from the source cluster) or 'skip' (fail"
            + " its partition), " + ConfigNode.got(mismatch.text()));
      }
      fallback = mismatch.text().equals("primary");
    }
    return new ReadReplica(fsNode.text(), properties, pathMap, fallback);
  }

  private static Node compose(String yamlText, String sourceName) {
    try {
      Node node = new Yaml(new SafeConstructor(loaderOptions())).compose(new StringReader(yamlText));
      if (node == null) {
        throw new ConfigException("config error: " + sourceName + " is empty");
      }
      return node;
    } catch (MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      throw new ConfigException("config error: " + sourceName + " is not valid YAML at line " + line + ": "
          + Echo.of(String.valueOf(e.getProblem()), 200));
    } catch (YAMLException e) {
      throw new ConfigException("config error: " + sourceName + " " + limitExceeded(e));
    }
  }

  /**
   * Limits that keep a hostile or mistaken file from exhausting the driver: an alias bomb ("billion laughs")
   * expands a few lines into billions of nodes; deep nesting overflows the stack.
   */
  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(Limits.MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(Limits.MAX_NESTING);
    options.setCodePointLimit(Limits.MAX_FILE_BYTES);
    return options;
  }

  /** SnakeYAML says which limit only in its message; each becomes a sentence naming our bound. */
  private static String limitExceeded(YAMLException e) {
    String problem = String.valueOf(e.getMessage());
    if (problem.startsWith("Number of aliases")) {
      return "uses more than " + Limits.MAX_COLLECTION_ALIASES + " aliases (*name) of lists or mappings, the"
          + " limit that stops an alias bomb; write those values out instead";
    }
    if (problem.startsWith("Nesting Depth")) {
      return "nests lists and mappings more than " + Limits.MAX_NESTING + " levels deep, the limit of a config";
    }
    if (problem.contains("exceeds the limit")) {
      return "is longer than " + Limits.MAX_FILE_BYTES + " characters, the limit of a config";
    }
    if (problem.startsWith("Recursive key")) {
      return "has a mapping that is its own key (a recursive alias), which a config cannot use";
    }
    return "is not valid YAML: " + Echo.of(problem, 200);
  }

  private static ClusterConfig cluster(String role, ConfigNode node) {
    Map<String, ConfigNode> entries = node.mapping(role.equals("source") ? SOURCE_KEYS
        : role.startsWith("targets[") ? TARGET_KEYS : CLUSTER_KEYS);
    String confDir = optionalText(entries, "hadoop-conf-dir");
    String defaultFs = optionalText(entries, "default-fs");
    if (confDir == null && defaultFs == null) {
      throw node.error("needs 'hadoop-conf-dir' or 'default-fs' to reach the " + role + " file system");
    }
    if (defaultFs != null && !defaultFs.contains("://")) {
      throw entries.get("default-fs").error("must be a file system URI such as hdfs://namenode:8020, "
          + ConfigNode.got(defaultFs));
    }
    ConfigNode urisNode = entries.get("metastore-uris");
    if (urisNode == null) {
      throw node.error("needs 'metastore-uris' (e.g. thrift://metastore:9083)");
    }
    List<String> uris = new ArrayList<>();
    List<ConfigNode> uriNodes = urisNode.isScalar() ? List.of(urisNode) : urisNode.sequence();
    for (ConfigNode uriNode : uriNodes) {
      for (String uri : uriNode.text().split(",")) {
        if (!uri.trim().startsWith("thrift://")) {
          throw uriNode.error("must be thrift://host:port, " + ConfigNode.got(uri.trim()));
        }
        uris.add(uri.trim());
      }
    }
    Map<String, String> properties = new LinkedHashMap<>();
    if (entries.containsKey("properties")) {
      entries.get("properties").entries().forEach((key, value) -> properties.put(key, value.text()));
    }
    return new ClusterConfig(role, confDir, defaultFs, uris, properties);
  }

  private static List<TableSelection> tables(ConfigNode node, SnapshotMode snapshots) {
    List<TableSelection> tables = new ArrayList<>();
    Set<String> targets = new LinkedHashSet<>();
    List<ConfigNode> items = node.sequence();
    for (int i = 0; i < items.size(); i++) {
      ConfigNode item = items.get(i);
      String entry = "tables[" + i + "]";
      TableSelection selection = item.isScalar()
          ? new TableSelection(sourceName(item)[0], sourceName(item)[1], null, null, null, false, null, null, null,
              snapshots, null, entry)
          : tableEntry(item, entry, snapshots);
      if (!selection.isPattern()) {
        String target = selection.mapping(selection.database(), selection.table()).targetName();
        if (!targets.add(target)) {
          throw item.error("writes target table " + target + " a second time");
        }
      }
      tables.add(selection);
    }
    if (tables.isEmpty()) {
      throw node.error("lists no table; add at least one db.table");
    }
    return tables;
  }

  private static TableSelection tableEntry(ConfigNode item, String entry, SnapshotMode snapshots) {
    Map<String, ConfigNode> entries = item.mapping(TABLE_KEYS);
    ConfigNode source = entries.get("source");
    if (source == null) {
      throw item.error("needs 'source: db.table' (or a pattern such as sales.*)");
    }
    String[] sourceName = sourceName(source);
    boolean pattern = TableSelection.isPattern(sourceName[0]) || TableSelection.isPattern(sourceName[1]);
    String[] targetName = null;
    if (entries.containsKey("target")) {
      if (pattern) {
        throw entries.get("target").error("names one table, but 'source' is a pattern; use 'target-database'"
            + " to sync the tables it selects into another database");
      }
      if (entries.containsKey("target-database")) {
        throw entries.get("target-database").error("cannot be given with 'target', which names the database");
      }
      targetName = qualifiedName(entries.get("target"));
    }
    String targetDatabase = targetName != null ? targetName[0] : databaseName(entries.get("target-database"));
    String location = optionalText(entries, "location");
    if (location != null) {
      if (pattern) {
        throw entries.get("location").error("is one table's location, but 'source' is a pattern");
      }
      if (!location.contains("://") && !location.startsWith("/")) {
        throw entries.get("location").error("must be an absolute path or a URI, " + ConfigNode.got(location));
      }
    }
    boolean adopt = entries.containsKey("adopt") && entries.get("adopt").bool();
    SyncMode mode = entries.containsKey("mode") ? choice(entries.get("mode"), SyncMode.class, null) : null;
    SnapshotMode tableSnapshots = choice(entries.get("snapshots"), SnapshotMode.class, snapshots);
    String snapshot = optionalText(entries, "snapshot");
    if (snapshot != null && tableSnapshots == SnapshotMode.OFF) {
      throw entries.get("snapshot").error("names a snapshot to read, but snapshots are off for this table; set"
          + " 'snapshots: required' (or auto)");
    }
    if (snapshot != null && pattern) {
      throw entries.get("snapshot").error("is one table's snapshot, but 'source' is a pattern");
    }
    return new TableSelection(sourceName[0], sourceName[1], targetDatabase, targetName == null ? null : targetName[1],
        location, adopt, mode, filter(entries.get("filter")), window(entries.get("window")), tableSnapshots,
        snapshot, entry);
  }

  private static PartitionFilter filter(ConfigNode node) {
    if (node == null) {
      return null;
    }
    try {
      return PartitionFilter.parse(shortText(node, MAX_FILTER, "a partition filter"));
    } catch (IllegalArgumentException e) {
      throw node.error("is not a valid partition filter: " + e.getMessage());
    }
  }

  private static RelativeWindow window(ConfigNode node) {
    if (node == null) {
      return null;
    }
    Map<String, ConfigNode> entries = node.mapping(WINDOW_KEYS);
    String key = shortText(requiredNode(node, entries, "key"), Limits.MAX_NAME, "a partition key name");
    String last = shortText(requiredNode(node, entries, "last"), 20, "a number of days or hours");
    String format = entries.containsKey("format")
        ? shortText(entries.get("format"), MAX_WINDOW_TEXT, "a date-time pattern") : "yyyy-MM-dd";
    String zone = entries.containsKey("zone")
        ? shortText(entries.get("zone"), MAX_WINDOW_TEXT, "a time zone id") : "UTC";
    try {
      return RelativeWindow.parse(key, last, format, zone);
    } catch (IllegalArgumentException | java.time.DateTimeException e) {
      throw node.error("is not a valid window: " + e.getMessage());
    }
  }

  /** The node's text, refused when longer than {@code max} characters that no {@code what} needs. */
  private static String shortText(ConfigNode node, int max, String what) {
    String text = node.text();
    int length = text.codePointCount(0, text.length());
    if (length > max) {
      throw node.error("is " + length + " characters long, '" + Echo.of(text) + "'; " + what + " has at most "
          + max);
    }
    return text;
  }

  /** A source table name or pattern as db.table; {@code *} and {@code ?} are allowed in either part. */
  private static String[] sourceName(ConfigNode node) {
    String text = node.text();
    String[] parts = text.split("\\.", -1);
    if (parts.length != 2 || !PATTERN.matcher(parts[0]).matches() || !PATTERN.matcher(parts[1]).matches()) {
      throw node.error("must be a table name or pattern as db.table (e.g. sales.orders, sales.*,"
          + " logs.events_*), " + ConfigNode.got(text));
    }
    checkLength(node, parts);
    return new String[] {parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT)};
  }

  private static String databaseName(ConfigNode node) {
    if (node == null) {
      return null;
    }
    String text = node.text();
    if (!NAME.matcher(text).matches()) {
      throw node.error("must be a database name, " + ConfigNode.got(text));
    }
    checkLength(node, text);
    return text.toLowerCase(Locale.ROOT);
  }

  private static String[] qualifiedName(ConfigNode node) {
    String text = node.text();
    String[] parts = text.split("\\.", -1);
    if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !NAME.matcher(parts[1]).matches()) {
      throw node.error("must be a table name as db.table, " + ConfigNode.got(text));
    }
    checkLength(node, parts);
    return new String[] {parts[0].toLowerCase(Locale.ROOT), parts[1].toLowerCase(Locale.ROOT)};
  }

  /** Refuses a database or table name longer than Hive allows, which no metastore could hold. */
  private static void checkLength(ConfigNode node, String... names) {
    for (String name : names) {
      int length = name.codePointCount(0, name.length());
      if (length > Limits.MAX_NAME) {
        throw node.error("has a name of " + length + " characters, '" + Echo.of(name) + "'; Hive allows at most "
            + Limits.MAX_NAME + " in a database or table name");
      }
    }
  }

  private static ExecutorSettings executors(ConfigNode node) {
    Map<String, ConfigNode> entries = node.mapping(EXECUTOR_KEYS);
    int count = requiredNode(node, entries, "count").wholeNumber(1, Limits.MAX_EXECUTORS, Limits.EXECUTORS_WHY);
    ConfigNode memoryNode = requiredNode(node, entries, "memory");
    String memory = memoryNode.text();
    long memoryBytes = Sizes.parseBytes(memory);
    if (memoryBytes <= 0) {
      throw memoryNode.error("must be a size such as 512m or 2g, " + ConfigNode.got(memory));
    }
    if (memoryBytes > Limits.MAX_EXECUTOR_MEMORY) {
      throw memoryNode.error("must be at most 1t (" + Limits.MEMORY_WHY + "), " + ConfigNode.got(memory));
    }
    int cores = entries.containsKey("cores")
        ? entries.get("cores").wholeNumber(1, Limits.MAX_CORES, Limits.CORES_WHY) : 1;
    int streams = entries.containsKey("streams")
        ? entries.get("streams").wholeNumber(1, Limits.MAX_STREAMS, Limits.STREAMS_WHY) : DEFAULT_STREAMS;
    double fraction = DEFAULT_BUFFER_FRACTION;
    if (entries.containsKey("buffer-fraction")) {
      ConfigNode fractionNode = entries.get("buffer-fraction");
      try {
        fraction = Double.parseDouble(fractionNode.text());
      } catch (NumberFormatException e) {
        fraction = -1;
      }
      if (!(fraction > 0 && fraction <= 0.9)) {
        throw fractionNode.error("must be a number above 0 and at most 0.9, "
            + ConfigNode.got(fractionNode.text()));
      }
    }
    int wave = entries.containsKey("wave-partitions")
        ? entries.get("wave-partitions").wholeNumber(1, Limits.MAX_WAVE_PARTITIONS, Limits.WAVE_WHY)
        : ExecutorSettings.DEFAULT_WAVE_PARTITIONS;
    ExecutorSettings settings = new ExecutorSettings(count, memory, memoryBytes, cores, streams, fraction, wave);
    if (settings.bufferBudgetBytes() < MIN_BUFFER_BYTES * streams) {
      throw memoryNode.error("leaves " + settings.bufferBudgetBytes() + " bytes of copy buffer for " + streams
          + " streams; give at least " + (long) Math.ceil(MIN_BUFFER_BYTES * streams / fraction)
          + " bytes or fewer streams");
    }
    return settings;
  }

  private static MetastoreSettings metastore(ConfigNode node) {
    if (node == null) {
      return new MetastoreSettings(DEFAULT_BATCH_SIZE, DEFAULT_ATTEMPTS, DEFAULT_TIMEOUT);
    }
    Map<String, ConfigNode> entries = node.mapping(METASTORE_KEYS);
    int batchSize = entries.containsKey("batch-size")
        ? entries.get("batch-size").wholeNumber(1, Limits.MAX_BATCH_SIZE, Limits.BATCH_WHY) : DEFAULT_BATCH_SIZE;
    int attempts = entries.containsKey("attempts")
        ? entries.get("attempts").wholeNumber(1, Limits.MAX_ATTEMPTS, Limits.ATTEMPTS_WHY) : DEFAULT_ATTEMPTS;
    Duration timeout = DEFAULT_TIMEOUT;
    if (entries.containsKey("timeout")) {
      ConfigNode timeoutNode = entries.get("timeout");
      timeout = Sizes.parseDuration(timeoutNode.text());
      if (timeout == null || timeout.toSeconds() < 1) {
        throw timeoutNode.error("must be a duration of at least 1s such as 30s or 2m, "
            + ConfigNode.got(timeoutNode.text()));
      }
      atMost(timeoutNode, timeout, Limits.MAX_METASTORE_TIMEOUT, Limits.TIMEOUT_WHY);
    }
    return new MetastoreSettings(batchSize, attempts, timeout);
  }

  private static <E extends Enum<E>> E choice(ConfigNode node, Class<E> type, E fallback) {
    if (node == null) {
      return fallback;
    }
    String text = node.text();
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(text)) {
        return value;
      }
    }
    throw node.error("must be one of " + java.util.Arrays.stream(type.getEnumConstants())
        .map(v -> "'" + v.name().toLowerCase(Locale.ROOT) + "'").collect(java.util.stream.Collectors.joining(", "))
        + ", " + ConfigNode.got(text));
  }

  private static SafetySettings safety(ConfigNode housekeeping, ConfigNode lock) {
    Duration grace = SafetySettings.DEFAULT_GRACE_PERIOD;
    if (housekeeping != null) {
      ConfigNode node = housekeeping.mapping(HOUSEKEEPING_KEYS).get("grace-period");
      if (node != null) {
        grace = duration(node, Duration.ZERO, "0s, 30m or 2h");
        atMost(node, grace, Limits.MAX_GRACE_PERIOD, Limits.GRACE_WHY);
      }
    }
    Duration ttl = SafetySettings.DEFAULT_LOCK_TTL;
    if (lock != null) {
      ConfigNode node = lock.mapping(LOCK_KEYS).get("ttl");
      if (node != null) {
        ttl = duration(node, Duration.ofSeconds(10), "10m or 1h; at least 10s");
        atMost(node, ttl, Limits.MAX_LOCK_TTL, Limits.TTL_WHY);
      }
    }
    return new SafetySettings(grace, ttl);
  }

  private static Duration duration(ConfigNode node, Duration minimum, String examples) {
    Duration value = Sizes.parseDuration(node.text());
    if (value == null || value.compareTo(minimum) < 0) {
      throw node.error("must be a duration such as " + examples + ", " + ConfigNode.got(node.text()));
    }
    return value;
  }

  private static void atMost(ConfigNode node, Duration value, Duration max, String why) {
    if (value.compareTo(max) > 0) {
      throw node.error("must be at most " + human(max) + " (" + why + "), " + ConfigNode.got(node.text()));
    }
  }

  /** A bound as the config writes it: 1h, 30d is 720h. */
  private static String human(Duration duration) {
    return duration.toMinutes() % 60 != 0 ? duration.toMinutes() + "m" : duration.toHours() + "h";
  }

  private static VerifyMode verify(ConfigNode node) {
    if (node == null) {
      return VerifyMode.CHECKSUM;
    }
    String text = node.text();
    for (VerifyMode mode : VerifyMode.values()) {
      if (mode.name().equalsIgnoreCase(text)) {
        return mode;
      }
    }
    throw node.error("must be 'size' or 'checksum', " + ConfigNode.got(text));
  }

  private static Optional<String> report(ConfigNode node) {
    if (node == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(optionalText(node.mapping(REPORT_KEYS), "json"));
  }

  private static ConfigNode requiredNode(ConfigNode parent, Map<String, ConfigNode> entries, String key) {
    ConfigNode node = entries.get(key);
    if (node == null) {
      throw parent.missing(key);
    }
    return node;
  }

  private static String optionalText(Map<String, ConfigNode> entries, String key) {
    ConfigNode node = entries.get(key);
    return node == null ? null : node.text();
  }

  private static Set<String> keys(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }
}
