package io.partsync.it;

import io.partsync.embedded.EmbeddedCluster;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;

/** HDFS as partsync's source client, remembering every file it opens for reading. */
public final class CountingHdfs extends DistributedFileSystem {
  static final Set<String> OPENED = ConcurrentHashMap.newKeySet();

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    OPENED.add(Path.getPathWithoutSchemeAndAuthority(f).toString());
    return super.open(f, bufferSize);
  }

  /** The files opened under the table directory {@code dir}, as paths without scheme, sorted. */
  static List<String> openedUnder(String dir) {
    String tableDir = new Path(dir).toUri().getPath();
    return OPENED.stream().filter(p -> p.startsWith(tableDir + "/")).sorted().toList();
  }

  /** The {@code source:} section of a config whose source is read through this client, up to its properties. */
  static String sourceSection(EmbeddedCluster source) {
    return String.join("\n",
        "source:",
        "  default-fs: " + source.defaultFs(),
        "  metastore-uris: " + source.metastoreUri(),
        "  properties:",
        "    fs.hdfs.impl: " + CountingHdfs.class.getName(),
        "");
  }
}
