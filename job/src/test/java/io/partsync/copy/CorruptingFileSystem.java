package io.partsync.copy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.net.URI;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/** A local file system, as scheme {@code corrupting:}, that flips the first byte of every file written. */
public final class CorruptingFileSystem extends RawLocalFileSystem {
  @Override
  public URI getUri() {
    return URI.create("corrupting:///");
  }

  @Override
  public String getScheme() {
    return "corrupting";
  }

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    return corrupt(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    return corrupt(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
  }

  /** Wraps a stream so that the first byte written through it is flipped. */
  public static FSDataOutputStream corrupt(FSDataOutputStream out) throws IOException {
    return new FSDataOutputStream(new FilterOutputStream(out) {
      private boolean flipped;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!flipped && len > 0) {
          byte[] copy = b.clone();
          copy[off] ^= 0x5a;
          flipped = true;
          out.write(copy, off, len);
        } else {
          out.write(b, off, len);
        }
      }

      @Override
      public void write(int b) throws IOException {
        out.write(flipped ? b : (b ^ 0x5a));
        flipped = true;
      }
    }, null);
  }
}
