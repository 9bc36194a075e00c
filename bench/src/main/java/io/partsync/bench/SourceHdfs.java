package io.partsync.bench;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * HDFS as partsync's source client in the fan-out case, a class of its own so that Hadoop keeps its read
 * statistics apart from the targets' (statistics are kept per scheme and file system class): the bytes
 * it reports read are the bytes read from the source cluster.
 */
public final class SourceHdfs extends DistributedFileSystem {
  static long bytesRead() {
    return FileSystem.getStatistics("hdfs", SourceHdfs.class).getBytesRead();
  }
}
