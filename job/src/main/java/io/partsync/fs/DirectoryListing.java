package io.partsync.fs;

import io.partsync.plan.SourceFile;
import java.util.List;

/**
 * The data files found under one directory, with paths relative to it, or why it could not be listed.
 *
 * @param error null when the directory was listed; a missing directory is listed, and empty
 */
public record DirectoryListing(String dir, List<SourceFile> files, String error) {

  public DirectoryListing {
    files = List.copyOf(files);
  }

  public boolean succeeded() {
    return error == null;
  }
}
