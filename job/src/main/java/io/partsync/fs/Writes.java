package io.partsync.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.ipc.RemoteException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * The writes that HDFS does in one name node call and other file systems in several (replacing a file,
 * deleting a directory only if it is empty), and the check, before writing, that the run may write at all.
 */
final class Writes {
  private final FileSystem fs;
  private final String role;

  Writes(FileSystem fs, String role) {
    this.fs = fs;
    this.role = role;
  }

  /**
   * Why this run's user could not write under {@code dir}, asked of the name node without writing
   * anything: {@code dir} itself when it exists, else its nearest existing ancestor, where the run would
   * create it. Empty when it can.
   */
  Optional<String> whyNotWritable(String dir) throws IOException {
    Path path = new Path(dir);
    while (path != null && !fs.exists(path)) {
      path = path.getParent();
    }
    if (path == null) {
      return Optional.empty();
    }
    if (!fs.getFileStatus(path).isDirectory()) {
      return Optional.of(path + " is a file, not a directory");
    }
    try {
      fs.access(path, FsAction.WRITE_EXECUTE);
      return Optional.empty();
    } catch (AccessControlException e) {
      return Optional.of("user " + UserGroupInformation.getCurrentUser().getShortUserName() + " may not write "
          + path + " (" + fs.getFileStatus(path).getOwner() + ":" + fs.getFileStatus(path).getGroup() + " "
          + fs.getFileStatus(path).getPermission() + ")");
    }
  }

  /**
   * Deletes {@code dir} only if it is empty; false otherwise. On HDFS this is one non-recursive delete,
   * which the name node refuses for a non-empty directory: listing it first would cost a round trip per
   * thousand entries, and a run directory can hold tens of thousands of partitions.
   */
  boolean deleteIfEmpty(String dir) throws IOException {
    Path path = new Path(dir);
    if (fs instanceof DistributedFileSystem) {
      try {
        return fs.delete(path, false);
      } catch (PathIsNotEmptyDirectoryException e) {
        return false;
      } catch (RemoteException e) {
        if (PathIsNotEmptyDirectoryException.class.getName().equals(e.getClassName())) {
          return false;
        }
        throw e;
      }
    }
    try {
      if (fs.listStatus(path).length > 0) {
        return false;
      }
    } catch (FileNotFoundException e) {
      return false;
    }
    return fs.delete(path, false);
  }

  /** Moves a finished temporary file to its final name, replacing what was there. */
  void replace(String from, String to) throws IOException {
    Path target = new Path(to);
    if (fs instanceof DistributedFileSystem hdfs) {
      // One atomic RPC: readers see the old file or the new one, never neither.
      hdfs.rename(new Path(from), target, Options.Rename.OVERWRITE);
      return;
    }
    fs.delete(target, false);
    if (!fs.rename(new Path(from), target)) {
      throw new IOException("cannot rename " + from + " to " + to + " on the " + role + " file system");
    }
  }
}
