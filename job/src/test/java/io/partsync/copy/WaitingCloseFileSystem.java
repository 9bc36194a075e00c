package io.partsync.copy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A local file system, as scheme {@code waitingclose:}, whose close of a file named {@code a.txt} waits
 * until a file named {@code b.txt} is being written (and fails if that never happens), as an HDFS close
 * waits for the name node; and whose close of a file named {@code broken.txt} fails.
 */
public final class WaitingCloseFileSystem extends RawLocalFileSystem {
  private static volatile CountDownLatch secondCreated = new CountDownLatch(1);

  /** Arms the wait for the next copy. */
  static void reset() {
    secondCreated = new CountDownLatch(1);
  }

  @Override
  public URI getUri() {
    return URI.create("waitingclose:///");
  }

  @Override
  public String getScheme() {
    return "waitingclose";
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return closing(f, super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    return closing(f, super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  private static FSDataOutputStream closing(Path f, FSDataOutputStream out) throws IOException {
    if (f.getName().equals("b.txt")) {
      secondCreated.countDown();
    }
    return new FSDataOutputStream(new FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        out.close();
        if (f.getName().equals("broken.txt")) {
          throw new IOException("the name node did not complete " + f);
        }
        if (f.getName().equals("a.txt")) {
          try {
            if (!secondCreated.await(20, TimeUnit.SECONDS)) {
              throw new IOException("b.txt was not written while a.txt was closing: the stream waited for the close");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
      }
    }, null);
  }
}
