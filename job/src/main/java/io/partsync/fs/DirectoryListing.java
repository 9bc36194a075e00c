package io.partsync.fs;

import java.util.List;

/**
 * The data files found under one directory, with paths relative to it, or why it could not be listed.
 *
 * @param error null when the directory was listed; a missing directory is listed, and empty, where the
 *     caller lets it be
 * @param missing whether the directory does not exist (and that is its error)
 */
public record DirectoryListing(String dir, List<DataFile> files, String error, boolean missing) {

  public DirectoryListing {
    files = List.copyOf(files);
  }

  public boolean succeeded() {
    return error == null;
  }
}
