package io.partsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.ConfigKey.Presence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The registry of config keys agrees with what the loader does, with the README's configuration reference and
 * with the example configs in conf/.
 */
class ConfigKeysTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path CONF = Path.of("..", "conf");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  /**
   * The required keys, and the two optional sections whose own keys have defaults (a read replica and a
   * window) with what those require: every defaulted key of the registry is read in this config.
   */
  private static final String MINIMAL = """
      source:
        default-fs: hdfs://src-nn:8020
        metastore-uris: thrift://src-hms:9083
        read-replica:
          default-fs: hdfs://dr-nn:8020
      target:
        default-fs: hdfs://dst-nn:8020
        metastore-uris: thrift://dst-hms:9083
      tables:
        - source: sales.orders
          window:
            key: dt
            last: 7d
      executors:
        count: 2
        memory: 1g
      """;

  /**
   * What each defaulted key loads as, and the value it has always had, Trino's assertDefaults style: a key
   * given a default must be added here.
   */
  private static final Map<String, Loaded> DEFAULTS = defaults();

  private record Loaded(Function<SyncConfig, Object> value, Object expected) {}

  @Test
  void everyDefaultedKeyLoadsAsItsDefaultWhenLeftOut() {
    SyncConfig minimal = ConfigLoader.parse(MINIMAL, "minimal.yaml");
    Set<String> defaulted = new TreeSet<>();
    for (ConfigKey key : ConfigKeys.all()) {
      if (key.presence() == Presence.DEFAULT_VALUE) {
        defaulted.add(key.path());
        SyncConfig written = ConfigLoader.parse(withKey(MINIMAL, key.path(), key.defaultText()), "written.yaml");
        assertEquals(written, minimal, key.path() + " left out must load as '" + key.defaultText() + "' written");
      }
    }
    assertEquals(defaulted, new TreeSet<>(DEFAULTS.keySet()), "every defaulted key, and only those, is listed");
    assertEquals(BandwidthSettings.NONE, minimal.bandwidth(), "bandwidth left out: no cap");
    DEFAULTS.forEach((path, loaded) -> assertEquals(loaded.expected(), loaded.value().apply(minimal), path));
  }

  @Test
  void theReadmeDocumentsEveryKeyWithItsDefault() throws IOException {
    Map<String, String> documented = readmeKeys(Files.readString(README));
    Map<String, String> registry = new LinkedHashMap<>();
    ConfigKeys.all().forEach(key -> registry.put(key.path(), key.defaultText()));
    assertEquals(Set.of(), difference(registry.keySet(), documented.keySet()), "keys the README does not document");
    assertEquals(Set.of(), difference(documented.keySet(), registry.keySet()), "README keys the config does not take");
    registry.forEach((path, text) -> assertEquals(text, documented.get(path), "the README's default of " + path));
  }

  @Test
  void theExampleConfigsUseOnlyRegistryKeys() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(CONF)) {
      files = list.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml")).toList();
    }
    assertFalse(files.isEmpty(), "conf/ has example configs");
    for (Path file : files) {
      Set<String> used = new LinkedHashSet<>();
      keysUsed(new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file)), "", used);
      List<String> unknown = used.stream().filter(path -> !ConfigKeys.isKey(path)).toList();
      assertEquals(List.of(), unknown, file + " uses keys the registry does not list");
      assertTrue(used.contains("executors.memory"), file + " was walked");
      ConfigLoader.load(file);
    }
  }

  /** The keys of the README's configuration table and their Default cells, backticks dropped. */
  private static Map<String, String> readmeKeys(String readme) {
    int start = readme.indexOf("\n## Configuration reference\n");
    assertTrue(start >= 0, "README has a Configuration reference section");
    int end = readme.indexOf("\n## ", start + 1);
    Map<String, String> keys = new LinkedHashMap<>();
    for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String defaultText = cells[2].trim().replace("`", "");
      Matcher code = CODE.matcher(cells[1]);
      while (code.find()) {
        for (String path : expandCluster(code.group(1))) {
          assertEquals(null, keys.put(path, defaultText), path + " is documented once");
        }
      }
    }
    return keys;
  }

  /** The README writes the keys every cluster section takes once, as {@code <cluster>.key}. */
  private static List<String> expandCluster(String path) {
    if (!path.startsWith("<cluster>.")) {
      return List.of(path);
    }
    String name = path.substring("<cluster>.".length());
    return ConfigKeys.CLUSTER_SECTIONS.stream().map(section -> section + "." + name).toList();
  }

  /** The key paths a parsed YAML value uses under {@code path}; a key with no keys of its own takes any value. */
  private static void keysUsed(Object value, String path, Set<String> used) {
    if (value instanceof List<?> items) {
      items.forEach(item -> keysUsed(item, path + "[]", used));
    } else if (value instanceof Map<?, ?> entries && (path.isEmpty() || !ConfigKeys.namesUnder(path).isEmpty())) {
      entries.forEach((key, child) -> {
        String childPath = path.isEmpty() ? String.valueOf(key) : path + "." + key;
        used.add(childPath);
        if (ConfigKeys.isKey(childPath)) {
          keysUsed(child, childPath, used);
        }
      });
    }
  }

  /** {@code yaml} with the key at {@code path} written as {@code text}; {@code []} is the list's first item. */
  @SuppressWarnings("unchecked")
  private static String withKey(String yaml, String path, String text) {
    Map<String, Object> root = new Yaml().load(yaml);
    Map<String, Object> mapping = root;
    String[] parts = path.split("\\.");
    for (int i = 0; i < parts.length - 1; i++) {
      String part = parts[i];
      if (part.endsWith("[]")) {
        mapping = (Map<String, Object>) ((List<Object>) mapping.get(part.substring(0, part.length() - 2))).get(0);
      } else {
        mapping = (Map<String, Object>) mapping.computeIfAbsent(part, name -> new LinkedHashMap<String, Object>());
      }
    }
    assertFalse(mapping.containsKey(parts[parts.length - 1]), path + " is left out of the minimal config");
    mapping.put(parts[parts.length - 1], text);
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(root);
  }

  private static Set<String> difference(Set<String> from, Set<String> without) {
    return from.stream().filter(path -> !without.contains(path)).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, Loaded> defaults() {
    Map<String, Loaded> defaults = new LinkedHashMap<>();
    defaults.put("source.read-replica.on-mismatch", new Loaded(c -> c.readReplica().fallbackToPrimary(), true));
    defaults.put("source.snapshots", new Loaded(c -> c.tables().get(0).snapshots(), SnapshotMode.OFF));
    defaults.put("source.snapshots-keep", new Loaded(SyncConfig::snapshotsKeep, 1));
    defaults.put("source.missing-directories", new Loaded(SyncConfig::missingDirectories, MissingDirectories.FAIL));
    defaults.put("tables[].adopt", new Loaded(c -> c.tables().get(0).adopt(), false));
    defaults.put("tables[].window.format", new Loaded(c -> c.tables().get(0).window().format(), "yyyy-MM-dd"));
    defaults.put("tables[].window.zone", new Loaded(c -> c.tables().get(0).window().zone(), ZoneId.of("UTC")));
    defaults.put("executors.cores", new Loaded(c -> c.executors().cores(), 1));
    defaults.put("executors.streams", new Loaded(c -> c.executors().streams(), 4));
    defaults.put("executors.buffer-fraction", new Loaded(c -> c.executors().bufferFraction(), 0.5));
    defaults.put("executors.wave-partitions", new Loaded(c -> c.executors().wavePartitions(), 10_000));
    defaults.put("executors.tasks", new Loaded(c -> c.executors().tasks(), 4));
    defaults.put("metastore.batch-size", new Loaded(c -> c.metastore().batchSize(), 500));
    defaults.put("metastore.attempts", new Loaded(c -> c.metastore().attempts(), 3));
    defaults.put("metastore.timeout", new Loaded(c -> c.metastore().timeout(), Duration.ofSeconds(60)));
    defaults.put("on-target-failure", new Loaded(SyncConfig::abortOnTargetFailure, false));
    defaults.put("verify", new Loaded(SyncConfig::verify, VerifyMode.CHECKSUM));
    defaults.put("mode", new Loaded(SyncConfig::mode, SyncMode.INCREMENTAL));
    defaults.put("compare", new Loaded(SyncConfig::compare, CompareMode.LISTING));
    defaults.put("deletes", new Loaded(SyncConfig::deletes, DeletesMode.KEEP));
    defaults.put("views", new Loaded(SyncConfig::views, ViewsMode.CREATE));
    defaults.put("housekeeping.grace-period", new Loaded(c -> c.safety().gracePeriod(), Duration.ofHours(1)));
    defaults.put("lock.ttl", new Loaded(c -> c.safety().lockTtl(), Duration.ofMinutes(2)));
    defaults.put("connect-timeout", new Loaded(SyncConfig::connectTimeout, Duration.ofSeconds(20)));
    return defaults;
  }
}
