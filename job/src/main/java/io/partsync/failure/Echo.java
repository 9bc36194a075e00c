package io.partsync.failure;

/**
 * Shortens a value before a message echoes it: a message is one line a person reads, so a 200 kB table
 * name (or a pasted file) shows its start and its length, never all of it.
 */
public final class Echo {
  /** Characters of a long value a message shows before saying how long it is. */
  public static final int SHOWN = 60;

  private Echo() {}

  /** The value itself when short, else its first {@value #SHOWN} characters and "... (N characters)". */
  public static String of(String value) {
    return of(value, SHOWN);
  }

  /** As {@link #of(String)}, showing up to {@code shown} characters. */
  public static String of(String value, int shown) {
    int length = value.codePointCount(0, value.length());
    if (length <= shown) {
      return value;
    }
    // Cut at a code point so that no half of a surrogate pair ends up in the message.
    return value.substring(0, value.offsetByCodePoints(0, shown)) + "... (" + length + " characters)";
  }
}
