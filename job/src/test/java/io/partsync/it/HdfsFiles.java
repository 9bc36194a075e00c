package io.partsync.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/** Writing and reading the test clusters' files directly, as the jobs that own a table would. */
final class HdfsFiles {
  private HdfsFiles() {}

  /** Writes {@code content} to {@code path}, replacing what is there. */
  static void write(FileSystem fs, String path, String content) throws Exception {
    try (OutputStream out = fs.create(new Path(path), true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  static byte[] read(FileSystem fs, String path) throws Exception {
    try (InputStream in = fs.open(new Path(path))) {
      return in.readAllBytes();
    }
  }

  /** Every file under {@code dir} but run-directory markers, as paths relative to it, sorted. */
  static List<String> allFileNames(FileSystem fs, String dir) throws Exception {
    List<String> names = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(dir), true);
    while (files.hasNext()) {
      FileStatus status = files.next();
      if (status.getPath().getName().equals(io.partsync.housekeeping.RunOwner.MARKER)) {
        continue; // partsync's ownership marker of a run directory, not data
      }
      names.add(status.getPath().toUri().getPath().substring(new Path(dir).toUri().getPath().length()));
    }
    names.sort(null);
    return names;
  }
}
