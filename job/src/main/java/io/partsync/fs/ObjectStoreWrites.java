package io.partsync.fs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.MultipartUploader;
import org.apache.hadoop.fs.Path;

/**
 * Writes as an object store needs them: no checks of parent "directories" before a create (they cost
 * requests per file and mean nothing there), a create-if-absent decided by the store itself, and the
 * multipart uploads a killed writer leaves open found and aborted.
 */
final class ObjectStoreWrites {
  /** Hadoop's createFile option for If-None-Match on the write that completes the object (Hadoop 3.4.2+). */
  static final String CONDITIONAL_OVERWRITE = "fs.option.create.conditional.overwrite";
  /** S3A's: skip the existence and parent checks of a create; the caller knows the name is fresh. */
  static final String CREATE_PERFORMANCE = "fs.s3a.create.performance";

  private final FileSystem fs;

  ObjectStoreWrites(FileSystem fs) {
    this.fs = fs;
  }

  OutputStream create(String path) throws IOException {
    FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(new Path(path)).overwrite(true).recursive();
    builder.opt(CREATE_PERFORMANCE, true);
    return builder.build();
  }

  /**
   * A create that the store refuses when the object exists, at close when it completes the upload. A
   * store or client without conditional writes ignores the option: then only the check at create guards,
   * and two writers at the same moment can both succeed (see the README on locks).
   */
  OutputStream createNew(String path) throws IOException {
    FSDataOutputStreamBuilder<?, ?> builder = fs.createFile(new Path(path)).overwrite(false).recursive();
    builder.opt(CONDITIONAL_OVERWRITE, true);
    return new RefusedAtClose(builder.build(), path);
  }

  /** Aborts the open multipart uploads under {@code dir}; how many, or 0 where the store cannot list them. */
  int abortUploadsUnder(String dir) throws IOException {
    if (isS3a()) {
      return S3Uploads.abortUnder(fs, dir);
    }
    Path path = new Path(dir);
    try (MultipartUploader uploader = fs.createMultipartUploader(path).build()) {
      Integer aborted = uploader.abortUploadsUnderPath(path).get();
      return aborted == null || aborted < 0 ? 0 : aborted;
    } catch (UnsupportedOperationException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while aborting the uploads under " + dir, e);
    } catch (ExecutionException e) {
      throw new IOException("cannot abort the open uploads under " + dir + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  /** The keys of the multipart uploads open under {@code dir}, where the store can list them. */
  List<String> openUploadsUnder(String dir) throws IOException {
    return isS3a() ? S3Uploads.openUnder(fs, dir) : List.of();
  }

  /** Whether the S3A client serves this store; its classes are only touched then. */
  private boolean isS3a() {
    return "s3a".equalsIgnoreCase(fs.getUri().getScheme());
  }

  /**
   * Turns the store's refusal of a conditional write (HTTP 412, precondition failed) into the
   * FileAlreadyExistsException a create of an existing file throws elsewhere.
   */
  private static final class RefusedAtClose extends FilterOutputStream {
    private final String path;

    RefusedAtClose(OutputStream out, String path) {
      super(out);
      this.path = path;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      out.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
      try {
        out.close();
      } catch (IOException e) {
        if (isPreconditionFailed(e)) {
          FileAlreadyExistsException exists = new FileAlreadyExistsException(path + " was created by another writer");
          exists.initCause(e);
          throw exists;
        }
        throw e;
      }
    }

    private static boolean isPreconditionFailed(Throwable e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        String name = cause.getClass().getSimpleName();
        String message = String.valueOf(cause.getMessage());
        if (name.equals("RemoteFileChangedException") || message.contains("412")
            || message.contains("PreconditionFailed")) {
          return true;
        }
      }
      return false;
    }
  }
}
