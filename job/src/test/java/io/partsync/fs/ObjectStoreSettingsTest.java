package io.partsync.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * What a cluster's settings say of its object store's uploads, as the copy's verification needs it: the
 * part size S3A uploads in, and whether the store's ETags are MD5s of the bytes. No request is made.
 */
class ObjectStoreSettingsTest {
  private static final String FILE = "s3a://bucket/warehouse/t/p=1/part-0";

  @Test
  void thePartSizeIsS3asAtLeastFiveMebibytesAndPerBucketSettingsApply() throws Exception {
    assertEquals(OptionalLong.of(64L << 20), partSize(Map.of()));
    assertEquals(OptionalLong.of(5L << 20), partSize(Map.of("fs.s3a.multipart.size", "3M")));
    assertEquals(OptionalLong.of(7L << 20), partSize(Map.of("fs.s3a.multipart.size", "16M",
        "fs.s3a.bucket.bucket.multipart.size", "7M")));
    assertEquals(OptionalLong.empty(), partSize(Map.of("fs.s3a.multipart.uploads.enabled", "false")));
    try (ClusterFileSystem local = ClusterFileSystem.open("target", Map.of("fs.defaultFS", "file:///"))) {
      assertEquals(OptionalLong.empty(), local.uploadPartBytes("file:///tmp/t/p=1/part-0"));
    }
  }

  @Test
  void etagsAreNoMd5sWhereTheSettingsEncryptWithAKmsOrCustomerKey() throws Exception {
    assertEquals(Optional.empty(), whyNotMd5(Map.of()));
    assertEquals(Optional.empty(), whyNotMd5(Map.of("fs.s3a.encryption.algorithm", "AES256")));
    for (String algorithm : new String[] {"SSE-KMS", "DSSE-KMS", "SSE-C"}) {
      Optional<String> why = whyNotMd5(Map.of("fs.s3a.encryption.algorithm", algorithm,
          "fs.s3a.encryption.key", "c2VjcmV0LWtleS1mb3ItdGhlLXRlc3QtMDEyMzQ1Njc="));
      assertTrue(why.isPresent() && why.get().contains(algorithm), algorithm + ": " + why);
    }
  }

  private static OptionalLong partSize(Map<String, String> settings) throws Exception {
    try (ClusterFileSystem fs = ClusterFileSystem.open("target", s3a(settings))) {
      return fs.uploadPartBytes(FILE);
    }
  }

  private static Optional<String> whyNotMd5(Map<String, String> settings) throws Exception {
    try (ClusterFileSystem fs = ClusterFileSystem.open("target", s3a(settings))) {
      return fs.whyEtagIsNotMd5(FILE, false);
    }
  }

  /** S3A pointed at nothing: none of these calls reaches the store. */
  private static Map<String, String> s3a(Map<String, String> settings) {
    Map<String, String> properties = new HashMap<>();
    properties.put("fs.defaultFS", "file:///");
    properties.put("fs.s3a.endpoint", "http://127.0.0.1:9");
    properties.put("fs.s3a.endpoint.region", "us-east-1");
    properties.put("fs.s3a.path.style.access", "true");
    properties.put("fs.s3a.access.key", "none");
    properties.put("fs.s3a.secret.key", "none");
    properties.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    properties.putAll(settings);
    return properties;
  }
}
