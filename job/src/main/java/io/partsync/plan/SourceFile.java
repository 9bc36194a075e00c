package io.partsync.plan;

import java.io.Serializable;

/**
 * A data file of a source partition, relative to the partition directory.
 *
 * @param crc32c the CRC32C of the whole file as the source file system stores it, or {@link #UNKNOWN}
 *     when checksums were not asked for or the file system cannot tell it without reading the data
 */
public record SourceFile(String relativePath, long length, long modificationTime, long crc32c)
    implements Serializable {
  public static final long UNKNOWN = -1;

  public SourceFile(String relativePath, long length, long modificationTime) {
    this(relativePath, length, modificationTime, UNKNOWN);
  }

  public boolean hasChecksum() {
    return crc32c != UNKNOWN;
  }

  public SourceFile withChecksum(long crc) {
    return new SourceFile(relativePath, length, modificationTime, crc);
  }

  public SourceFile withoutChecksum() {
    return hasChecksum() ? new SourceFile(relativePath, length, modificationTime) : this;
  }
}
