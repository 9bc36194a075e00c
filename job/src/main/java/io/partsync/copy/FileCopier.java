package io.partsync.copy;

import io.partsync.config.VerifyMode;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Copies one file through a pooled buffer into a hidden temporary file beside its final name, verifies
 * it, then renames it into place, so a reader never sees a partly written data file under its real name.
 */
final class FileCopier {
  private final ClusterFileSystem source;
  private final ClusterFileSystem target;
  private final BufferPool buffers;
  private final VerifyMode verify;
  private final String attemptId;

  FileCopier(ClusterFileSystem source, ClusterFileSystem target, BufferPool buffers, VerifyMode verify,
      String attemptId) {
    this.source = source;
    this.target = target;
    this.buffers = buffers;
    this.verify = verify;
    this.attemptId = attemptId;
  }

  /** Copies {@code file} from {@code sourceDir} to {@code targetDir} and returns the bytes copied. */
  long copy(SourceFile file, String sourceDir, String targetDir) throws IOException, InterruptedException {
    String from = sourceDir + "/" + file.relativePath();
    String to = targetDir + "/" + file.relativePath();
    String temporary = temporaryName(to);
    long crc;
    long copied;
    byte[] buffer = buffers.acquire();
    try (InputStream in = source.openForRead(from); OutputStream out = target.create(temporary)) {
      CRC32C checksum = new CRC32C();
      copied = 0;
      int read;
      while ((read = fill(in, buffer)) > 0) {
        out.write(buffer, 0, read);
        checksum.update(buffer, 0, read);
        copied += read;
      }
      crc = checksum.getValue();
    } finally {
      buffers.release(buffer);
    }
    try {
      verify(file, from, temporary, copied, crc);
      target.replace(temporary, to);
    } catch (IOException | RuntimeException e) {
      target.delete(temporary, false);
      throw e;
    }
    return copied;
  }

  /**
   * Checks the copy before it gets its real name. The HDFS client has already checked every byte it read
   * against the source's stored checksums, so the CRC32C of the bytes read is the source's; it is compared
   * with the CRC32C the target file system stored for what it received (one call), or with a re-read of
   * the copy where the target cannot tell its CRC32C.
   */
  private void verify(SourceFile file, String from, String temporary, long copied, long crc)
      throws IOException, InterruptedException {
    if (copied != file.length()) {
      throw new IOException("source file " + from + " changed while copying: planned " + file.length()
          + " bytes, read " + copied);
    }
    if (verify == VerifyMode.SIZE || copied == 0) {
      long written = target.length(temporary);
      if (written != copied) {
        throw new IOException("copy of " + from + " has " + written + " bytes on the target, expected " + copied);
      }
      return;
    }
    OptionalLong stored = target.storedCrc32c(temporary);
    long written = stored.isPresent() ? stored.getAsLong() : crcOf(temporary);
    if (written != crc) {
      throw new IOException("CRC32C of the copy of " + from + " (" + Long.toHexString(written)
          + ") differs from the bytes read from the source (" + Long.toHexString(crc) + ")");
    }
  }

  private long crcOf(String path) throws IOException, InterruptedException {
    byte[] buffer = buffers.acquire();
    try (InputStream in = target.openForRead(path)) {
      CRC32C checksum = new CRC32C();
      int read;
      while ((read = fill(in, buffer)) > 0) {
        checksum.update(buffer, 0, read);
      }
      return checksum.getValue();
    } finally {
      buffers.release(buffer);
    }
  }

  /** Reads until the buffer is full or the stream ends; returns the bytes read, 0 at the end. */
  private static int fill(InputStream in, byte[] buffer) throws IOException {
    int total = 0;
    while (total < buffer.length) {
      int read = in.read(buffer, total, buffer.length - total);
      if (read < 0) {
        break;
      }
      total += read;
    }
    return total;
  }

  private String temporaryName(String finalPath) {
    int slash = finalPath.lastIndexOf('/');
    return finalPath.substring(0, slash + 1) + ".partsync-" + attemptId + "-" + finalPath.substring(slash + 1);
  }
}
