package io.partsync.copy;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSDataOutputStreamBuilder;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.s3a.S3AFileStatus;
import org.apache.hadoop.fs.s3a.S3AFileSystem;

/**
 * S3A, set as {@code fs.s3a.impl}, misbehaving as {@value #TAMPER} says (comma-separated): {@code
 * flip-byte} flips the first byte of every data file written (not partsync's lock, records and markers, whose
 * names start with '.'), {@code drop-byte} leaves it out, {@code
 * opaque-etag} gives files an ETag that is no MD5 (as GCS would), {@code kms-bucket} one that looks like an
 * MD5 but is not and says the object is encrypted with {@code aws:kms} (as a bucket encrypting with KMS by
 * default would), {@code hide:NAME} leaves the file NAME out of directory listings; with none it behaves as
 * S3A. Each instance is kept under
 * its {@value #NAME}, so a test can read its statistics.
 */
public final class TamperingS3AFileSystem extends S3AFileSystem {
  public static final String TAMPER = "partsync.test.s3a.tamper";
  public static final String NAME = "partsync.test.s3a.name";
  public static final String OPAQUE_ETAG = "CKih16GjycICEAE=";
  /** An ETag of a KMS-encrypted object: the shape of an MD5, not the MD5 of the bytes. */
  public static final String KMS_ETAG = "0f343b0931126a20f133d67c2b018a3b";
  private static final Map<String, TamperingS3AFileSystem> BY_NAME = new ConcurrentHashMap<>();

  private List<String> tamper = List.of();

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    tamper = List.of(conf.getTrimmedStrings(TAMPER));
    BY_NAME.put(conf.getTrimmed(NAME, ""), this);
  }

  /** The instance a test's file system properties named. */
  public static TamperingS3AFileSystem named(String name) {
    TamperingS3AFileSystem fs = BY_NAME.get(name);
    if (fs == null) {
      throw new IllegalStateException("no S3A instance was opened as " + name);
    }
    return fs;
  }

  /** This instance's IO statistics counters, as S3A keeps them (stream_read_bytes, ...). */
  public Map<String, Long> counters() {
    return getIOStatistics().counters();
  }

  @Override
  public FSDataOutputStreamBuilder createFile(Path path) {
    if (!tamper.contains("flip-byte") && !tamper.contains("drop-byte") || isHidden(path)) {
      return super.createFile(path);
    }
    return new DamagingBuilder(path);
  }

  @Override
  public FileStatus getFileStatus(Path path) throws IOException {
    FileStatus status = super.getFileStatus(path);
    String etag = tamper.contains("opaque-etag") ? OPAQUE_ETAG : tamper.contains("kms-bucket") ? KMS_ETAG : null;
    if (etag == null || !status.isFile()) {
      return status;
    }
    return new S3AFileStatus(status.getLen(), status.getModificationTime(), status.getPath(),
        status.getBlockSize(), status.getOwner(), etag, null);
  }

  @Override
  public byte[] getXAttr(Path path, String name) throws IOException {
    if (tamper.contains("kms-bucket") && name.equals("header.x-amz-server-side-encryption")) {
      return "aws:kms".getBytes(StandardCharsets.UTF_8);
    }
    return super.getXAttr(path, name);
  }

  @Override
  public FileStatus[] listStatus(Path path) throws IOException {
    FileStatus[] listed = super.listStatus(path);
    List<String> hidden = tamper.stream().filter(t -> t.startsWith("hide:")).map(t -> t.substring(5)).toList();
    return Arrays.stream(listed).filter(s -> !hidden.contains(s.getPath().getName())).toArray(FileStatus[]::new);
  }

  /** Creates through S3A's plain create, then damages the first byte that goes through the stream. */
  private final class DamagingBuilder extends FSDataOutputStreamBuilder<FSDataOutputStream, DamagingBuilder> {
    DamagingBuilder(Path path) {
      super(TamperingS3AFileSystem.this, path);
    }

    @Override
    public DamagingBuilder getThisBuilder() {
      return this;
    }

    @Override
    public FSDataOutputStream build() throws IOException {
      boolean overwrite = getFlags().contains(CreateFlag.OVERWRITE);
      FSDataOutputStream out = TamperingS3AFileSystem.this.create(getPath(), overwrite);
      return tamper.contains("flip-byte") ? CorruptingFileSystem.corrupt(out) : dropFirstByte(out);
    }
  }

  private static FSDataOutputStream dropFirstByte(FSDataOutputStream out) throws IOException {
    return new FSDataOutputStream(new FilterOutputStream(out) {
      private boolean dropped;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        if (!dropped && len > 0) {
          dropped = true;
          out.write(b, off + 1, len - 1);
        } else {
          out.write(b, off, len);
        }
      }
    }, null);
  }

  /** A file under a directory, or with a name, starting with '.': partsync's state, not table data. */
  private static boolean isHidden(Path path) {
    for (Path at = path; at != null && !at.isRoot(); at = at.getParent()) {
      if (at.getName().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
