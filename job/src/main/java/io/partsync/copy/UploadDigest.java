package io.partsync.copy;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The MD5s an object store's ETag of a copy is made of, computed over the bytes as they are written, so
 * the copy can be proven from the store's metadata without reading it back: the MD5 of the whole content
 * (the ETag of a single-part upload), and for each part size the MD5 of each part, which S3 combines into
 * {@code md5(part md5s)-N} for a multipart upload. One digest serves every sink, as all are written the
 * same bytes; the part MD5s are taken only for files that can span more than one part of that size (a
 * single part's MD5 is the whole content's). Each MD5 costs far more CPU than the CRC32C, so a file large
 * enough to be uploaded in parts can leave out the whole-content MD5, or the parts', where the stores it
 * goes to are known to tag such uploads the other way.
 *
 * <p>Each copy stream reuses its own digests from file to file ({@link #forThisThread}): a stream copies
 * one file at a time, start to finish, on one thread. The bytes are never copied: each buffer read is
 * digested where it lies.
 */
final class UploadDigest {
  private static final int MD5_BYTES = 16;
  private static final ThreadLocal<UploadDigest> REUSED = ThreadLocal.withInitial(UploadDigest::new);

  private final MessageDigest whole = md5();
  /** Part digests by part size, kept for reuse; those in {@link #active} are fed the current file. */
  private final Map<Long, Parts> byPartSize = new HashMap<>();
  private final List<Parts> active = new ArrayList<>();
  private final byte[] scratch = new byte[MD5_BYTES];
  private final List<Long> partSizes = new ArrayList<>();
  private boolean wholeWanted;
  private long bytes;

  private UploadDigest() {}

  /**
   * This thread's digest, reset for a file of {@code plannedLength} bytes to be uploaded at each of
   * {@code partSizes}. It is valid until this thread starts digesting the next file.
   */
  static UploadDigest forThisThread(long plannedLength, Set<Long> partSizes) {
    return forThisThread(plannedLength, partSizes, true);
  }

  /**
   * As {@link #forThisThread(long, Set)}; without {@code wholeWanted}, a file at least one part long gets
   * no whole-content MD5 (a smaller one always does: it is its only part's).
   */
  static UploadDigest forThisThread(long plannedLength, Set<Long> partSizes, boolean wholeWanted) {
    UploadDigest digest = REUSED.get();
    digest.reset(plannedLength, partSizes, wholeWanted);
    return digest;
  }

  /** A digest of its own, for a single use. */
  static UploadDigest fresh(long plannedLength, Set<Long> partSizes) {
    UploadDigest digest = new UploadDigest();
    digest.reset(plannedLength, partSizes, true);
    return digest;
  }

  private void reset(long plannedLength, Set<Long> partSizes, boolean wholeWanted) {
    whole.reset();
    bytes = 0;
    active.clear();
    this.partSizes.clear();
    this.partSizes.addAll(new TreeSet<>(partSizes));
    for (long partSize : this.partSizes) {
      if (partSize <= 0) {
        throw new IllegalArgumentException("part size " + partSize);
      }
      if (plannedLength >= partSize) {
        Parts parts = byPartSize.computeIfAbsent(partSize, Parts::new);
        parts.reset();
        active.add(parts);
      }
    }
    // A part size the file does not reach needs the whole MD5: that is its only part's.
    this.wholeWanted = wholeWanted || active.isEmpty() || active.size() < this.partSizes.size();
  }

  void update(byte[] buffer, int offset, int length) {
    if (wholeWanted) {
      whole.update(buffer, offset, length);
    }
    bytes += length;
    for (Parts parts : active) {
      parts.update(buffer, offset, length);
    }
  }

  /** The ETags a store may give the bytes digested, at each of the part sizes this digest was reset for. */
  UploadEtags finish() {
    byte[] md5 = wholeWanted ? whole.digest() : null;
    Map<Long, String> multipart = new LinkedHashMap<>();
    for (long partSize : partSizes) {
      Parts parts = active.stream().filter(p -> p.size == partSize).findFirst().orElse(null);
      if (parts != null) {
        multipart.put(partSize, parts.finish());
      } else if (md5 != null && bytes > 0 && bytes <= partSize) {
        // The bytes fit one part: that part's MD5 is the whole content's.
        MessageDigest ofParts = md5();
        ofParts.update(md5);
        multipart.put(partSize, UploadEtags.hex(ofParts.digest()) + "-1");
      }
    }
    return new UploadEtags(bytes, md5 == null ? null : UploadEtags.hex(md5), multipart);
  }

  /** The MD5s of the parts of one size, combined as S3 combines them for a multipart upload's ETag. */
  private final class Parts {
    private final long size;
    private final MessageDigest part = md5();
    private final MessageDigest ofParts = md5();
    private long inPart;
    private int count;

    Parts(long size) {
      this.size = size;
    }

    void reset() {
      part.reset();
      ofParts.reset();
      inPart = 0;
      count = 0;
    }

    void update(byte[] buffer, int offset, int length) {
      int at = offset;
      int left = length;
      while (left > 0) {
        int take = (int) Math.min(left, size - inPart);
        part.update(buffer, at, take);
        inPart += take;
        at += take;
        left -= take;
        if (inPart == size) {
          endPart();
        }
      }
    }

    /** A full part ends as soon as its last byte arrives, as S3A uploads a block once it is full. */
    private void endPart() {
      try {
        part.digest(scratch, 0, MD5_BYTES);
      } catch (DigestException e) {
        throw new IllegalStateException("MD5 digest", e);
      }
      ofParts.update(scratch, 0, MD5_BYTES);
      inPart = 0;
      count++;
    }

    String finish() {
      if (inPart > 0) {
        endPart();
      }
      return UploadEtags.hex(ofParts.digest()) + "-" + count;
    }
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5, which every Java platform must provide", e);
    }
  }
}
