package io.partsync.it;

import io.partsync.copy.CorruptingFileSystem;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * HDFS as partsync's target client, except that the first byte of every file whose name contains
 * {@value #MARKER} is flipped on its way to the data nodes: the bytes stored are not the bytes sent.
 */
public final class CorruptingHdfs extends DistributedFileSystem {
  static final String MARKER = "corrupt-me";

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    FSDataOutputStream out = super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    return f.getName().contains(MARKER) ? CorruptingFileSystem.corrupt(out) : out;
  }
}
