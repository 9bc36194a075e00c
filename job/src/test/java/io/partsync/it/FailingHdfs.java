package io.partsync.it;

import java.io.IOException;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * HDFS as a target client whose cluster stops taking data once the copy starts: every data file written
 * into a version directory fails, while the table's lock and definitions still go through.
 */
public final class FailingHdfs extends DistributedFileSystem {
  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    if (f.toString().contains("/partsync-") && !f.getName().equals(io.partsync.housekeeping.RunOwner.MARKER)) {
      throw new IOException("injected: the target cluster refuses writes");
    }
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
