package io.partsync.copy;

import java.io.Serializable;

/**
 * How the copies of an executor (or a run) were verified, beyond their length: what proving them cost
 * in bytes read back from the targets (0 where the target can tell a checksum or an ETag of the content),
 * and on object stores, how many copies their ETag proved and how many could be checked by length only,
 * the store's ETag not being an MD5 of the content. A file copied to two targets counts twice.
 *
 * @param bytesReadBack bytes read from targets to checksum their copies (file systems without stored checksums)
 * @param filesVerifiedByEtag object-store copies whose ETag is that of the bytes read from the source
 * @param filesVerifiedByLengthOnly object-store copies checked by length (and the source's CRC32C of the bytes
 *     read) only, though {@code verify: checksum} asks for their content
 */
public record Verification(long bytesReadBack, long filesVerifiedByEtag, long filesVerifiedByLengthOnly)
    implements Serializable {
  public static final Verification NONE = new Verification(0, 0, 0);

  public Verification plus(Verification other) {
    return new Verification(bytesReadBack + other.bytesReadBack, filesVerifiedByEtag + other.filesVerifiedByEtag,
        filesVerifiedByLengthOnly + other.filesVerifiedByLengthOnly);
  }
}
