package io.partsync.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.copy.UploadEtags.Proof;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The MD5s of an upload and the S3 ETags they prove, computed here independently of the streaming digest. */
class UploadEtagsTest {
  private static final long PART = 5L << 20;

  @Test
  void aSinglePartUploadIsProvenByTheMd5OfItsBytes() throws Exception {
    byte[] bytes = random(100_000, 1);

    UploadEtags etags = digest(bytes, Set.of(PART), 4096);

    assertEquals(md5(bytes), etags.md5());
    assertEquals(Proof.MATCHES, etags.check(md5(bytes), OptionalLong.of(PART)).proof());
    assertEquals(Proof.MATCHES, etags.check("\"" + md5(bytes).toUpperCase() + "\"", OptionalLong.of(PART)).proof());
    // The same bytes as a multipart upload of one part: the MD5 of that part's MD5.
    assertEquals(Proof.MATCHES, etags.check(multipart(bytes, PART), OptionalLong.of(PART)).proof());
    UploadEtags.Verdict other = etags.check(md5(random(100_000, 2)), OptionalLong.of(PART));
    assertEquals(Proof.DIFFERS, other.proof());
    assertEquals(md5(bytes), other.expected());
  }

  @Test
  void aMultipartUploadIsProvenByTheMd5OfItsPartsMd5sAndTheirCount() throws Exception {
    byte[] bytes = random((int) (2 * PART + 1_234_567), 3);

    // Reads of an odd size cross the part boundaries in the middle of a buffer.
    UploadEtags etags = digest(bytes, Set.of(PART), 77_777);

    String expected = multipart(bytes, PART);
    assertTrue(expected.endsWith("-3"), expected);
    assertEquals(Proof.MATCHES, etags.check(expected, OptionalLong.of(PART)).proof());
    // Some stores give a multipart upload the MD5 of the whole content.
    assertEquals(Proof.MATCHES, etags.check(md5(bytes), OptionalLong.of(PART)).proof());
    UploadEtags.Verdict otherPartSize = etags.check(multipart(bytes, 8L << 20), OptionalLong.of(PART));
    assertEquals(Proof.DIFFERS, otherPartSize.proof());
    assertEquals(expected + " (parts of " + PART + " bytes)", otherPartSize.expected());
  }

  @Test
  void aFileOfExactlyOnePartIsOnePartAndEachPartSizeHasItsOwnEtag() throws Exception {
    byte[] bytes = random((int) PART, 4);
    long larger = 8L << 20;

    UploadEtags etags = digest(bytes, Set.of(PART, larger), 65_536);

    assertEquals(multipart(bytes, PART), etags.multipart().get(PART));
    assertTrue(etags.multipart().get(PART).endsWith("-1"));
    assertEquals(multipart(bytes, larger), etags.multipart().get(larger));
    assertEquals(Proof.MATCHES, etags.check(multipart(bytes, larger), OptionalLong.of(larger)).proof());
  }

  @Test
  void anOpaqueEtagCannotProveTheContent() throws Exception {
    byte[] bytes = random(1000, 5);
    UploadEtags etags = digest(bytes, Set.of(PART), 100);

    for (String opaque : List.of("CKih16GjycICEAE=", "0x8DC1A2B3C4D5E6F", "W/\"abc\"", "")) {
      assertEquals(Proof.UNPROVABLE, etags.check(opaque, OptionalLong.of(PART)).proof(), opaque);
    }
    assertEquals(Proof.UNPROVABLE, etags.check(null, OptionalLong.of(PART)).proof());
    // A multipart ETag whose part size is not known here cannot be recomputed.
    assertEquals(Proof.UNPROVABLE, etags.check(multipart(bytes, PART), OptionalLong.empty()).proof());
  }

  @Test
  void anEmptyFileIsTheMd5OfNothingAndNeverMultipart() throws Exception {
    UploadEtags etags = digest(new byte[0], Set.of(PART), 100);

    assertEquals("d41d8cd98f00b204e9800998ecf8427e", etags.md5());
    assertEquals(Proof.MATCHES, etags.check("d41d8cd98f00b204e9800998ecf8427e", OptionalLong.of(PART)).proof());
    assertEquals(Proof.DIFFERS, etags.check(md5(new byte[0]).replace('d', 'e'), OptionalLong.of(PART)).proof());
    assertEquals(Proof.DIFFERS, etags.check("d41d8cd98f00b204e9800998ecf8427e-1", OptionalLong.of(PART)).proof());
  }

  @Test
  void aStreamReusesItsDigestsFromFileToFile() throws Exception {
    byte[] first = random((int) PART + 10, 6);
    byte[] second = random(3 * 1024, 7);

    UploadDigest digest = UploadDigest.forThisThread(first.length, Set.of(PART));
    digest.update(first, 0, first.length);
    UploadEtags one = digest.finish();
    UploadDigest again = UploadDigest.forThisThread(second.length, Set.of(PART));
    again.update(second, 0, second.length);
    UploadEtags two = again.finish();

    assertEquals(multipart(first, PART), one.multipart().get(PART));
    assertEquals(md5(second), two.md5());
    assertEquals(multipart(second, PART), two.multipart().get(PART));
  }

  @Test
  void aStoreKnownToTagPartsByTheirMd5sSparesTheWholeMd5OfALargeFile() throws Exception {
    byte[] bytes = random((int) (PART + 100), 8);

    UploadDigest digest = UploadDigest.forThisThread(bytes.length, Set.of(PART), false);
    digest.update(bytes, 0, bytes.length);
    UploadEtags etags = digest.finish();

    assertEquals(null, etags.md5());
    assertEquals(Proof.MATCHES, etags.check(multipart(bytes, PART), OptionalLong.of(PART)).proof());
    // Should the store tag this one otherwise after all, it cannot be proven: not taken for a difference.
    assertEquals(Proof.UNPROVABLE, etags.check(md5(bytes), OptionalLong.of(PART)).proof());
  }

  @Test
  void aStoreKnownToTagUploadsByTheWholeMd5SparesThePartsMd5s() throws Exception {
    byte[] bytes = random((int) (PART + 100), 9);

    UploadDigest digest = UploadDigest.forThisThread(bytes.length, Set.of(), true);
    digest.update(bytes, 0, bytes.length);
    UploadEtags etags = digest.finish();

    assertEquals(Proof.MATCHES, etags.check(md5(bytes), OptionalLong.of(PART)).proof());
    assertEquals(Proof.UNPROVABLE, etags.check(multipart(bytes, PART), OptionalLong.of(PART)).proof());
  }

  @Test
  void aFileBelowOnePartAlwaysGetsItsWholeMd5() throws Exception {
    byte[] bytes = random(1000, 10);

    UploadDigest digest = UploadDigest.forThisThread(bytes.length, Set.of(PART), false);
    digest.update(bytes, 0, bytes.length);

    assertEquals(md5(bytes), digest.finish().md5());
  }

  private static UploadEtags digest(byte[] bytes, Set<Long> partSizes, int readSize) {
    UploadDigest digest = UploadDigest.fresh(bytes.length, partSizes);
    for (int at = 0; at < bytes.length; at += readSize) {
      digest.update(bytes, at, Math.min(readSize, bytes.length - at));
    }
    return digest.finish();
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  /** S3's ETag of a multipart upload: the MD5 of the parts' binary MD5s, and the number of parts. */
  private static String multipart(byte[] bytes, long partSize) throws Exception {
    MessageDigest ofParts = MessageDigest.getInstance("MD5");
    int parts = 0;
    for (long at = 0; at < bytes.length; at += partSize) {
      MessageDigest part = MessageDigest.getInstance("MD5");
      part.update(bytes, (int) at, (int) Math.min(partSize, bytes.length - at));
      ofParts.update(part.digest());
      parts++;
    }
    return HexFormat.of().formatHex(ofParts.digest()) + "-" + parts;
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
