package io.partsync.plan;

import io.partsync.path.PathStrings;
import java.net.URI;
import java.util.Locale;
import org.apache.hadoop.fs.Path;

/**
 * A table or database location as partsync compares them: scheme and authority (which file system) and
 * the path without a trailing slash. Containment goes by whole path components, so {@code /a/bc} is not
 * inside {@code /a/b}.
 */
public record Location(String scheme, String authority, String path) {

  /** {@code location} normalized; one without scheme or authority is on {@code defaultFs}. */
  public static Location of(String location, String defaultFs) {
    URI uri = new Path(location).toUri();
    URI fs = URI.create(defaultFs);
    String scheme = uri.getScheme() != null ? uri.getScheme() : fs.getScheme();
    String authority = uri.getScheme() != null ? uri.getAuthority() : fs.getAuthority();
    String path = uri.getPath().isEmpty() ? "/" : uri.getPath();
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    // new Path(...) has dropped trailing slashes already; this only guards that no path ends in one.
    if (path.length() > 1) {
      path = PathStrings.withoutTrailingSlash(path);
    }
    return new Location(lower(scheme), lower(authority), path);
  }

  /** The file system a location of {@code defaultFs} is on, as {@code scheme://authority}. */
  public static String fileSystem(String defaultFs) {
    return of("/", defaultFs).fileSystem();
  }

  public String fileSystem() {
    return (scheme == null ? "" : scheme + ":") + (authority == null ? "" : "//" + authority);
  }

  public boolean sameFileSystem(Location other) {
    return java.util.Objects.equals(scheme, other.scheme) && java.util.Objects.equals(authority, other.authority);
  }

  /** Whether {@code other} is this location or under it, on the same file system. */
  public boolean contains(Location other) {
    if (!sameFileSystem(other)) {
      return false;
    }
    return other.path.equals(path) || other.path.startsWith(path.equals("/") ? "/" : path + "/");
  }

  /** Whether either location holds the other: writing one could touch the other's files. */
  public boolean overlaps(Location other) {
    return contains(other) || other.contains(this);
  }

  @Override
  public String toString() {
    return fileSystem() + path;
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }
}
