package io.partsync.copy;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * A local file system, as scheme {@code rendezvous:}, whose listing of a directory named {@code p=1} waits
 * until a directory named {@code p=2} is being listed too, and fails if that never happens: it tells
 * partitions listed one after the other on one thread from partitions listed independently.
 */
public final class RendezvousListingFileSystem extends RawLocalFileSystem {
  private static volatile CountDownLatch secondListed = new CountDownLatch(1);

  /** Arms the rendezvous for the next copy. */
  static void reset() {
    secondListed = new CountDownLatch(1);
  }

  @Override
  public URI getUri() {
    return URI.create("rendezvous:///");
  }

  @Override
  public String getScheme() {
    return "rendezvous";
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    if (f.getName().equals("p=2")) {
      secondListed.countDown();
    } else if (f.getName().equals("p=1")) {
      try {
        if (!secondListed.await(20, TimeUnit.SECONDS)) {
          throw new IOException("p=2 was not listed while p=1 was: the partitions are listed one at a time");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    return super.listStatus(f);
  }
}
