package io.partsync.plan;

import io.partsync.fs.DataFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The version of a partition: a fingerprint of its data files (relative path, length, modification time,
 * and the stored checksum when one was read). Two listings of unchanged files give the same version;
 * any added, removed, rewritten or touched file gives another. Metadata is not part of it, so the
 * source's bookkeeping parameters never count as a change.
 */
public final class PartitionVersion {
  private PartitionVersion() {}

  public static String of(List<DataFile> files) {
    MessageDigest digest = sha256();
    files.stream().sorted(Comparator.comparing(DataFile::relativePath)).forEach(file -> {
      String entry = file.relativePath() + '\0' + file.length() + '\0' + file.modificationTime() + '\0'
          + (file.hasChecksum() ? Long.toHexString(file.crc32c()) : "-") + '\n';
      digest.update(entry.getBytes(StandardCharsets.UTF_8));
    });
    byte[] hash = digest.digest();
    // 128 bits: collisions are out of reach, and the value stays short in the metastore.
    return "v1:" + HexFormat.of().formatHex(hash, 0, 16);
  }

  /** The fingerprint of the files' names, lengths and modification times, whether checksums are known or not. */
  public static String ofListing(List<DataFile> files) {
    return of(files.stream().map(DataFile::withoutChecksum).toList());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }
}
