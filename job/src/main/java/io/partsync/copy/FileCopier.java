package io.partsync.copy;

import io.partsync.config.VerifyMode;
import io.partsync.failure.FaultPoint;
import io.partsync.failure.Faults;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.DataFile;
import io.partsync.plan.TargetTableName;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32C;
import org.apache.hadoop.fs.Abortable;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.StreamCapabilities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies one file through a pooled buffer straight to its final name in the partition's new version
 * directory on every destination (no reader sees that directory until the partition is registered
 * there), reading it once: each buffer read is written to every destination. A destination whose write
 * fails is dropped from the copy and the others go on. Then each copy is closed and verified.
 *
 * <p>A file that fits one buffer may be closed later, by {@link #verify}, rather than by the copy: an HDFS
 * close waits for the name node to hear of the block from the data node, longer than a small file takes
 * to write, so the copy stream and its buffer go on to the next file meanwhile. Such a close holds at most
 * the file's bytes in the file system client, and at most as many wait as there are streams; a copy
 * beyond that is closed at once, as a larger file always is.
 *
 * <p>With a read replica, the bytes come from the replica's copy of the file, checked against what the
 * source lists (length, and with {@code verify: checksum} the source's stored checksum); a file missing or
 * different there is read from the source instead, or fails, as configured.
 */
final class FileCopier {
  private static final Logger LOG = LoggerFactory.getLogger(FileCopier.class);
  /** The object stores already warned of in this process: their copies are verified by length only. */
  private static final Set<String> WARNED_LENGTH_ONLY = ConcurrentHashMap.newKeySet();
  private final CopyCounters counters;

  private final ClusterFileSystem source;
  private final ClusterFileSystem replicaFs;
  private final ReplicaRead replica;
  private final BufferPool buffers;
  private final VerifyMode verify;
  private final Faults faults;
  /** The executor's bandwidth cap: every read waits on it, the copy's and the verification's re-read. */
  private final TokenBucket bucket;
  /** Copies written and not yet closed: bounded, and closed on {@link #abortPending} if never verified. */
  private final Set<PendingClose> pending = ConcurrentHashMap.newKeySet();
  private final Semaphore closesWaiting;
  private volatile boolean aborted;
  private final VerificationTally tally = new VerificationTally();
  /**
   * By store, whether it tags an object uploaded in parts by the parts' MD5s ({@code -N}, as AWS S3 does)
   * or by the whole content's (as some S3-compatible stores do), once a copy of that size was proven there.
   */
  private final Map<Store, Boolean> multipartTaggedByParts = new ConcurrentHashMap<>();

  /** An object store (scheme://authority) as one target cluster's file system reaches it. */
  private record Store(ClusterFileSystem fs, String uri) {
    static Store of(Sink sink) {
      URI uri = new Path(sink.to()).toUri();
      return new Store(sink.fs(), uri.getScheme() + "://" + uri.getAuthority());
    }
  }

  /** @param replicaFs the replica's file system, or null to read from {@code source} only */
  FileCopier(ClusterFileSystem source, ClusterFileSystem replicaFs, ReplicaRead replica, BufferPool buffers,
      VerifyMode verify, CopyCounters counters, Faults faults, TokenBucket bucket) {
    this.bucket = bucket;
    this.counters = counters;
    this.faults = faults;
    this.source = source;
    this.replicaFs = replicaFs;
    this.replica = replica;
    this.buffers = buffers;
    this.verify = verify;
    this.closesWaiting = new Semaphore(buffers.capacity());
  }

  /** One place a file is copied to: a destination's table, its file system and the path there. */
  record Sink(TargetTableName destination, ClusterFileSystem fs, String to) {}

  /**
   * What one file copy wrote: its bytes and the CRC32C of the bytes read, and the destinations whose
   * write failed.
   *
   * @param from the source path (on the primary), as messages and versions name it
   * @param etags the ETags an object store may give the bytes written, or null when no destination is on
   *     an object store or {@code verify: size} checks lengths only
   * @param failed by destination, why writing there failed
   * @param replicaMismatch why the replica's copy was not used, or null when it was (or none is configured)
   * @param close the outputs {@link #verify} closes first, or null when the copy closed them itself
   */
  record Written(DataFile file, String from, List<Sink> sinks, long bytes, long crc32c, UploadEtags etags,
      Map<TargetTableName, String> failed, String replicaMismatch, PendingClose close) {
    Written(DataFile file, String from, List<Sink> sinks, long bytes, long crc32c, UploadEtags etags,
        Map<TargetTableName, String> failed, String replicaMismatch) {
      this(file, from, sinks, bytes, crc32c, etags, failed, replicaMismatch, null);
    }
  }

  /** The outputs of a copy written in full and not closed yet; closing records a failure in {@code failed}. */
  static final class PendingClose {
    private final Map<Sink, OutputStream> outs;
    private final Map<TargetTableName, String> failed;

    private PendingClose(Map<Sink, OutputStream> outs, Map<TargetTableName, String> failed) {
      this.outs = outs;
      this.failed = failed;
    }
  }

  /** Copies {@code file} from {@code sourceDir} to each sink, from the replica when one maps it. */
  Written copy(DataFile file, String sourceDir, List<Sink> sinks) throws IOException, InterruptedException {
    String from = sourceDir + "/" + file.relativePath();
    Optional<String> onReplica = replicaFs == null ? Optional.empty() : replica.map(from);
    if (onReplica.isEmpty()) {
      return stream(source, from, file, from, sinks, file.length() <= buffers.chunkBytes());
    }
    String mismatch;
    try {
      Written written = stream(replicaFs, onReplica.get(), file, from, sinks, false);
      DataFile expected = verify == VerifyMode.CHECKSUM && !file.hasChecksum() && file.length() > 0
          ? file.withChecksum(source.storedCrc32c(from).orElse(DataFile.UNKNOWN)) : file;
      mismatch = mismatch(written, expected);
      if (mismatch == null) {
        return new Written(expected, from, sinks, written.bytes(), written.crc32c(), written.etags(),
            written.failed(), null);
      }
    } catch (FileNotFoundException e) {
      mismatch = "missing on the replica";
    }
    String reason = from + " is " + mismatch + " (" + onReplica.get() + ")";
    if (!replica.fallbackToPrimary()) {
      throw new IOException(reason + "; not copied, as 'on-mismatch: skip' asks");
    }
    LOG.warn("{}; reading it from the source cluster", reason);
    Written fromPrimary = stream(source, from, file, from, sinks, false);
    return new Written(fromPrimary.file(), from, sinks, fromPrimary.bytes(), fromPrimary.crc32c(),
        fromPrimary.etags(), fromPrimary.failed(), reason);
  }

  /** Why the bytes read from the replica are not the source file, or null when they are. */
  private static String mismatch(Written written, DataFile expected) {
    if (written.bytes() != expected.length()) {
      return "different on the replica: " + written.bytes() + " bytes there, " + expected.length() + " on the source";
    }
    if (expected.hasChecksum() && expected.crc32c() != written.crc32c()) {
      return "different on the replica: same length, CRC32C " + Long.toHexString(written.crc32c())
          + " there, " + Long.toHexString(expected.crc32c()) + " on the source";
    }
    return null;
  }

  /** @param mayCloseLater whether the outputs may be left for {@link #verify} to close, when few are waiting */
  private Written stream(ClusterFileSystem fs, String readPath, DataFile file, String from, List<Sink> sinks,
      boolean mayCloseLater) throws IOException, InterruptedException {
    Map<TargetTableName, String> failed = new LinkedHashMap<>();
    byte[] buffer = buffers.acquire();
    try (InputStream in = fs.openForRead(readPath)) {
      Map<Sink, OutputStream> outs = open(sinks, failed);
      try {
        UploadDigest digest = uploadDigest(file, sinks);
        CRC32C checksum = new CRC32C();
        long copied = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
          bucket.take(read);
          write(outs, buffer, read, failed, counters);
          checksum.update(buffer, 0, read);
          if (digest != null) {
            digest.update(buffer, 0, read);
          }
          copied += read;
          faults.reach(FaultPoint.MID_FILE);
        }
        UploadEtags etags = digest == null ? null : digest.finish();
        if (mayCloseLater && closesWaiting.tryAcquire()) {
          // The buffer goes back to the pool now: an output stream never keeps the array it was given.
          PendingClose later = new PendingClose(new LinkedHashMap<>(outs), failed);
          pending.add(later);
          outs.clear();
          if (aborted) {
            abortPending(); // the task ended while this copy was being written
          }
          return new Written(file, from, sinks, copied, checksum.getValue(), etags, failed, null, later);
        }
        closeAll(outs, failed);
        return new Written(file, from, sinks, copied, checksum.getValue(), etags, failed, null);
      } finally {
        abortAll(outs);
      }
    } finally {
      buffers.release(buffer);
    }
  }

  /**
   * The digest of the ETags the object-store sinks may give this file, or null when none is on an object
   * store or only lengths are verified: the MD5s cost CPU on the copy stream, so only where they spare a
   * read back. A file large enough to be uploaded in parts gets both the whole MD5 and the parts' until
   * its stores have shown which of the two they tag such uploads with.
   */
  private UploadDigest uploadDigest(DataFile file, List<Sink> sinks) {
    if (verify != VerifyMode.CHECKSUM) {
      return null;
    }
    Set<Long> partSizes = new TreeSet<>();
    boolean any = false;
    boolean whole = false;
    for (Sink sink : sinks) {
      if (!sink.fs().isObjectStore(sink.to())) {
        continue;
      }
      any = true;
      OptionalLong partSize = sink.fs().uploadPartBytes(sink.to());
      if (partSize.isEmpty() || file.length() < partSize.getAsLong()) {
        whole = true; // one upload, or one part: the whole content's MD5 is what its ETag is made of
        partSize.ifPresent(partSizes::add);
        continue;
      }
      Boolean byParts = multipartTaggedByParts.get(Store.of(sink));
      whole |= byParts == null || !byParts;
      if (byParts == null || byParts) {
        partSizes.add(partSize.getAsLong());
      }
    }
    return any ? UploadDigest.forThisThread(file.length(), partSizes, whole) : null;
  }

  private static Map<Sink, OutputStream> open(List<Sink> sinks, Map<TargetTableName, String> failed)
      throws IOException {
    Map<Sink, OutputStream> outs = new LinkedHashMap<>();
    for (Sink sink : sinks) {
      try {
        outs.put(sink, sink.fs().create(sink.to()));
      } catch (IOException e) {
        failed.put(sink.destination(), "cannot create " + sink.to() + ": " + e.getMessage());
      }
    }
    if (outs.isEmpty()) {
      throw new IOException(String.join("; ", failed.values()));
    }
    return outs;
  }

  /** Writes to every open stream; one that fails is closed and dropped, and the others go on. */
  private static void write(Map<Sink, OutputStream> outs, byte[] buffer, int length,
      Map<TargetTableName, String> failed, CopyCounters counters) throws IOException {
    for (Sink sink : new ArrayList<>(outs.keySet())) {
      try {
        outs.get(sink).write(buffer, 0, length);
        counters.written(sink.destination(), length);
      } catch (IOException e) {
        failed.put(sink.destination(), "writing " + sink.to() + " failed: " + e.getMessage());
        abortQuietly(outs.remove(sink));
      }
    }
    if (outs.isEmpty()) {
      throw new IOException(String.join("; ", failed.values()));
    }
  }

  private static void closeAll(Map<Sink, OutputStream> outs, Map<TargetTableName, String> failed) {
    for (Sink sink : new ArrayList<>(outs.keySet())) {
      try {
        outs.remove(sink).close();
      } catch (IOException e) {
        failed.put(sink.destination(), "closing " + sink.to() + " failed: " + e.getMessage());
      }
    }
  }

  /** Closes what is still open after a failure; the partial files are never published. */
  private static void abortAll(Map<Sink, OutputStream> outs) {
    outs.values().forEach(FileCopier::abortQuietly);
    outs.clear();
  }

  /**
   * Ends a failed copy without making it a file where the stream can: closing an object store's upload
   * would complete it, storing the partial object; aborting it discards the parts instead.
   */
  private static void abortQuietly(OutputStream out) {
    if (out instanceof StreamCapabilities stream && stream.hasCapability(StreamCapabilities.ABORTABLE_STREAM)
        && out instanceof Abortable abortable) {
      try {
        abortable.abort();
        return;
      } catch (RuntimeException e) {
        LOG.debug("aborting a failed copy", e);
      }
    }
    closeQuietly(out);
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing a failed copy", e);
    }
  }

  /**
   * Checks a finished copy and returns the file as its version counts it, and by destination why a
   * copy is wrong. The HDFS client has already checked every byte it read against the source's stored
   * checksums, so the CRC32C of the bytes read is the source's. It must equal the checksum the source
   * stores (read when the partition was planned, or now for a partition planned without checksums), else
   * the file changed since planning and every copy fails; and each copy's CRC32C as its file system stored
   * it (one call; a re-read where the target cannot tell it) must equal it too. A copy on an object store
   * is never read back: its length and ETag (one call) must be those of the bytes read, see {@link
   * #checkObject}.
   */
  Verified verify(Written written) throws IOException, InterruptedException {
    closePending(written);
    DataFile file = written.file();
    if (written.bytes() != file.length()) {
      throw new IOException("source file " + written.from() + " changed while copying: planned " + file.length()
          + " bytes, read " + written.bytes());
    }
    DataFile versioned = file;
    if (verify == VerifyMode.CHECKSUM && written.bytes() > 0) {
      versioned = file.hasChecksum() ? file
          : file.withChecksum(source.storedCrc32c(written.from()).orElse(DataFile.UNKNOWN));
      if (versioned.hasChecksum() && versioned.crc32c() != written.crc32c()) {
        throw new IOException("source file " + written.from() + " changed since it was planned: its CRC32C is "
            + Long.toHexString(versioned.crc32c()) + ", the bytes read have " + Long.toHexString(written.crc32c()));
      }
    }
    Map<TargetTableName, String> failed = new LinkedHashMap<>(written.failed());
    for (Sink sink : written.sinks()) {
      if (!failed.containsKey(sink.destination())) {
        try {
          String wrong = check(sink, written);
          if (wrong != null) {
            failed.put(sink.destination(), wrong);
          }
        } catch (IOException e) {
          failed.put(sink.destination(), "cannot check the copy at " + sink.to() + ": " + e.getMessage());
        }
      }
    }
    return new Verified(versioned, written.bytes(), failed);
  }

  /** Closes what the copy left open, before anything is checked: a copy is only complete once closed. */
  private void closePending(Written written) throws IOException {
    PendingClose later = written.close();
    if (later == null) {
      return;
    }
    if (!pending.remove(later)) {
      throw new IOException("the copy of " + written.from() + " was closed unverified: its task is ending");
    }
    try {
      closeAll(later.outs, later.failed);
    } finally {
      closesWaiting.release();
    }
  }

  /**
   * Closes, without verifying, every copy still waiting for its close: the task is ending (it failed), and
   * a copy must not stay open on the target. Its files are never published.
   */
  void abortPending() {
    aborted = true;
    for (PendingClose later : List.copyOf(pending)) {
      if (pending.remove(later)) {
        abortAll(later.outs);
        closesWaiting.release();
      }
    }
  }

  /** A verified file: as its version counts it, its bytes, and the destinations where its copy is wrong. */
  record Verified(DataFile file, long bytes, Map<TargetTableName, String> failed) {}

  /** What the copies verified so far were proven by, and the bytes read back to prove them. */
  Verification verification() {
    return tally.snapshot();
  }

  private String check(Sink sink, Written written) throws IOException, InterruptedException {
    if (written.etags() != null && sink.fs().isObjectStore(sink.to())) {
      return checkObject(sink, written);
    }
    if (verify == VerifyMode.SIZE || written.bytes() == 0) {
      long length = sink.fs().length(sink.to());
      return length == written.bytes() ? null
          : "copy of " + written.from() + " has " + length + " bytes on the target, expected " + written.bytes();
    }
    OptionalLong stored = sink.fs().storedCrc32c(sink.to());
    long crc = stored.isPresent() ? stored.getAsLong() : crcOf(sink.fs(), sink.to());
    return crc == written.crc32c() ? null : "CRC32C of the copy of " + written.from() + " (" + Long.toHexString(crc)
        + ") differs from the bytes read from the source (" + Long.toHexString(written.crc32c()) + ")";
  }

  /**
   * Checks a copy on an object store from its metadata alone (one request): its length, and its ETag
   * against the MD5s of the bytes written. An ETag that is no MD5 of the content (KMS or customer-key
   * encryption, GCS, Azure) cannot prove it: the copy then counts as verified by its length, and by the
   * source's CRC32C of the bytes read, and the store is named in a warning once. It is not read back,
   * which would cost the whole file again on the link to the store.
   */
  private String checkObject(Sink sink, Written written) throws IOException {
    ClusterFileSystem.ObjectStatus status = sink.fs().objectStatus(sink.to());
    if (status.length() != written.bytes()) {
      return "copy of " + written.from() + " at " + sink.to() + " has " + status.length()
          + " bytes on the target, expected " + written.bytes();
    }
    Optional<String> notMd5 = sink.fs().whyEtagIsNotMd5(sink.to(), false);
    OptionalLong partSize = sink.fs().uploadPartBytes(sink.to());
    UploadEtags.Verdict verdict = notMd5.isPresent()
        ? new UploadEtags.Verdict(UploadEtags.Proof.UNPROVABLE, null, notMd5.get())
        : written.etags().check(status.etag(), partSize);
    if (verdict.proof() == UploadEtags.Proof.DIFFERS) {
      // The rare path: a bucket that encrypts with KMS by default gives ETags that look like MD5s.
      Optional<String> encrypted = sink.fs().whyEtagIsNotMd5(sink.to(), true);
      if (encrypted.isEmpty()) {
        return "copy of " + written.from() + " at " + sink.to() + " is not the bytes read from the source:"
            + " the target's ETag is " + status.etag() + ", the bytes read have " + verdict.expected();
      }
      verdict = new UploadEtags.Verdict(UploadEtags.Proof.UNPROVABLE, null, encrypted.get());
    }
    if (verdict.proof() == UploadEtags.Proof.UNPROVABLE) {
      warnLengthOnly(sink, verdict.why());
      tally.verifiedByLengthOnly();
    } else {
      tally.verifiedByEtag();
      if (partSize.isPresent() && written.bytes() >= partSize.getAsLong()) {
        multipartTaggedByParts.putIfAbsent(Store.of(sink), status.etag().contains("-"));
      }
    }
    return null;
  }

  private static void warnLengthOnly(Sink sink, String why) {
    String store = Store.of(sink).uri();
    String path = sink.to();
    if (WARNED_LENGTH_ONLY.add(store)) {
      LOG.warn("Copies to {} are verified by their length and the CRC32C of the bytes read from the source only,"
          + " not by their content on the store: {} (first seen at {}). The run report counts them"
          + " (filesVerifiedByLengthOnly).", store, why, path);
    }
  }

  private long crcOf(ClusterFileSystem fs, String path) throws IOException, InterruptedException {
    byte[] buffer = buffers.acquire();
    try (InputStream in = fs.openForRead(path)) {
      CRC32C checksum = new CRC32C();
      int read;
      while ((read = fill(in, buffer)) > 0) {
        bucket.take(read);
        checksum.update(buffer, 0, read);
        tally.readBack(read);
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
