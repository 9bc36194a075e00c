package io.partsync.copy;

import io.partsync.FaultInjection;
import io.partsync.config.VerifyMode;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Copies one file through a pooled buffer straight to its final name in the partition's new version
 * directory (no reader sees that directory until the partition is registered there), and verifies it.
 */
final class FileCopier {
  private final ClusterFileSystem source;
  private final ClusterFileSystem target;
  private final BufferPool buffers;
  private final VerifyMode verify;

  FileCopier(ClusterFileSystem source, ClusterFileSystem target, BufferPool buffers, VerifyMode verify) {
    this.source = source;
    this.target = target;
    this.buffers = buffers;
    this.verify = verify;
  }

  /** What one file copy wrote: its bytes and the CRC32C of the bytes read from the source. */
  record Written(SourceFile file, String from, String to, long bytes, long crc32c) {}

  /** Copies {@code file} from {@code sourceDir} to {@code targetDir}. */
  Written copy(SourceFile file, String sourceDir, String targetDir) throws IOException, InterruptedException {
    String from = sourceDir + "/" + file.relativePath();
    String to = targetDir + "/" + file.relativePath();
    byte[] buffer = buffers.acquire();
    try (InputStream in = source.openForRead(from); OutputStream out = target.create(to)) {
      CRC32C checksum = new CRC32C();
      long copied = 0;
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        checksum.update(buffer, 0, read);
        copied += read;
        FaultInjection.check(FaultInjection.Point.MID_FILE);
      }
      return new Written(file, from, to, copied, checksum.getValue());
    } finally {
      buffers.release(buffer);
    }
  }

  /**
   * Checks a finished copy and returns the file as its version counts it. The HDFS client has already
   * checked every byte it read against the source's stored checksums, so the CRC32C of the bytes read is
   * the source's. It must equal the checksum the source stores (read when the partition was planned, or
   * now for a partition planned without checksums), else the file changed since planning; and the CRC32C
   * the target file system stored for what it received (one call; a re-read where the target cannot
   * tell it).
   */
  SourceFile verify(Written written) throws IOException, InterruptedException {
    SourceFile file = written.file();
    if (written.bytes() != file.length()) {
      throw new IOException("source file " + written.from() + " changed while copying: planned " + file.length()
          + " bytes, read " + written.bytes());
    }
    if (verify == VerifyMode.SIZE || written.bytes() == 0) {
      long length = target.length(written.to());
      if (length != written.bytes()) {
        throw new IOException("copy of " + written.from() + " has " + length + " bytes on the target, expected "
            + written.bytes());
      }
      return file;
    }
    SourceFile versioned = file.hasChecksum() ? file
        : file.withChecksum(source.storedCrc32c(written.from()).orElse(SourceFile.UNKNOWN));
    if (versioned.hasChecksum() && versioned.crc32c() != written.crc32c()) {
      throw new IOException("source file " + written.from() + " changed since it was planned: its CRC32C is "
          + Long.toHexString(versioned.crc32c()) + ", the bytes read have " + Long.toHexString(written.crc32c()));
    }
    OptionalLong stored = target.storedCrc32c(written.to());
    long crc = stored.isPresent() ? stored.getAsLong() : crcOf(written.to());
    if (crc != written.crc32c()) {
      throw new IOException("CRC32C of the copy of " + written.from() + " (" + Long.toHexString(crc)
          + ") differs from the bytes read from the source (" + Long.toHexString(written.crc32c()) + ")");
    }
    return versioned;
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
}
