package io.partsync.lock;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.plan.RunId;
import io.partsync.plan.TargetLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileAlreadyExistsException;

/**
 * A table's lock file and its runs' records, in the table's state directory on the target file system:
 * reading and writing them, and nothing about who may hold the lock.
 */
final class LockFile {
  static final String FILE_NAME = "lock";
  static final String RUNS = "runs";

  private final ClusterFileSystem fs;
  private final String stateDirectory;
  private final String path;

  LockFile(ClusterFileSystem fs, String tableLocation) {
    this.fs = fs;
    this.stateDirectory = TargetLayout.stateDirectory(tableLocation);
    this.path = path(tableLocation);
  }

  static String path(String tableLocation) {
    return TargetLayout.stateDirectory(tableLocation) + "/" + FILE_NAME;
  }

  String path() {
    return path;
  }

  void makeStateDirectory() throws IOException {
    fs.mkdirs(stateDirectory);
  }

  Optional<LockRecord> read() throws IOException {
    return read(path);
  }

  /**
   * Writes the lock only if there is none, which one contender wins: on HDFS the name node decides at
   * create; on an object store the store decides when the write completes (a conditional write).
   */
  boolean tryCreate(LockRecord record) throws IOException {
    try (OutputStream out = fs.createNew(path)) {
      out.write(record.format().getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /**
   * Replaces the lock with {@code record} so that it never disappears meanwhile: on HDFS written first to
   * the lock's name plus {@code temporarySuffix} and renamed over it; on an object store in one write.
   */
  void replace(String temporarySuffix, LockRecord record) throws IOException {
    fs.writeWhole(path, record.format().getBytes(StandardCharsets.UTF_8), path + temporarySuffix);
  }

  void delete() throws IOException {
    fs.delete(path, false);
  }

  /**
   * Renames the lock aside for a takeover, to the name the taker's {@code runId} gives it, which only one
   * contender can do; empty when the lock is gone or another contender's rename came first.
   */
  Optional<String> moveAside(RunId runId) throws IOException {
    String aside = path + ".taken-by-" + runId;
    return fs.renameIfAbsent(path, aside) ? Optional.of(aside) : Optional.empty();
  }

  Optional<LockRecord> readAside(String aside) throws IOException {
    return read(aside);
  }

  /** Puts a lock moved aside back, unless a lock was created meanwhile. */
  void putBack(String aside) throws IOException {
    fs.renameIfAbsent(aside, path);
  }

  void deleteAside(String aside) throws IOException {
    fs.delete(aside, false);
  }

  void writeRunRecord(RunId runId, LockRecord record) throws IOException {
    write(runsDirectory() + "/" + runId, record);
  }

  boolean hasRunRecord(String runId) throws IOException {
    return fs.readSmallFile(runsDirectory() + "/" + runId).isPresent();
  }

  void deleteRunRecord(String runId) throws IOException {
    fs.delete(runsDirectory() + "/" + runId, false);
  }

  /** The runs other than {@code runId} whose records are there: runs that did not end cleanly. */
  List<String> otherRuns(RunId runId) throws IOException {
    List<String> runs = new ArrayList<>();
    for (String file : fs.listFiles(runsDirectory())) {
      String name = file.substring(file.lastIndexOf('/') + 1);
      if (!name.equals(runId.value())) {
        runs.add(name);
      }
    }
    return runs;
  }

  private String runsDirectory() {
    return stateDirectory + "/" + RUNS;
  }

  private void write(String file, LockRecord record) throws IOException {
    try (OutputStream out = fs.create(file)) {
      out.write(record.format().getBytes(StandardCharsets.UTF_8));
    }
  }

  private Optional<LockRecord> read(String file) throws IOException {
    return fs.readSmallFile(file).map(LockRecord::parse);
  }
}
