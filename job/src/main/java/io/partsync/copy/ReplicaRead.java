package io.partsync.copy;

import io.partsync.config.ReadReplica;
import io.partsync.path.PathStrings;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How an executor reads source files from a replica: the replica's Hadoop properties and the path
 * prefixes that map a primary path to the replica's. Plain data, shipped to executors.
 *
 * @param fallbackToPrimary whether a file missing or different on the replica is read from the primary
 */
public record ReplicaRead(Map<String, String> properties, List<Prefix> prefixes, boolean fallbackToPrimary)
    implements Serializable {

  /** A primary path prefix and the replica prefix that replaces it; no trailing slashes. */
  public record Prefix(String primary, String replica) implements Serializable {}

  public ReplicaRead {
    properties = Map.copyOf(properties);
    // Longest first, so a more specific mapping wins.
    prefixes = prefixes.stream().sorted(Comparator.comparingInt((Prefix p) -> p.primary().length()).reversed())
        .toList();
  }

  /**
   * @param primaryDefaultFs the source cluster's file system URI, mapped to the replica's when the config
   *     maps no path
   */
  public static ReplicaRead of(ReadReplica config, String primaryDefaultFs) {
    Map<String, String> properties = new LinkedHashMap<>(config.properties());
    properties.put("fs.defaultFS", config.defaultFs());
    List<Prefix> prefixes = new ArrayList<>();
    config.pathMap().forEach(e -> prefixes.add(new Prefix(PathStrings.withoutTrailingSlash(e.getKey()),
        PathStrings.withoutTrailingSlash(e.getValue()))));
    if (prefixes.isEmpty()) {
      prefixes.add(new Prefix(PathStrings.withoutTrailingSlash(primaryDefaultFs),
          PathStrings.withoutTrailingSlash(config.defaultFs())));
    }
    return new ReplicaRead(properties, prefixes, config.fallbackToPrimary());
  }

  /** The replica path of a primary path, or empty when no prefix covers it (it is read from the primary). */
  public Optional<String> map(String primaryPath) {
    for (Prefix prefix : prefixes) {
      if (primaryPath.equals(prefix.primary()) || primaryPath.startsWith(prefix.primary() + "/")) {
        return Optional.of(prefix.replica() + primaryPath.substring(prefix.primary().length()));
      }
    }
    return Optional.empty();
  }
}
