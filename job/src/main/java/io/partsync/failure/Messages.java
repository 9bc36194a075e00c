package io.partsync.failure;

import java.util.regex.Pattern;

/** Turns the messages of other systems' exceptions into one readable line for the user. */
public final class Messages {
  /** A Java stack frame, as remote errors (a name node's, a metastore's) embed them in their messages. */
  private static final Pattern FRAME = Pattern.compile("\\s+at [\\w$]+(\\.[\\w$<>]+)+\\(");
  private static final int LIMIT = 2000;

  private Messages() {}

  /** The first line of {@code message}, without any stack frames flattened into it, at most 2,000 characters. */
  public static String oneLine(String message) {
    if (message == null) {
      return null;
    }
    String line = message.strip().lines().findFirst().orElse("").strip();
    var frame = FRAME.matcher(line);
    if (frame.find()) {
      line = line.substring(0, frame.start()).strip();
    }
    return line.length() <= LIMIT ? line : line.substring(0, LIMIT) + "... (" + line.length() + " characters)";
  }
}
