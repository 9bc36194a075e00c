package io.partsync.config;

import io.partsync.failure.Echo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One node of the YAML tree with its dotted key path and source line, so every validation error can say
 * exactly which key is wrong and where it is.
 */
final class ConfigNode {
  private final String source;
  private final String path;
  private final Node node;
  private final int line;

  ConfigNode(String source, String path, Node node) {
    this(source, path, node, node.getStartMark().getLine() + 1);
  }

  /** {@code line} is where the key was written, which is where a reader looks for the problem. */
  private ConfigNode(String source, String path, Node node, int line) {
    this.source = source;
    this.path = path;
    this.node = node;
    this.line = line;
  }

  String path() {
    return path;
  }

  /** Key {@code name} of this mapping, not written: its default {@code text} as if it were, at this line. */
  ConfigNode defaultChild(String name, String text) {
    return new ConfigNode(source, childPath(name),
        new ScalarNode(Tag.STR, text, null, null, DumperOptions.ScalarStyle.PLAIN), line);
  }

  /** Section {@code name} of this mapping, not written: an empty mapping, so each of its keys is left out. */
  ConfigNode emptyChild(String name) {
    return new ConfigNode(source, childPath(name),
        new MappingNode(Tag.MAP, List.of(), DumperOptions.FlowStyle.BLOCK), line);
  }

  private String childPath(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  ConfigException error(String problem) {
    String where = path.isEmpty() ? "" : "'" + Echo.of(path) + "' ";
    return new ConfigException("config error: " + where + problem + " (" + source + " line " + line + ")");
  }

  ConfigException missing(String key) {
    return new ConfigException("config error: missing key '" + Echo.of(childPath(key)) + "' (" + source + " line "
        + line + ")");
  }

  boolean isScalar() {
    return node instanceof ScalarNode;
  }

  /** The entries of a mapping, refusing keys outside {@code allowed}. */
  Map<String, ConfigNode> mapping(Set<String> allowed) {
    Map<String, ConfigNode> entries = entries();
    for (String key : entries.keySet()) {
      if (!allowed.contains(key)) {
        throw entries.get(key).error("is not a known key; known keys here: " + String.join(", ", allowed));
      }
    }
    return entries;
  }

  /** The entries of a mapping whose keys are free (e.g. Hadoop properties). */
  Map<String, ConfigNode> entries() {
    if (!(node instanceof MappingNode mappingNode)) {
      throw error("must be a mapping of keys to values");
    }
    Map<String, ConfigNode> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mappingNode.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
        throw new ConfigNode(source, path, tuple.getKeyNode()).error("has a key that is not a plain name");
      }
      String key = keyNode.getValue();
      ConfigNode child = new ConfigNode(source, childPath(key), tuple.getValueNode(),
          keyNode.getStartMark().getLine() + 1);
      if (entries.put(key, child) != null) {
        throw child.error("is given twice");
      }
    }
    return entries;
  }

  List<ConfigNode> sequence() {
    if (!(node instanceof SequenceNode sequenceNode)) {
      throw error("must be a list");
    }
    List<ConfigNode> items = new ArrayList<>();
    List<Node> values = sequenceNode.getValue();
    for (int i = 0; i < values.size(); i++) {
      items.add(new ConfigNode(source, path + "[" + i + "]", values.get(i)));
    }
    return items;
  }

  String text() {
    if (!(node instanceof ScalarNode scalar)) {
      throw error("must be a single value, not a list or mapping");
    }
    String value = scalar.getValue().trim();
    if (value.isEmpty() || value.equals("~") || value.equalsIgnoreCase("null")) {
      throw error("has no value");
    }
    return value;
  }

  /**
   * A whole number from {@code min} to {@code max}; {@code why} says what a larger value would do, for the
   * message refusing it.
   */
  int wholeNumber(int min, int max, String why) {
    String text = text();
    if (!text.matches("[+-]?\\d+")) {
      throw error("must be a whole number, " + got(text));
    }
    // Digits beyond any int are simply too large, not "not a number".
    long value = text.length() > 12 ? (text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE)
        : Long.parseLong(text);
    if (value < min) {
      throw error("must be a whole number of at least " + min + ", " + got(text));
    }
    if (value > max) {
      throw error("must be at most " + max + (why == null ? "" : " (" + why + ")") + ", " + got(text));
    }
    return (int) value;
  }

  /** "got '<value>'" for a message, the value shortened if long. */
  static String got(String text) {
    return "got '" + Echo.of(text) + "'";
  }

  boolean bool() {
    String text = text();
    if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(text);
    }
    throw error("must be true or false, " + got(text));
  }
}
