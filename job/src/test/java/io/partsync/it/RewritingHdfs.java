package io.partsync.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/**
 * HDFS as partsync's source client, with a writer racing it: the first time a file is opened through a
 * snapshot path, its live version is rewritten first (a line appended), as a job writing the table
 * during the copy would.
 */
public final class RewritingHdfs extends DistributedFileSystem {
  static final Set<String> REWRITTEN = ConcurrentHashMap.newKeySet();

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    String path = f.toString();
    int snapshot = path.indexOf("/.snapshot/");
    if (snapshot >= 0) {
      String rest = path.substring(snapshot + "/.snapshot/".length());
      Path live = new Path(path.substring(0, snapshot) + rest.substring(rest.indexOf('/')));
      if (REWRITTEN.add(live.toString())) {
        byte[] old;
        try (FSDataInputStream in = super.open(live, bufferSize)) {
          old = in.readAllBytes();
        }
        try (FSDataOutputStream out = create(live, true)) {
          out.write(old);
          out.write("99,written during the copy\n".getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return super.open(f, bufferSize);
  }
}
