package io.partsync.config;

import io.partsync.config.ConfigKey.Presence;
import java.util.Map;

/**
 * A mapping of the config whose keys are checked against {@link ConfigKeys}: a key the registry does not list
 * here is refused, and a key left out takes the registry's default, read exactly as if written.
 */
final class ConfigSection {
  private final ConfigNode node;
  private final String keyPath;
  private final Map<String, ConfigNode> entries;

  private ConfigSection(ConfigNode node, String keyPath, Map<String, ConfigNode> entries) {
    this.node = node;
    this.keyPath = keyPath;
    this.entries = entries;
  }

  /** The section at {@code node}, refusing a key the registry does not list under its path. */
  static ConfigSection of(ConfigNode node) {
    String keyPath = ConfigKeys.keyPath(node.path());
    return new ConfigSection(node, keyPath, node.mapping(ConfigKeys.namesUnder(keyPath)));
  }

  ConfigNode node() {
    return node;
  }

  boolean has(String name) {
    return entries.containsKey(checked(name).name());
  }

  /** The key's node as written, or null when it is left out. */
  ConfigNode given(String name) {
    return entries.get(checked(name).name());
  }

  /** The key's text as written, or null when it is left out. */
  String text(String name) {
    ConfigNode given = given(name);
    return given == null ? null : given.text();
  }

  /** The key's node as written, refusing a config that leaves it out with "missing key ...". */
  ConfigNode required(String name) {
    ConfigNode given = given(name);
    if (given == null) {
      throw node.missing(name);
    }
    return given;
  }

  /** The key's node as written, or else its registry default as if written. */
  ConfigNode valueOrDefault(String name) {
    ConfigKey key = checked(name);
    if (key.presence() != Presence.DEFAULT_VALUE) {
      throw new IllegalStateException("config key '" + key.path() + "' has no default value");
    }
    ConfigNode given = entries.get(name);
    return given != null ? given : node.defaultChild(name, key.defaultText());
  }

  /** Sub-section {@code name} as written, or an empty one when it is left out, so its keys take their defaults. */
  ConfigSection section(String name) {
    ConfigNode given = given(name);
    return of(given != null ? given : node.emptyChild(name));
  }

  /** The registry's key {@code name} of this section; a name it does not list is a bug, not a config error. */
  private ConfigKey checked(String name) {
    return ConfigKeys.key(keyPath.isEmpty() ? name : keyPath + "." + name);
  }
}
