package io.partsync.fs;

/**
 * One entry of an HDFS snapshot diff, paths relative to the snapshotted directory ("" is the directory
 * itself).
 *
 * @param type CREATE, MODIFY, DELETE or RENAME
 * @param targetPath where a renamed path went, else null
 */
public record SnapshotChange(String type, String path, String targetPath) {}
