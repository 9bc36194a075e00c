package io.partsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  private static final String VALID = """
      source:
        default-fs: hdfs://src-nn:8020
        metastore-uris: thrift://src-hms:9083
      target:
        default-fs: hdfs://dst-nn:8020
        metastore-uris: [thrift://dst-hms-1:9083, thrift://dst-hms-2:9083]
        properties:
          dfs.replication: "2"
      tables:
        - sales.orders
        - source: logs.Events
          target: replica.events
          location: /data/replica/events
      executors:
        count: 4
        memory: 2g
      """;

  @Test
  void readsAValidConfigWithDefaults() {
    SyncConfig config = ConfigLoader.parse(VALID, "sync.yaml");
    assertEquals("hdfs://src-nn:8020", config.source().defaultFs());
    assertEquals(List.of("thrift://dst-hms-1:9083", "thrift://dst-hms-2:9083"), config.targets().get(0).cluster().metastoreUris());
    assertEquals("2", config.targets().get(0).cluster().properties().get("dfs.replication"));
    assertEquals(2, config.tables().size());
    assertEquals("sales.orders", mapping(config.tables().get(0)).targetName());
    TableMapping events = mapping(config.tables().get(1));
    assertEquals("logs.events", events.sourceName());
    assertEquals("replica.events", events.targetName());
    assertEquals("/data/replica/events", events.targetLocation());
    assertEquals(4, config.executors().count());
    assertEquals(2L << 30, config.executors().memoryBytes());
    assertEquals(1, config.executors().cores());
    assertEquals(ConfigLoader.DEFAULT_STREAMS, config.executors().streams());
    assertEquals(1L << 30, config.executors().bufferBudgetBytes());
    assertEquals(ConfigLoader.DEFAULT_BATCH_SIZE, config.metastore().batchSize());
    assertEquals(VerifyMode.CHECKSUM, config.verify());
    assertEquals(SyncMode.INCREMENTAL, config.mode());
    assertEquals(CompareMode.LISTING, config.compare());
    assertEquals(DeletesMode.KEEP, config.deletes());
    assertEquals(Duration.ofHours(1), config.safety().gracePeriod());
    assertEquals(Duration.ofMinutes(2), config.safety().lockTtl());
    assertTrue(!config.tables().get(1).adopt());
    assertTrue(config.reportPath().isEmpty());
  }

  @Test
  void readsOptionalSections() {
    SyncConfig config = ConfigLoader.parse(VALID.replace("  memory: 2g", """
          memory: 512m
          cores: 2
          streams: 8
          buffer-fraction: 0.25
        metastore:
          batch-size: 100
          attempts: 5
          timeout: 2m
        verify: size
        mode: full
        compare: checksum
        deletes: drop
        housekeeping:
          grace-period: 30m
        lock:
          ttl: 2m
        report:
          json: hdfs://dst-nn:8020/reports/run.json
          status: hdfs://dst-nn:8020/reports/run.status.json
        """), "sync.yaml");
    assertEquals(2, config.executors().cores());
    assertEquals(8, config.executors().streams());
    assertEquals(128L << 20, config.executors().bufferBudgetBytes());
    assertEquals(100, config.metastore().batchSize());
    assertEquals(5, config.metastore().attempts());
    assertEquals(Duration.ofMinutes(2), config.metastore().timeout());
    assertEquals(VerifyMode.SIZE, config.verify());
    assertEquals(SyncMode.FULL, config.mode());
    assertEquals(CompareMode.CHECKSUM, config.compare());
    assertEquals(DeletesMode.DROP, config.deletes());
    assertEquals(Duration.ofMinutes(30), config.safety().gracePeriod());
    assertEquals(Duration.ofMinutes(2), config.safety().lockTtl());
    assertEquals("hdfs://dst-nn:8020/reports/run.json", config.reportPath().orElseThrow());
    assertEquals("hdfs://dst-nn:8020/reports/run.status.json", config.statusPath().orElseThrow());
  }

  @Test
  void theDocumentedExampleIsValid() {
    SyncConfig config = ConfigLoader.load(Path.of("..", "conf", "example-sync.yaml"));
    assertTrue(config.tables().size() >= 1);
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("unknown key names the key and line", "  memory: 2g", "  memory: 2g\n  memroy: 4g",
            "config error: 'executors.memroy' is not a known key; known keys here: count, memory, cores, streams,"
                + " buffer-fraction, wave-partitions, tasks, cost (sync.yaml line 17)"),
        Arguments.of("unparseable size", "  memory: 2g", "  memory: lots",
            "config error: 'executors.memory' must be a size such as 512m or 2g, got 'lots' (sync.yaml line 16)"),
        Arguments.of("missing value", "  memory: 2g", "  memory:",
            "config error: 'executors.memory' has no value (sync.yaml line 16)"),
        Arguments.of("missing key", "  memory: 2g", "  cores: 1",
            "config error: missing key 'executors.memory' (sync.yaml line 14)"),
        Arguments.of("zero executors", "  count: 4", "  count: 0",
            "config error: 'executors.count' must be a whole number of at least 1, got '0' (sync.yaml line 15)"),
        Arguments.of("not a table name", "  - sales.orders", "  - orders",
            "config error: 'tables[0]' must be a table name or pattern as db.table (e.g. sales.orders, sales.*,"
                + " logs.events_*), got 'orders' (sync.yaml line 10)"),
        Arguments.of("target of a pattern", "  - sales.orders", "  - source: sales.*\n    target: a.b",
            "config error: 'tables[0].target' names one table, but 'source' is a pattern; use 'target-database'"
                + " to sync the tables it selects into another database (sync.yaml line 11)"),
        Arguments.of("location of a pattern", "  - sales.orders", "  - source: sales.*\n    location: /x",
            "config error: 'tables[0].location' is one table's location, but 'source' is a pattern"
                + " (sync.yaml line 11)"),
        Arguments.of("bad table mode", "  - sales.orders", "  - source: sales.orders\n    mode: sometimes",
            "config error: 'tables[0].mode' must be one of 'incremental', 'full', got 'sometimes' (sync.yaml line 11)"),
        Arguments.of("window without last", "  - sales.orders", "  - source: sales.orders\n    window:\n      key: dt",
            "config error: missing key 'tables[0].window.last' (sync.yaml line 11)"),
        Arguments.of("bad metastore uri", "thrift://src-hms:9083", "src-hms:9083",
            "config error: 'source.metastore-uris' must be thrift://host:port, got 'src-hms:9083' (sync.yaml line 3)"),
        Arguments.of("connect-timeout too long", "executors:", "connect-timeout: 11m\nexecutors:",
            "config error: 'connect-timeout' must be at most 10m (a server that takes longer to answer a first call"
                + " is down for this run), got '11m' (sync.yaml line 14)"),
        Arguments.of("connect-timeout too short", "executors:", "connect-timeout: 500ms\nexecutors:",
            "config error: 'connect-timeout' must be a duration such as 10s or 1m, got '500ms' (sync.yaml line 14)"),
        Arguments.of("unknown top-level key", "executors:", "executor:",
            "config error: 'executor' is not a known key; known keys here: source, target, tables, executors,"
                + " bandwidth, metastore, targets, on-target-failure, verify, mode, compare, deletes, views,"
                + " housekeeping, lock, report, kerberos, connect-timeout (sync.yaml line 14)"),
        Arguments.of("bad mode", "executors:", "mode: delta\nexecutors:",
            "config error: 'mode' must be one of 'incremental', 'full', got 'delta' (sync.yaml line 14)"),
        Arguments.of("read replica on the target", "  properties:\n    dfs.replication", "  read-replica:\n"
                + "    default-fs: hdfs://dr:8020\n  properties:\n    dfs.replication",
            "config error: 'target.read-replica' is not a known key; known keys here: hadoop-conf-dir, default-fs,"
                + " metastore-uris, catalog, properties (sync.yaml line 7)"),
        Arguments.of("bad on-mismatch", "  metastore-uris: thrift://src-hms:9083", "  metastore-uris:"
                + " thrift://src-hms:9083\n  read-replica:\n    default-fs: hdfs://dr:8020\n    on-mismatch: ignore",
            "config error: 'source.read-replica.on-mismatch' must be 'primary' (read such a file from the source"
                + " cluster) or 'skip' (fail its partition), got 'ignore' (sync.yaml line 6)"),
        Arguments.of("relative path map", "  metastore-uris: thrift://src-hms:9083", "  metastore-uris:"
                + " thrift://src-hms:9083\n  read-replica:\n    default-fs: hdfs://dr:8020\n    path-map:\n"
                + "      /warehouse: /dr",
            "config error: 'source.read-replica.path-map./warehouse' maps '/warehouse' to '/dr'; both must be full"
                + " URIs such as hdfs://namenode:8020/warehouse (sync.yaml line 7)"),
        Arguments.of("target and targets", "executors:", "targets:\n  - name: dr\n    default-fs: hdfs://dr:8020\n"
                + "    metastore-uris: thrift://dr:9083\nexecutors:",
            "config error: 'targets' cannot be given with 'target'; list every target cluster under 'targets'"
                + " (sync.yaml line 14)"),
        Arguments.of("bad on-target-failure", "executors:", "on-target-failure: stop\nexecutors:",
            "config error: 'on-target-failure' must be 'continue' (the other targets still publish) or 'abort', got"
                + " 'stop' (sync.yaml line 14)"),
        Arguments.of("bad snapshots", "  metastore-uris: thrift://src-hms:9083", "  metastore-uris:"
                + " thrift://src-hms:9083\n  snapshots: always",
            "config error: 'source.snapshots' must be one of 'off', 'auto', 'required', got 'always' (sync.yaml line 4)"),
        Arguments.of("snapshot named while off", "  - sales.orders", "  - source: sales.orders\n    snapshot: s1",
            "config error: 'tables[0].snapshot' names a snapshot to read, but snapshots are off for this table; set"
                + " 'snapshots: required' (or auto) (sync.yaml line 11)"),
        Arguments.of("bad compare", "executors:", "compare: mtime\nexecutors:",
            "config error: 'compare' must be one of 'listing', 'checksum', got 'mtime' (sync.yaml line 14)"),
        Arguments.of("bad deletes", "executors:", "deletes: purge\nexecutors:",
            "config error: 'deletes' must be one of 'keep', 'drop', got 'purge' (sync.yaml line 14)"),
        Arguments.of("grace period without a unit", "executors:", "housekeeping:\n  grace-period: 60\nexecutors:",
            "config error: 'housekeeping.grace-period' must be a duration such as 0s, 30m or 2h, got '60'"
                + " (sync.yaml line 15)"),
        Arguments.of("lock ttl too short", "executors:", "lock:\n  ttl: 2s\nexecutors:",
            "config error: 'lock.ttl' must be a duration such as 10m or 1h; at least 10s, got '2s'"
                + " (sync.yaml line 15)"),
        Arguments.of("adopt not a boolean", "    location: /data/replica/events",
            "    location: /data/replica/events\n    adopt: yes please",
            "config error: 'tables[1].adopt' must be true or false, got 'yes please' (sync.yaml line 14)"),
        Arguments.of("bad verify mode", "executors:", "verify: sha1\nexecutors:",
            "config error: 'verify' must be 'size' or 'checksum', got 'sha1' (sync.yaml line 14)"),
        Arguments.of("budget too small", "  memory: 2g", "  memory: 100k",
            "config error: 'executors.memory' leaves 51200 bytes of copy buffer for 4 streams; give at least"
                + " 524288 bytes or fewer streams (sync.yaml line 16)"),
        Arguments.of("size without a unit", "  memory: 2g", "  memory: 2048",
            "config error: 'executors.memory' must be a size such as 512m or 2g, got '2048' (sync.yaml line 16)"),
        Arguments.of("sub-second timeout", "executors:", "metastore:\n  timeout: 500ms\nexecutors:",
            "config error: 'metastore.timeout' must be a duration of at least 1s such as 30s or 2m, got '500ms'"
                + " (sync.yaml line 15)"),
        Arguments.of("neither conf dir nor default fs", "  default-fs: hdfs://src-nn:8020\n", "",
            "config error: 'source' needs 'hadoop-conf-dir' or 'default-fs' to reach the source file system"
                + " (sync.yaml line 1)"),
        Arguments.of("principal without a realm", "executors:",
            "kerberos:\n  principal: partsync\n  keytab: /etc/security/keytabs/partsync.keytab\nexecutors:",
            "config error: 'kerberos.principal' must be a Kerberos principal such as partsync@EXAMPLE.COM or"
                + " partsync/host@EXAMPLE.COM, got 'partsync' (sync.yaml line 15)"),
        Arguments.of("absurd executor memory", "  memory: 2g", "  memory: 999999t",
            "config error: 'executors.memory' must be at most 1t (no host gives one executor more memory), got"
                + " '999999t' (sync.yaml line 16)"),
        Arguments.of("memory past a long", "  memory: 2g", "  memory: 99999999999999999999g",
            "config error: 'executors.memory' must be at most 1t (no host gives one executor more memory), got"
                + " '99999999999999999999g' (sync.yaml line 16)"),
        Arguments.of("absurd executor count", "  count: 4", "  count: 2000000000",
            "config error: 'executors.count' must be at most 10000 (each is one Spark executor; no cluster gives one"
                + " copy job more), got '2000000000' (sync.yaml line 15)"),
        Arguments.of("count past an int", "  count: 4", "  count: 99999999999999999999",
            "config error: 'executors.count' must be at most 10000 (each is one Spark executor; no cluster gives one"
                + " copy job more), got '99999999999999999999' (sync.yaml line 15)"),
        Arguments.of("too many cores", "  memory: 2g", "  memory: 2g\n  cores: 1000",
            "config error: 'executors.cores' must be at most 256 (more cores than a host has for one executor), got"
                + " '1000' (sync.yaml line 17)"),
        Arguments.of("too many streams", "  memory: 2g", "  memory: 2g\n  streams: 5000",
            "config error: 'executors.streams' must be at most 1024 (each stream is a thread with its own copy"
                + " buffer in one executor), got '5000' (sync.yaml line 17)"),
        Arguments.of("huge waves", "  memory: 2g", "  memory: 2g\n  wave-partitions: 2000000",
            "config error: 'executors.wave-partitions' must be at most 1000000 (the driver holds a whole wave's"
                + " listings in memory), got '2000000' (sync.yaml line 17)"),
        Arguments.of("too many copy tasks", "  memory: 2g", "  memory: 2g\n  tasks: 5000",
            "config error: 'executors.tasks' must be at most 1000 (each copy task is one Spark job run by its"
                + " executor in turn), got '5000' (sync.yaml line 17)"),
        Arguments.of("a bandwidth that is no size", "  memory: 2g", "  memory: 2g\n  cost:\n    stream-bandwidth: fast",
            "config error: 'executors.cost.stream-bandwidth' must be bytes per second such as 100m or 1g, got 'fast'"
                + " (sync.yaml line 18)"),
        Arguments.of("a per-file cost that is no duration", "  memory: 2g",
            "  memory: 2g\n  cost:\n    per-file: 12",
            "config error: 'executors.cost.per-file' must be a duration of at most 10m such as 0ms, 12ms or 1s, got"
                + " '12' (sync.yaml line 18)"),
        Arguments.of("an unknown cost key", "  memory: 2g", "  memory: 2g\n  cost:\n    per-byte: 1ms",
            "config error: 'executors.cost.per-byte' is not a known key; known keys here: stream-bandwidth,"
                + " per-file, per-partition (sync.yaml line 18)"),
        Arguments.of("a zero bandwidth", "executors:", "bandwidth:\n  per-executor: 0\nexecutors:",
            "config error: 'bandwidth.per-executor' must be a number of MB per second above 0, such as 50 or 0.5,"
                + " got '0' (sync.yaml line 15)"),
        Arguments.of("a zero decimal bandwidth", "executors:", "bandwidth:\n  per-run: 0.0\nexecutors:",
            "config error: 'bandwidth.per-run' must be a number of MB per second above 0, such as 50 or 0.5,"
                + " got '0.0' (sync.yaml line 15)"),
        Arguments.of("a negative bandwidth", "executors:", "bandwidth:\n  per-run: -20\nexecutors:",
            "config error: 'bandwidth.per-run' must be a number of MB per second above 0, such as 50 or 0.5,"
                + " got '-20' (sync.yaml line 15)"),
        Arguments.of("a bandwidth that is text", "executors:", "bandwidth:\n  per-executor: fast\nexecutors:",
            "config error: 'bandwidth.per-executor' must be a number of MB per second above 0, such as 50 or 0.5,"
                + " got 'fast' (sync.yaml line 15)"),
        Arguments.of("a bandwidth with a unit", "executors:", "bandwidth:\n  per-executor: 50m\nexecutors:",
            "config error: 'bandwidth.per-executor' must be a number of MB per second above 0, such as 50 or 0.5,"
                + " got '50m' (sync.yaml line 15)"),
        Arguments.of("a bandwidth too small for a byte", "executors:",
            "bandwidth:\n  per-executor: 0.0000001\nexecutors:",
            "config error: 'bandwidth.per-executor' must be a number of MB per second above 0, such as 50 or 0.5,"
                + " got '0.0000001' (sync.yaml line 15)"),
        Arguments.of("an absurd bandwidth", "executors:", "bandwidth:\n  per-run: 99999999999999999999\nexecutors:",
            "config error: 'bandwidth.per-run' must be at most 1000000 (more than any network link moves; leave the"
                + " key out for no cap), got '99999999999999999999' (sync.yaml line 15)"),
        Arguments.of("a bandwidth without a value", "executors:", "bandwidth:\n  per-run:\nexecutors:",
            "config error: 'bandwidth.per-run' has no value (sync.yaml line 15)"),
        Arguments.of("a bandwidth that is one number", "executors:", "bandwidth: 50\nexecutors:",
            "config error: 'bandwidth' must be a mapping of keys to values (sync.yaml line 14)"),
        Arguments.of("an unknown bandwidth key", "executors:", "bandwidth:\n  per-stream: 10\nexecutors:",
            "config error: 'bandwidth.per-stream' is not a known key; known keys here: per-executor, per-run"
                + " (sync.yaml line 15)"),
        Arguments.of("huge metastore batches", "executors:", "metastore:\n  batch-size: 100000\nexecutors:",
            "config error: 'metastore.batch-size' must be at most 10000 (one metastore call carries a batch; larger"
                + " ones risk its message size limit), got '100000' (sync.yaml line 15)"),
        Arguments.of("too many attempts", "executors:", "metastore:\n  attempts: 50\nexecutors:",
            "config error: 'metastore.attempts' must be at most 10 (the waits between attempts double from 0.5 s, so"
                + " 10 attempts already wait over 4 minutes), got '50' (sync.yaml line 15)"),
        Arguments.of("endless metastore timeout", "executors:", "metastore:\n  timeout: 2h\nexecutors:",
            "config error: 'metastore.timeout' must be at most 1h (a metastore call unanswered for an hour is not"
                + " coming back), got '2h' (sync.yaml line 15)"),
        Arguments.of("grace period of years", "executors:", "housekeeping:\n  grace-period: 9000h\nexecutors:",
            "config error: 'housekeeping.grace-period' must be at most 720h (superseded versions hold the target's"
                + " disk space until it ends), got '9000h' (sync.yaml line 15)"),
        Arguments.of("duration past a long", "executors:",
            "housekeeping:\n  grace-period: 99999999999999999999999h\nexecutors:",
            "config error: 'housekeeping.grace-period' must be at most 720h (superseded versions hold the target's"
                + " disk space until it ends), got '99999999999999999999999h' (sync.yaml line 15)"),
        Arguments.of("lock ttl of a day", "executors:", "lock:\n  ttl: 24h\nexecutors:",
            "config error: 'lock.ttl' must be at most 1h (a run that dies keeps its tables locked for up to this"
                + " long), got '24h' (sync.yaml line 15)"),
        Arguments.of("many snapshots kept", "  metastore-uris: thrift://src-hms:9083", "  metastore-uris:"
                + " thrift://src-hms:9083\n  snapshots-keep: 1000",
            "config error: 'source.snapshots-keep' must be at most 100 (each kept snapshot holds on to the source's"
                + " deleted and changed blocks), got '1000' (sync.yaml line 4)"),
        Arguments.of("catalog with a dot", "  metastore-uris: thrift://src-hms:9083", "  metastore-uris:"
                + " thrift://src-hms:9083\n  catalog: hive.main",
            "config error: 'source.catalog' must be a catalog name of letters, digits and '_' (the default is"
                + " 'hive'), got 'hive.main' (sync.yaml line 4)"),
        Arguments.of("negative count", "  count: 4", "  count: -3",
            "config error: 'executors.count' must be a whole number of at least 1, got '-3' (sync.yaml line 15)"),
        Arguments.of("fractional count", "  count: 4", "  count: 2.5",
            "config error: 'executors.count' must be a whole number, got '2.5' (sync.yaml line 15)"),
        Arguments.of("relative keytab path", "executors:",
            "kerberos:\n  principal: partsync@EXAMPLE.COM\n  keytab: keytabs/partsync.keytab\nexecutors:",
            "config error: 'kerberos.keytab' must be the absolute local path of the principal's keytab, got"
                + " 'keytabs/partsync.keytab' (sync.yaml line 16)"));
  }

  @Test
  void readsTheBandwidthCapInMegabytesOfTwoToTheTwentyBytes() {
    SyncConfig both = ConfigLoader.parse(VALID.replace("executors:",
        "bandwidth:\n  per-executor: 50\n  per-run: 120\nexecutors:"), "sync.yaml");
    assertEquals(new BandwidthSettings(50L << 20, 120L << 20), both.bandwidth());
    // 4 executors: an even share of 120 MB/s is 30, below the per-executor 50.
    assertEquals(30L << 20, both.bandwidth().effectivePerExecutorBytesPerSecond(both.executors().count()));
    assertEquals(50L << 20, both.bandwidth().effectivePerExecutorBytesPerSecond(2));

    SyncConfig half = ConfigLoader.parse(VALID.replace("executors:", "bandwidth:\n  per-executor: 0.5\nexecutors:"),
        "sync.yaml");
    assertEquals(new BandwidthSettings(1L << 19, null), half.bandwidth());
    assertEquals(1L << 19, half.bandwidth().effectivePerExecutorBytesPerSecond(4));

    SyncConfig perRun = ConfigLoader.parse(VALID.replace("executors:", "bandwidth:\n  per-run: 10\nexecutors:"),
        "sync.yaml");
    assertEquals((10L << 20) / 4, perRun.bandwidth().effectivePerExecutorBytesPerSecond(4));
    assertEquals("2.5 MB/s per virtual executor (per-run 10 MB/s over 4 executors)", perRun.bandwidth().describe(4));

    SyncConfig none = ConfigLoader.parse(VALID, "sync.yaml");
    assertEquals(BandwidthSettings.NONE, none.bandwidth());
    assertEquals(0, none.bandwidth().effectivePerExecutorBytesPerSecond(4), "left out: no cap");
    assertEquals(BandwidthSettings.NONE, ConfigLoader.parse(VALID.replace("executors:", "bandwidth: {}\nexecutors:"),
        "sync.yaml").bandwidth());
  }

  @Test
  void aCatalogIsReadPerClusterInLowerCaseAndAbsentMeansTheMetastoresDefault() {
    SyncConfig config = ConfigLoader.parse(VALID.replace("  metastore-uris: thrift://src-hms:9083",
        "  metastore-uris: thrift://src-hms:9083\n  catalog: Hive"), "sync.yaml");
    assertEquals("hive", config.source().catalog());
    assertEquals(null, config.targets().get(0).cluster().catalog());
  }

  @Test
  void readsTheKerberosSection() {
    SyncConfig config = ConfigLoader.parse(VALID.replace("executors:", String.join("\n",
        "kerberos:",
        "  principal: partsync/etl-host@EXAMPLE.COM",
        "  keytab: /etc/security/keytabs/partsync.keytab",
        "executors:")), "sync.yaml");
    assertEquals(new KerberosSettings("partsync/etl-host@EXAMPLE.COM", "/etc/security/keytabs/partsync.keytab"),
        config.kerberos().orElseThrow());
    assertTrue(ConfigLoader.parse(VALID, "sync.yaml").kerberos().isEmpty());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsOneLineNamingTheKey(String name, String from, String to, String expected) {
    String yaml = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "sync.yaml"));
    assertEquals(expected, error.getMessage());
    assertTrue(!error.getMessage().contains("\n"), "one line");
  }

  @Test
  void invalidYamlNamesTheLine() {
    ConfigException error = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse("source:\n  default-fs: [unclosed\n", "sync.yaml"));
    assertTrue(error.getMessage().startsWith("config error: sync.yaml is not valid YAML at line"),
        error.getMessage());
  }

  @Test
  void tableEntriesTakePatternsAndPerTableOverrides() {
    String yaml = VALID.replace("  - sales.orders", String.join("\n",
        "  - source: sales.*",
        "    target-database: sales_replica",
        "    mode: full",
        "  - source: logs.events_??",
        "    filter: \"region = 'eu'\"",
        "    window:",
        "      key: dt",
        "      last: 7d"));
    SyncConfig config = ConfigLoader.parse(yaml, "sync.yaml");
    TableSelection sales = config.tables().get(0);
    assertTrue(sales.isPattern());
    assertTrue(sales.matches("sales", "orders") && sales.matches("SALES", "Returns"));
    assertTrue(!sales.matches("salesx", "orders"));
    assertEquals("sales_replica.orders", sales.mapping("sales", "orders").targetName());
    assertEquals(SyncMode.FULL, sales.mode());
    TableSelection events = config.tables().get(1);
    assertTrue(events.matches("logs", "events_eu") && !events.matches("logs", "events_all"));
    assertEquals(java.util.Set.of("region"), events.filter().keys());
    assertEquals("dt", events.window().key());
    assertEquals(null, events.mode());
    TableSelection explicit = config.tables().get(2);
    assertTrue(!explicit.isPattern());
  }

  @Test
  void aBadPartitionFilterIsAConfigErrorNamingTheEntry() {
    String yaml = VALID.replace("  - sales.orders", "  - source: sales.orders\n    filter: \"dt >>= '1'\"");
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "sync.yaml"));
    assertTrue(error.getMessage().startsWith("config error: 'tables[0].filter' is not a valid partition filter: "),
        error.getMessage());
    assertTrue(!error.getMessage().contains("\n"), "one line");
  }

  @Test
  void severalTargetsEachWithTheirNamingAndLocation() {
    String yaml = VALID.replaceFirst("target:\n  default-fs: hdfs://dst-nn:8020\n  metastore-uris: \\[thrift://dst-hms-1:9083,"
        + " thrift://dst-hms-2:9083\\]\n  properties:\n    dfs.replication: \"2\"\n", String.join("\n",
            "targets:",
            "  - name: analytics",
            "    default-fs: hdfs://analytics:8020",
            "    metastore-uris: thrift://analytics-hms:9083",
            "  - name: dr",
            "    default-fs: hdfs://dr:8020",
            "    metastore-uris: thrift://dr-hms:9083",
            "    database: replica",
            "    location: /dr/warehouse/",
            "on-target-failure: abort",
            ""));
    SyncConfig config = ConfigLoader.parse(yaml, "sync.yaml");
    assertEquals(List.of("analytics", "dr"), config.targets().stream().map(TargetCluster::name).toList());
    assertTrue(config.abortOnTargetFailure());
    TableMapping orders = mapping(config.tables().get(0));
    assertEquals("sales.orders", config.targets().get(0).apply(orders).targetName());
    TableMapping onDr = config.targets().get(1).apply(orders);
    assertEquals("replica.orders", onDr.targetName());
    assertEquals("/dr/warehouse/replica.db/orders", onDr.targetLocation());
    TableMapping events = config.targets().get(1).apply(mapping(config.tables().get(1)));
    assertEquals("/data/replica/events", events.targetLocation(), "a table's own location wins");
  }

  @Test
  void snapshotsDefaultFromTheSourceAndAreSetPerTable() {
    String yaml = VALID.replace("  metastore-uris: thrift://src-hms:9083", "  metastore-uris: thrift://src-hms:9083\n"
        + "  snapshots: auto").replace("  - sales.orders", "  - sales.orders\n  - source: sales.items\n"
        + "    snapshots: required\n    snapshot: nightly");
    SyncConfig config = ConfigLoader.parse(yaml, "sync.yaml");
    assertEquals(SnapshotMode.AUTO, config.tables().get(0).snapshots());
    assertEquals(SnapshotMode.REQUIRED, config.tables().get(1).snapshots());
    assertEquals("nightly", config.tables().get(1).snapshot());
    assertEquals(SnapshotMode.OFF, ConfigLoader.parse(VALID, "sync.yaml").tables().get(0).snapshots());
    assertEquals(1, config.snapshotsKeep());
    assertEquals(3, ConfigLoader.parse(yaml.replace("  snapshots: auto", "  snapshots: auto\n  snapshots-keep: 3"),
        "sync.yaml").snapshotsKeep());
  }

  @Test
  void twoTargetsWithOneNameAreAConfigError() {
    String yaml = VALID.replaceFirst("target:\n", "targets:\n  - name: dr\n    default-fs: hdfs://a:1\n"
        + "    metastore-uris: thrift://a:1\n  - name: dr\n").replace("\n  default-fs: hdfs://dst-nn:8020",
        "\n    default-fs: hdfs://dst-nn:8020").replace("\n  metastore-uris: [thrift://dst-hms-1",
        "\n    metastore-uris: [thrift://dst-hms-1").replace("\n  properties:\n    dfs.replication",
        "\n    properties:\n      dfs.replication");
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "sync.yaml"));
    assertEquals("config error: 'targets[1].name' names target 'dr' a second time (sync.yaml line 8)",
        error.getMessage());
  }

  private static TableMapping mapping(TableSelection selection) {
    return selection.mapping(selection.database(), selection.table());
  }

  @Test
  void aTableSyncedTwiceIntoOneTargetIsRefused() {
    String yaml = VALID.replace("  - sales.orders", "  - sales.orders\n  - source: other.orders\n    target: sales.orders");
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "sync.yaml"));
    assertTrue(error.getMessage().contains("writes target table sales.orders a second time"), error.getMessage());
  }

  @Test
  void anAliasBombIsOneLineNamingTheLimitAndFast() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (char c = 'b'; c <= 'j'; c++) {
      String previous = "*" + (char) (c - 1);
      bomb.append(c).append(": &").append(c).append(" [").append(String.join(", ", java.util.Collections.nCopies(10,
          previous))).append("]\n");
    }
    ConfigException error = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5),
        () -> assertThrows(ConfigException.class, () -> ConfigLoader.parse(bomb.toString(), "bomb.yaml")));
    assertEquals("config error: bomb.yaml uses more than 10 aliases (*name) of lists or mappings, the limit that"
        + " stops an alias bomb; write those values out instead", error.getMessage());
  }

  @Test
  void aFewAliasesStillShareValues() {
    String yaml = VALID.replace("  properties:\n    dfs.replication: \"2\"", "  properties: &props\n"
        + "    dfs.replication: \"2\"").replace("  metastore-uris: thrift://src-hms:9083",
        "  metastore-uris: thrift://src-hms:9083\n  properties: *props");
    // The anchor must come first: move the target section above the source.
    String reordered = yaml.substring(yaml.indexOf("target:"), yaml.indexOf("tables:"))
        + yaml.substring(0, yaml.indexOf("target:")) + yaml.substring(yaml.indexOf("tables:"));
    SyncConfig config = ConfigLoader.parse(reordered, "sync.yaml");
    assertEquals("2", config.source().properties().get("dfs.replication"));
  }

  @Test
  void deepNestingIsOneLineNamingTheLimit() {
    String yaml = VALID + "report: " + "[".repeat(30) + "]".repeat(30) + "\n";
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "sync.yaml"));
    assertEquals("config error: sync.yaml nests lists and mappings more than 20 levels deep, the limit of a config",
        error.getMessage());
  }

  @Test
  void aHugeDocumentIsRefusedByItsLength() {
    String yaml = VALID + "report:\n  json: /" + "x".repeat(3 << 20) + "\n";
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "sync.yaml"));
    assertEquals("config error: sync.yaml is longer than 2097152 characters, the limit of a config",
        error.getMessage());
  }

  @Test
  void aHugeFileIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.yaml");
    Files.writeString(file, VALID + "# " + "x".repeat(3 << 20) + "\n");
    assertLoadFails(file, "config error: config file " + file + " is larger than 2097152 bytes (2 MiB), the limit"
        + " of a config; is it the right file?");
  }

  @Test
  void aDirectoryIsNotAConfigFile(@TempDir Path dir) {
    assertLoadFails(dir, "config error: config file " + dir + " is a directory; give the path of a YAML file");
  }

  @Test
  void aMissingFileIsNotFound(@TempDir Path dir) {
    Path file = dir.resolve("nothing.yaml");
    assertLoadFails(file, "config error: config file " + file + " not found");
  }

  @Test
  void aBinaryFileIsNotUtf8Text(@TempDir Path dir) throws Exception {
    Path png = dir.resolve("logo.png");
    Files.write(png, new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
    assertLoadFails(png, "config error: config file " + png + " is not UTF-8 text (byte 0x89 at offset 0); a config"
        + " is a YAML text file");
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, "tables:\n  - caf\u00e9.orders\n".getBytes(StandardCharsets.ISO_8859_1));
    assertLoadFails(latin1, "config error: config file " + latin1 + " is not UTF-8 text (byte 0xe9 at offset 15); a"
        + " config is a YAML text file");
  }

  @Test
  void aFileWithControlBytesIsBinary(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sync.yaml");
    Files.write(file, "source:\n\u00e9\u0000\u0000".getBytes(StandardCharsets.UTF_8));
    assertLoadFails(file, "config error: config file " + file + " is binary, not YAML text (byte 0x00 at offset 10)");
  }

  @Test
  void anUnreadableFileSaysPermissionDenied(@TempDir Path dir) throws Exception {
    Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
    Path file = dir.resolve("sync.yaml");
    Files.writeString(file, VALID);
    Files.setPosixFilePermissions(file, java.util.Set.of());
    assertLoadFails(file, "config error: config file " + file + " cannot be read: permission denied; make it readable"
        + " by the user running partsync");
  }

  @Test
  void aHugeTableNameIsRefusedAndShownShortened() {
    String name = "x".repeat(200_000);
    ConfigException error = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(VALID.replace("  - sales.orders", "  - sales." + name), "sync.yaml"));
    assertEquals("config error: 'tables[0]' has a name of 200000 characters, '" + "x".repeat(60) + "... (200000"
        + " characters)'; Hive allows at most 128 in a database or table name (sync.yaml line 10)", error.getMessage());
  }

  @Test
  void namesUpToHivesLimitAreTaken() {
    String name = "t".repeat(128);
    SyncConfig config = ConfigLoader.parse(VALID.replace("  - sales.orders", "  - sales." + name), "sync.yaml");
    assertEquals("sales." + name, config.tables().get(0).sourceName());
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.parse(VALID.replace(
        "target: replica.events", "target: replica.e" + name), "sync.yaml"));
    assertEquals("config error: 'tables[1].target' has a name of 129 characters, 'e" + "t".repeat(59) + "... (129"
        + " characters)'; Hive allows at most 128 in a database or table name (sync.yaml line 12)", error.getMessage());
  }

  @Test
  void longValuesAndKeysAreEchoedShortened() {
    String value = "z".repeat(200_000);
    ConfigException bad = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(VALID.replace("  memory: 2g", "  memory: " + value), "sync.yaml"));
    assertEquals("config error: 'executors.memory' must be a size such as 512m or 2g, got '" + "z".repeat(60)
        + "... (200000 characters)' (sync.yaml line 16)", bad.getMessage());
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> ConfigLoader.parse(VALID.replace("  memory: 2g", "  memory: 2g\n  " + value.substring(0, 1000) + ": 1"),
            "sync.yaml"));
    assertEquals("config error: 'executors." + "z".repeat(50) + "... (1010 characters)' is not a known key; known"
        + " keys here: count, memory, cores, streams, buffer-fraction, wave-partitions, tasks, cost (sync.yaml line 17)",
        unknown.getMessage());
    ConfigException filter = assertThrows(ConfigException.class, () -> ConfigLoader.parse(VALID.replace(
        "  - sales.orders", "  - source: sales.orders\n    filter: \"dt = '1' " + value + "\""), "sync.yaml"));
    assertEquals("config error: 'tables[0].filter' is 200009 characters long, 'dt = '1' " + "z".repeat(51)
        + "... (200009 characters)'; a partition filter has at most 65536 (sync.yaml line 11)", filter.getMessage());
    ConfigException parsed = assertThrows(ConfigException.class, () -> ConfigLoader.parse(VALID.replace(
        "  - sales.orders", "  - source: sales.orders\n    filter: \"dt = '1' " + value.substring(0, 60_000) + "\""),
        "sync.yaml"));
    assertEquals("config error: 'tables[0].filter' is not a valid partition filter: expected 'and', 'or' or the"
        + " end of the filter at position 9: \"" + "z".repeat(60) + "... (60000 characters)\" (sync.yaml line 11)",
        parsed.getMessage());
    ConfigException window = assertThrows(ConfigException.class, () -> ConfigLoader.parse(VALID.replace(
        "  - sales.orders", "  - source: sales.orders\n    window:\n      key: dt\n      last: 7d\n      format: "
        + value), "sync.yaml"));
    assertEquals("config error: 'tables[0].window.format' is 200000 characters long, '" + "z".repeat(60) + "..."
        + " (200000 characters)'; a date-time pattern has at most 64 (sync.yaml line 14)", window.getMessage());
  }

  private static void assertLoadFails(Path file, String expected) {
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
    assertEquals(expected, error.getMessage());
  }
}
