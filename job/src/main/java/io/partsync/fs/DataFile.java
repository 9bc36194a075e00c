package io.partsync.fs;

import java.io.Serializable;

/**
 * A data file of a partition as a file system lists it (a source partition, or a target copy), relative to
 * the partition directory.
 *
 * @param crc32c the CRC32C of the whole file as the source file system stores it, or {@link #UNKNOWN}
 *     when checksums were not asked for or the file system cannot tell it without reading the data
 */
public record DataFile(String relativePath, long length, long modificationTime, long crc32c)
    implements Serializable {
  public static final long UNKNOWN = -1;

  public DataFile(String relativePath, long length, long modificationTime) {
    this(relativePath, length, modificationTime, UNKNOWN);
  }

  public boolean hasChecksum() {
    return crc32c != UNKNOWN;
  }

  public DataFile withChecksum(long crc) {
    return new DataFile(relativePath, length, modificationTime, crc);
  }

  public DataFile withoutChecksum() {
    return hasChecksum() ? new DataFile(relativePath, length, modificationTime) : this;
  }
}
