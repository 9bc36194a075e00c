package io.partsync.fs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/**
 * The open multipart uploads under a prefix of an S3 bucket, listed and aborted with the S3A client's own
 * S3 client. S3A's listing asks for a page size, which some S3-compatible stores refuse (S3Proxy answers
 * 501); without one every store pages by its default of 1,000. Loaded only for {@code s3a://} paths.
 */
final class S3Uploads {
  private S3Uploads() {}

  /** The uploads still open under {@code dir}: their keys. */
  static List<String> openUnder(FileSystem fs, String dir) throws IOException {
    List<String> keys = new ArrayList<>();
    for (MultipartUpload upload : list(fs, dir)) {
      keys.add(upload.key());
    }
    return keys;
  }

  /** Aborts the uploads still open under {@code dir}; how many. */
  static int abortUnder(FileSystem fs, String dir) throws IOException {
    S3Client s3 = client(fs);
    String bucket = fs.getUri().getHost();
    int aborted = 0;
    try {
      for (MultipartUpload upload : list(fs, dir)) {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
        aborted++;
      }
    } catch (SdkException e) {
      throw new IOException("cannot abort the open uploads under " + dir + ": " + e.getMessage(), e);
    }
    return aborted;
  }

  private static List<MultipartUpload> list(FileSystem fs, String dir) throws IOException {
    S3Client s3 = client(fs);
    String bucket = fs.getUri().getHost();
    String prefix = Path.getPathWithoutSchemeAndAuthority(fs.makeQualified(new Path(dir))).toString().substring(1)
        + "/";
    List<MultipartUpload> uploads = new ArrayList<>();
    ListMultipartUploadsRequest.Builder request = ListMultipartUploadsRequest.builder().bucket(bucket).prefix(prefix);
    try {
      while (true) {
        ListMultipartUploadsResponse page = s3.listMultipartUploads(request.build());
        uploads.addAll(page.uploads());
        if (!Boolean.TRUE.equals(page.isTruncated())) {
          return uploads;
        }
        request.keyMarker(page.nextKeyMarker()).uploadIdMarker(page.nextUploadIdMarker());
      }
    } catch (SdkException e) {
      throw new IOException("cannot list the open uploads under " + dir + ": " + e.getMessage(), e);
    }
  }

  private static S3Client client(FileSystem fs) {
    return ((S3AFileSystem) fs).getS3AInternals().getAmazonS3Client("multipart upload cleanup");
  }
}
