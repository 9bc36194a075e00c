package io.partsync.copy;

import io.partsync.FaultInjection;
import io.partsync.config.VerifyMode;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.SourceFile;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one file through a pooled buffer straight to its final name in the partition's new version
 * directory (no reader sees that directory until the partition is registered there), and verifies it.
 * With a read replica, the bytes come from the replica's copy of the file, checked against what the
 * source lists (length, and with {@code verify: checksum} the source's stored checksum); a file missing or
 * different there is read from the source instead, or fails, as configured.
 */
final class FileCopier {
  private static final Logger LOG = LoggerFactory.getLogger(FileCopier.class);

  private final ClusterFileSystem source;
  private final ClusterFileSystem target;
  private final ClusterFileSystem replicaFs;
  private final ReplicaRead replica;
  private final BufferPool buffers;
  private final VerifyMode verify;

  /** @param replicaFs the replica's file system, or null to read from {@code source} only */
  FileCopier(ClusterFileSystem source, ClusterFileSystem target, ClusterFileSystem replicaFs, ReplicaRead replica,
      BufferPool buffers, VerifyMode verify) {
    this.source = source;
    this.target = target;
    this.replicaFs = replicaFs;
    this.replica = replica;
    this.buffers = buffers;
    this.verify = verify;
  }

  FileCopier(ClusterFileSystem source, ClusterFileSystem target, BufferPool buffers, VerifyMode verify) {
    this(source, target, null, null, buffers, verify);
  }

  /**
   * What one file copy wrote: its bytes and the CRC32C of the bytes read.
   *
   * @param from the source path (on the primary), as messages and versions name it
   * @param replicaMismatch why the replica's copy was not used, or null when it was (or none is configured)
   */
  record Written(SourceFile file, String from, String to, long bytes, long crc32c, String replicaMismatch) {}

  /** Copies {@code file} from {@code sourceDir} to {@code targetDir}, from the replica when one maps it. */
  Written copy(SourceFile file, String sourceDir, String targetDir) throws IOException, InterruptedException {
    String from = sourceDir + "/" + file.relativePath();
    String to = targetDir + "/" + file.relativePath();
    Optional<String> onReplica = replicaFs == null ? Optional.empty() : replica.map(from);
    if (onReplica.isEmpty()) {
      return stream(source, from, file, from, to);
    }
    String mismatch;
    try {
      Written written = stream(replicaFs, onReplica.get(), file, from, to);
      SourceFile expected = verify == VerifyMode.CHECKSUM && !file.hasChecksum() && file.length() > 0
          ? file.withChecksum(source.storedCrc32c(from).orElse(SourceFile.UNKNOWN)) : file;
      mismatch = mismatch(written, expected);
      if (mismatch == null) {
        return new Written(expected, from, to, written.bytes(), written.crc32c(), null);
      }
    } catch (FileNotFoundException e) {
      mismatch = "missing on the replica";
    }
    String reason = from + " is " + mismatch + " (" + onReplica.get() + ")";
    if (!replica.fallbackToPrimary()) {
      throw new IOException(reason + "; not copied, as 'on-mismatch: skip' asks");
    }
    LOG.warn("{}; reading it from the source cluster", reason);
    Written fromPrimary = stream(source, from, file, from, to);
    return new Written(fromPrimary.file(), from, to, fromPrimary.bytes(), fromPrimary.crc32c(), reason);
  }

  /** Why the bytes read from the replica are not the source file, or null when they are. */
  private static String mismatch(Written written, SourceFile expected) {
    if (written.bytes() != expected.length()) {
      return "different on the replica: " + written.bytes() + " bytes there, " + expected.length() + " on the source";
    }
    if (expected.hasChecksum() && expected.crc32c() != written.crc32c()) {
      return "different on the replica: same length, CRC32C " + Long.toHexString(written.crc32c())
          + " there, " + Long.toHexString(expected.crc32c()) + " on the source";
    }
    return null;
  }

  private Written stream(ClusterFileSystem fs, String readPath, SourceFile file, String from, String to)
      throws IOException, InterruptedException {
    byte[] buffer = buffers.acquire();
    try (InputStream in = fs.openForRead(readPath); OutputStream out = target.create(to)) {
      CRC32C checksum = new CRC32C();
      long copied = 0;
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        checksum.update(buffer, 0, read);
        copied += read;
        FaultInjection.check(FaultInjection.Point.MID_FILE);
      }
      return new Written(file, from, to, copied, checksum.getValue(), null);
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
