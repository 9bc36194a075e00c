package io.partsync.plan;

import io.partsync.fs.DataFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which files make a source partition differ from the copy a target holds, by relative path. A dry run
 * shows them so the person on call sees why a partition is copied again.
 *
 * @param added files only the source has
 * @param removed files only the target has
 * @param resized files both have with other lengths
 * @param modified files both have with the same length, changed on the source after the target's copy was
 *     written (or with another checksum, where both are known)
 */
public record FileChanges(List<String> added, List<String> removed, List<String> resized, List<String> modified) {
  public FileChanges {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    resized = List.copyOf(resized);
    modified = List.copyOf(modified);
  }

  /** Compares the source's files with the target copy's; the target's modification times are its write times. */
  public static FileChanges between(List<DataFile> source, List<DataFile> target) {
    Map<String, DataFile> sources = byPath(source);
    Map<String, DataFile> targets = byPath(target);
    List<String> added = new ArrayList<>();
    List<String> resized = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    sources.forEach((path, file) -> {
      DataFile copy = targets.get(path);
      if (copy == null) {
        added.add(path);
      } else if (copy.length() != file.length()) {
        resized.add(path);
      } else if (file.hasChecksum() && copy.hasChecksum() ? file.crc32c() != copy.crc32c()
          : file.modificationTime() > copy.modificationTime()) {
        modified.add(path);
      }
    });
    List<String> removed = targets.keySet().stream().filter(path -> !sources.containsKey(path)).toList();
    return new FileChanges(added, removed, resized, modified);
  }

  public boolean none() {
    return added.isEmpty() && removed.isEmpty() && resized.isEmpty() && modified.isEmpty();
  }

  /** E.g. "+1 added (000002_0), ~1 resized (000000_0)"; "no file differs" when none does. */
  public String describe() {
    if (none()) {
      return "no file differs by name, length or modification time";
    }
    List<String> parts = new ArrayList<>();
    part(parts, "+", "added", added);
    part(parts, "-", "removed", removed);
    part(parts, "~", "resized", resized);
    part(parts, "*", "modified", modified);
    return String.join(", ", parts);
  }

  private static void part(List<String> parts, String sign, String what, List<String> files) {
    if (!files.isEmpty()) {
      String shown = String.join(" ", files.subList(0, Math.min(3, files.size())))
          + (files.size() > 3 ? " and " + (files.size() - 3) + " more" : "");
      parts.add(sign + files.size() + " " + what + " (" + shown + ")");
    }
  }

  private static Map<String, DataFile> byPath(List<DataFile> files) {
    return files.stream().collect(Collectors.toMap(DataFile::relativePath, Function.identity(), (a, b) -> a,
        TreeMap::new));
  }
}
