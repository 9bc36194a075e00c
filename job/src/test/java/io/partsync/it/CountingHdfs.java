package io.partsync.it;

import java.io.IOException;
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
}
