package io.partsync.failure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns other systems' exceptions into one readable line for the user. Hadoop, Hive and the JDK wrap the
 * telling exception at varying depths and embed whole remote stack traces in their messages, so the
 * callers here walk the causes and keep a message's first line.
 */
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

  /**
   * What {@code failure} says, in {@link #oneLine(String) one line}: its own message, or, when it has none,
   * what its cause says, or else the simple name of its class.
   */
  public static String firstLine(Throwable failure) {
    String message = failure.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = failure.getCause();
      return cause != null && cause != failure ? firstLine(cause) : failure.getClass().getSimpleName();
    }
    return oneLine(message);
  }

  /**
   * {@code failure} and its causes, outermost first. A cause seen before ends the chain, so an exception
   * that (wrongly) causes itself cannot make a caller loop.
   */
  public static List<Throwable> causes(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable e = failure; e != null && seen.add(e); e = e.getCause()) {
      chain.add(e);
    }
    return chain;
  }

  /** The innermost of {@link #causes(Throwable) causes}: usually the one that says what really happened. */
  public static Throwable rootCause(Throwable failure) {
    List<Throwable> chain = causes(failure);
    return chain.get(chain.size() - 1);
  }

  /** The outermost of {@code failure} and its causes that is a {@code type}. */
  public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
    return causes(failure).stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** Whether {@code failure} or one of its causes is of one of {@code types}. */
  @SafeVarargs
  public static boolean causedBy(Throwable failure, Class<? extends Throwable>... types) {
    return causes(failure).stream().anyMatch(e -> java.util.Arrays.stream(types).anyMatch(t -> t.isInstance(e)));
  }
}
