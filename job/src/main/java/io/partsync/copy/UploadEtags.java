package io.partsync.copy;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The ETags an S3-compatible store gives an object holding exactly the bytes copied: the hex MD5 of the
 * content for a single-part upload, or {@code hex(md5(part md5s))-N} for a multipart upload of N parts
 * (some stores give the plain MD5 for those too). An ETag of neither shape (an object encrypted with a
 * KMS or customer key, Google Cloud Storage's and Azure's opaque tags) says nothing about the content.
 *
 * @param bytes how many bytes were digested
 * @param md5 the hex MD5 of the whole content, or null when it was not computed (the stores written to
 *     give a file this large a multipart ETag)
 * @param multipart by part size, the multipart ETag of the content uploaded in parts of that size; none
 *     for an empty file, which is never uploaded in parts, nor where the stores written to are known to
 *     give such uploads the whole content's MD5
 */
record UploadEtags(long bytes, String md5, Map<Long, String> multipart) {
  private static final Pattern PLAIN = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern MULTIPART = Pattern.compile("[0-9a-f]{32}-[0-9]+");
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  UploadEtags {
    multipart = Map.copyOf(multipart);
  }

  /** What an ETag proves about a copy. */
  enum Proof { MATCHES, DIFFERS, UNPROVABLE }

  /**
   * What {@code etag} says of the copy: it matches, it differs ({@code expected} then tells what it should
   * have been), or it cannot tell ({@code why} says why).
   */
  record Verdict(Proof proof, String expected, String why) {}

  /**
   * Checks a store's ETag against these bytes.
   *
   * @param partSize the part size the store's client uploads with, or empty where it has none or is unknown
   */
  Verdict check(String etag, OptionalLong partSize) {
    if (etag == null || etag.isBlank()) {
      return new Verdict(Proof.UNPROVABLE, null, "the store gives no ETag");
    }
    String tag = etag.replace("\"", "").trim().toLowerCase(Locale.ROOT);
    if (PLAIN.matcher(tag).matches()) {
      if (md5 == null) {
        return new Verdict(Proof.UNPROVABLE, null, "the store gave a plain ETag where it gave multipart ones"
            + " before, and the MD5 of the whole content was not computed");
      }
      return tag.equals(md5) ? matches() : new Verdict(Proof.DIFFERS, md5, null);
    }
    if (MULTIPART.matcher(tag).matches()) {
      if (partSize.isEmpty()) {
        return new Verdict(Proof.UNPROVABLE, null, "a multipart ETag, of parts of a size unknown here");
      }
      String expected = multipart.get(partSize.getAsLong());
      if (expected == null && bytes == 0) {
        return new Verdict(Proof.DIFFERS, md5, null);
      }
      if (expected == null) {
        return new Verdict(Proof.UNPROVABLE, null, "the store gave a multipart ETag where it gave the whole"
            + " content's MD5 before, and the parts' MD5s were not computed");
      }
      return tag.equals(expected) ? matches()
          : new Verdict(Proof.DIFFERS, expected + " (parts of " + partSize.getAsLong() + " bytes)", null);
    }
    return new Verdict(Proof.UNPROVABLE, null, "its ETag " + etag + " is not an MD5 of the content");
  }

  private static Verdict matches() {
    return new Verdict(Proof.MATCHES, null, null);
  }

  static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }
}
