package io.partsync.config;

import java.util.List;
import java.util.Map;

/**
 * Where the source's data files are read from when not from the source cluster itself: another file
 * system (an observer-read nameservice, a DR copy) with the same files under mapped paths. Partitions
 * and listings still come from the primary.
 *
 * @param defaultFs the replica's file system URI
 * @param properties Hadoop client properties for the replica only
 * @param pathMap primary path prefix to replica path prefix; empty maps the primary's file system URI to
 *     the replica's
 * @param fallbackToPrimary whether a file missing or different on the replica is read from the primary
 *     ({@code on-mismatch: primary}) or fails its partition ({@code skip})
 */
public record ReadReplica(String defaultFs, Map<String, String> properties, List<Map.Entry<String, String>> pathMap,
    boolean fallbackToPrimary) {

  public ReadReplica {
    properties = Map.copyOf(properties);
    pathMap = List.copyOf(pathMap);
  }
}
