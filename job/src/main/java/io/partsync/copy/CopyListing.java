package io.partsync.copy;

import io.partsync.fs.DataFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a partition's copy, listed right after it was written, shows exactly the files written with
 * their lengths. Its target version is computed from that listing, and an object store's listing right
 * after a write is not to be trusted to be complete (nor free of leftovers): a version recorded from a
 * partial listing would name a partition that is not the source's.
 */
final class CopyListing {
  /** How many names a message lists of each kind at most. */
  private static final int SHOWN = 5;

  private CopyListing() {}

  /** Why {@code listed} is not exactly {@code written}, as a message about {@code dir}; null when it is. */
  static String mismatch(String dir, List<DataFile> written, List<DataFile> listed) {
    Map<String, Long> expected = new LinkedHashMap<>();
    written.forEach(f -> expected.put(f.relativePath(), f.length()));
    List<String> unexpected = new ArrayList<>();
    List<String> lengths = new ArrayList<>();
    for (DataFile file : listed) {
      Long length = expected.remove(file.relativePath());
      if (length == null) {
        unexpected.add(file.relativePath());
      } else if (length != file.length()) {
        lengths.add(file.relativePath() + " (" + file.length() + " bytes listed, " + length + " written)");
      }
    }
    if (expected.isEmpty() && unexpected.isEmpty() && lengths.isEmpty()) {
      return null;
    }
    List<String> problems = new ArrayList<>();
    add(problems, "missing", new ArrayList<>(expected.keySet()));
    add(problems, "not written by this copy", unexpected);
    add(problems, "of another length", lengths);
    return "the listing of " + dir + " right after the copy does not show exactly the " + written.size()
        + " file(s) written: " + String.join("; ", problems) + ". The partition is not published; the next run"
        + " copies it again";
  }

  private static void add(List<String> problems, String kind, List<String> names) {
    if (!names.isEmpty()) {
      String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())));
      problems.add(kind + ": " + shown + (names.size() > SHOWN ? " and " + (names.size() - SHOWN) + " more" : ""));
    }
  }
}
