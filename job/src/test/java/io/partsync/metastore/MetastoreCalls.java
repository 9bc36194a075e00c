package io.partsync.metastore;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The calls a test double of {@link Metastore} was made, in order, and the failures a test scripted for
 * them by method name. Not thread-safe: its owner serializes calls.
 */
final class MetastoreCalls {
  private static final Set<String> METHODS = Arrays.stream(Metastore.class.getMethods()).map(Method::getName)
      .filter(name -> !name.equals("uris")).collect(Collectors.toCollection(TreeSet::new));

  private final List<String> made = new ArrayList<>();
  private final Map<String, Failure> failures = new HashMap<>();

  /** Fails every call of a method after the first {@code passing} ones. */
  private static final class Failure {
    private int passing;
    private final RuntimeException failure;

    private Failure(int passing, RuntimeException failure) {
      this.passing = passing;
      this.failure = failure;
    }
  }

  /** Records the call, then throws the failure scripted for its method, if one is due. */
  void enter(String method, String about) {
    made.add(about == null ? method : method + " " + about);
    Failure failure = failures.get(method);
    if (failure == null) {
      return;
    }
    if (failure.passing > 0) {
      failure.passing--;
    } else {
      throw failure.failure;
    }
  }

  List<String> made() {
    return List.copyOf(made);
  }

  void failOn(String method, int passing, RuntimeException failure) {
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("'" + method + "' is not a call of Metastore; the calls are " + METHODS);
    }
    failures.put(method, new Failure(passing, failure));
  }

  void clearFailures() {
    failures.clear();
  }
}
