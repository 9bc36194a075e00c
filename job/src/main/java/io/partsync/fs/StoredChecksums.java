package io.partsync.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileChecksum;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checksums a file system stores for its files, as partsync compares them across clusters: composite
 * CRCs, which do not depend on block size, so a file and its copy on another cluster have the same one.
 */
final class StoredChecksums {
  private static final String COMPOSITE_CRC32C = "COMPOSITE-CRC32C";
  private static final String CHECKSUM_COMBINE_MODE = "dfs.checksum.combine.mode";

  private final FileSystem fs;

  StoredChecksums(FileSystem fs) {
    this.fs = fs;
  }

  /** Asks for composite CRCs unless the cluster's properties choose a combine mode themselves. */
  static void requestComposite(Configuration conf, Map<String, String> properties) {
    // Not setIfUnset: once hdfs-default.xml is loaded the key is never unset, and its default (MD5MD5CRC)
    // would silently turn every checksum verification into a re-read of the copy.
    if (!properties.containsKey(CHECKSUM_COMBINE_MODE)) {
      conf.set(CHECKSUM_COMBINE_MODE, "COMPOSITE_CRC");
    }
  }

  /** The files of {@code dir} with each one's stored CRC32C where the file system can tell it. */
  List<DataFile> withChecksums(String dir, List<DataFile> files) throws IOException {
    List<DataFile> checked = new ArrayList<>(files.size());
    for (DataFile file : files) {
      OptionalLong crc = file.length() == 0 ? OptionalLong.empty() : crc32c(dir + "/" + file.relativePath());
      checked.add(crc.isPresent() ? file.withChecksum(crc.getAsLong()) : file);
    }
    return checked;
  }

  /**
   * The CRC32C of the whole file where the file system keeps it and can answer without reading the data:
   * HDFS in composite CRC mode with CRC32C chunks, whose file checksum is exactly that, whatever the
   * block and chunk sizes. Empty otherwise (other file systems, CRC32 clusters, empty files).
   */
  OptionalLong crc32c(String path) throws IOException {
    FileChecksum checksum = fs.getFileChecksum(new Path(path));
    if (checksum == null || !COMPOSITE_CRC32C.equals(checksum.getAlgorithmName())
        || checksum.getLength() != Integer.BYTES) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(ByteBuffer.wrap(checksum.getBytes()).getInt() & 0xffffffffL);
  }
}
