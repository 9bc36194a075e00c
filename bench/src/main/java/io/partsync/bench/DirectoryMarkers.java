package io.partsync.bench;

import io.partsync.embedded.S3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works around the S3 test server's directories. First, its directory markers: S3Proxy 3.0's file-system
 * store keeps the marker object {@code dir/} (what S3A's mkdirs writes, and so the metastore's) as a
 * directory with the object's attributes, and then answers a HEAD of {@code dir}, without the slash, with
 * that marker as a 0-byte object; S3A takes that for a file, so a directory someone made with mkdirs
 * becomes a file to every later getFileStatus. S3 answers 404 there. Stripping the attributes leaves a
 * plain directory, which the server treats as the implicit directory S3 would show: what is under it, and
 * no object of its own.
 * Second, deleting every object under a prefix can leave its directories on the server's disk, which the
 * server goes on listing as a prefix; S3 would list nothing there.
 */
final class DirectoryMarkers {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryMarkers.class);

  private DirectoryMarkers() {}

  /**
   * Deletes what is left on the server's disk under {@code key} once its objects are deleted: the empty
   * directories the server would go on listing as a prefix, where S3 lists nothing.
   */
  static void deleteTree(S3Server s3, String bucket, String key) throws IOException {
    Path root = s3.objectFile(bucket, key);
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** Turns every directory marker in {@code bucket} into a plain directory; how many there were. */
  static int demote(S3Server s3, String bucket) throws IOException {
    Path root = s3.objectFile(bucket, "");
    int demoted = 0;
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path dir : paths.filter(Files::isDirectory).filter(p -> !p.equals(root)).toList()) {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(dir, UserDefinedFileAttributeView.class);
        List<String> names = view == null ? List.of() : view.list();
        for (String name : names) {
          view.delete(name);
        }
        demoted += names.isEmpty() ? 0 : 1;
      }
    }
    if (demoted > 0) {
      LOG.info("s3: {} directory marker(s) demoted to plain directories", demoted);
    }
    return demoted;
  }
}
