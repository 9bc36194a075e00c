package io.partsync.fs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.MultipartUploader;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UploadHandle;
import org.apache.hadoop.fs.statistics.IOStatisticsSource;

/**
 * What the object-store tests ask of the file system instance behind a {@link ClusterFileSystem}: the
 * request counters S3A keeps, and a multipart upload left open as a killed writer leaves it.
 */
public final class S3Probe {
  private S3Probe() {}

  /** The store's cumulative statistics counters for the instance serving {@code path}, by name. */
  public static Counters counters(ClusterFileSystem fs, String path) {
    FileSystem store = fs.fileSystemOf(path);
    if (!(store instanceof IOStatisticsSource source) || source.getIOStatistics() == null) {
      throw new IllegalStateException(store.getUri() + " keeps no request statistics");
    }
    return new Counters(new TreeMap<>(source.getIOStatistics().counters()));
  }

  /** A snapshot of the counters; {@link #since} gives what happened after an earlier one. */
  public record Counters(Map<String, Long> values) {
    public long get(String name) {
      return values.getOrDefault(name, 0L);
    }

    public Counters since(Counters earlier) {
      Map<String, Long> delta = new TreeMap<>();
      values.forEach((name, value) -> {
        long change = value - earlier.get(name);
        if (change != 0) {
          delta.put(name, change);
        }
      });
      return new Counters(delta);
    }
  }

  /**
   * Starts a multipart upload of {@code path} and uploads one part of it, each step awaited, and neither
   * completes nor aborts it: what a copy killed mid-file leaves on the store, deterministically (a stream's
   * part uploads run in the background).
   */
  public static void openUpload(ClusterFileSystem fs, String path, int partBytes) throws IOException {
    FileSystem store = fs.fileSystemOf(path);
    Path file = store.makeQualified(new Path(path));
    try (MultipartUploader uploader = store.createMultipartUploader(file.getParent()).build()) {
      UploadHandle upload = uploader.startUpload(file).get();
      byte[] part = new byte[partBytes];
      uploader.putPart(upload, 1, true, file, new ByteArrayInputStream(part), part.length).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while uploading to " + path, e);
    } catch (ExecutionException e) {
      throw new IOException("cannot start an upload of " + path + ": " + e.getCause(), e.getCause());
    }
  }
}
