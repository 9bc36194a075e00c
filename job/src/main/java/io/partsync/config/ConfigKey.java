package io.partsync.config;

/**
 * One key of the config file, as the README's configuration reference lists it.
 *
 * @param path the key as the user writes it, dotted from the top, {@code []} standing for any item of a list:
 *     {@code executors.memory}, {@code tables[].window.key}, {@code targets[].metastore-uris}
 * @param presence whether the key must be given, and what leaving it out means
 * @param defaultText for {@link Presence#DEFAULT_VALUE} the value as the user would write it, which is read
 *     exactly as if they had; otherwise what the reference's Default column says ("required", "none", "same as
 *     source")
 * @param meaning one line saying what the key is
 */
public record ConfigKey(String path, Presence presence, String defaultText, String meaning) {

  /** Whether a key must be given, and what leaving it out means. */
  public enum Presence {
    /** It must be given (inside its section, when the section is optional). */
    REQUIRED,
    /** Left out, it takes {@link ConfigKey#defaultText()}, read as if written. */
    DEFAULT_VALUE,
    /** Left out, it is simply absent; {@link ConfigKey#defaultText()} says what that means. */
    OPTIONAL
  }

  /** The key's own name, the last part of its path: {@code memory} for {@code executors.memory}. */
  public String name() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The path of the mapping the key is written in: {@code ""} for a top-level key, else e.g. {@code tables[]}. */
  public String parent() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }
}
