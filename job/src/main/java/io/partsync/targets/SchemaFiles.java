package io.partsync.targets;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.path.PathStrings;
import io.partsync.plan.RunId;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The copies of a table's schema files ({@code avro.schema.url}) beside its replica, under
 * {@code <table location>/.partsync/schema/<version>/<file name>}: the version is a digest of the file's
 * bytes, so a changed schema gets a new directory and the replica's property switches to it only once
 * it is complete, and readers never see a half-written schema. Hidden, the directory is no table data.
 */
public final class SchemaFiles {
  static final String DIRECTORY = ".partsync/schema";
  /** More than any schema file; a bigger one is no schema partsync should hold in memory. */
  static final int MAX_BYTES = 16 << 20;

  private SchemaFiles() {}

  /** Where the replica at {@code targetLocation} keeps its copy of a schema file of these bytes. */
  public static String targetUri(String targetLocation, String sourceUri, byte[] bytes) {
    return PathStrings.withoutTrailingSlash(targetLocation) + "/" + DIRECTORY + "/" + version(bytes) + "/"
        + fileName(sourceUri);
  }

  /** The schema file's bytes; a missing or oversized file is an IOException naming it. */
  public static byte[] read(ClusterFileSystem fs, String uri) throws IOException {
    try (InputStream in = fs.openForRead(uri)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new IOException("schema file " + uri + " is larger than " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (FileNotFoundException e) {
      throw new IOException("schema file " + uri + " does not exist on the " + fs.role() + " file system", e);
    }
  }

  /**
   * Copies the source's schema file to {@code targetUri} unless a copy is there already (the version
   * names the bytes): written under a name of this run's, then renamed. Bytes that no longer match the
   * version (the source's file changed since the check) are an IOException: the next run versions them.
   */
  public static boolean copy(ClusterFileSystem source, String sourceUri, ClusterFileSystem target, String targetUri,
      RunId runId) throws IOException {
    if (target.exists(targetUri)) {
      return false;
    }
    byte[] bytes = read(source, sourceUri);
    if (!targetUri.contains("/" + version(bytes) + "/")) {
      throw new IOException("schema file " + sourceUri + " changed during the run; run partsync again");
    }
    String temporary = targetUri + ".partsync-" + runId.value() + ".tmp";
    try (OutputStream out = target.create(temporary)) {
      out.write(bytes);
    }
    if (!target.renameIfAbsent(temporary, targetUri)) {
      target.delete(temporary, false);
      if (!target.exists(targetUri)) {
        throw new IOException("cannot rename " + temporary + " to " + targetUri + " on the target file system");
      }
    }
    return true;
  }

  static String version(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  private static String fileName(String uri) {
    String path = PathStrings.withoutTrailingSlash(uri);
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? "schema.avsc" : name;
  }
}
