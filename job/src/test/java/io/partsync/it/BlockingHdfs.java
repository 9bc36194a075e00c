package io.partsync.it;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * HDFS as partsync's target client, except that creating a file whose name contains {@value #MARKER}
 * waits until the test releases it: a run held in the middle of its copy, for as long as a test needs.
 */
public final class BlockingHdfs extends DistributedFileSystem {
  static final String MARKER = "block-me";
  static volatile CountDownLatch reached = new CountDownLatch(1);
  static volatile CountDownLatch release = new CountDownLatch(1);

  static void reset() {
    reached = new CountDownLatch(1);
    release = new CountDownLatch(1);
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    if (f.getName().contains(MARKER)) {
      reached.countDown();
      try {
        if (!release.await(5, TimeUnit.MINUTES)) {
          throw new IOException("test never released " + f);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while held at " + f);
      }
    }
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
