package io.partsync.plan;

import java.io.Serializable;

/** A data file of a source partition, relative to the partition directory. */
public record SourceFile(String relativePath, long length, long modificationTime) implements Serializable {}
