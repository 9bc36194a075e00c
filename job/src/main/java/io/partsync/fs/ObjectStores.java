package io.partsync.fs;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/** Which file system schemes are object stores: a flat namespace of whole objects, where rename is a copy. */
final class ObjectStores {
  /** S3 (S3A), Google Cloud Storage, Azure (ABFS, WASB), Alibaba OSS, Tencent COS, Huawei OBS. */
  private static final Set<String> SCHEMES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs",
      "oss", "cosn", "obs");

  private ObjectStores() {}

  static boolean isObjectStore(URI uri) {
    return uri.getScheme() != null && SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT));
  }
}
