package io.partsync.path;

/**
 * Paths and location URIs as the strings configs, the metastore and file systems give them. Below every
 * package that handles locations (config, fs, plan, copy, housekeeping, publish), so all of them can share
 * it; it depends on nothing.
 */
public final class PathStrings {
  private PathStrings() {}

  /**
   * {@code path} without one trailing slash, so that a name joined to it with "/" has exactly one. A root
   * "/" becomes "", which joins to "/name" likewise.
   */
  public static String withoutTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
