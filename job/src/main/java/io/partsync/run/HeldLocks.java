package io.partsync.run;

import io.partsync.lock.TableLocks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table locks a run holds, by target: released clean for the tables it published and cleaned up,
 * and, whatever happens, released marked for every other table when the run ends.
 */
final class HeldLocks implements AutoCloseable {
  private final Map<String, TableLocks> byTarget = new LinkedHashMap<>();

  void add(String target, TableLocks locks) {
    byTarget.put(target, locks);
  }

  TableLocks of(String target) {
    TableLocks locks = byTarget.get(target);
    if (locks == null) {
      throw new IllegalStateException("this run holds no locks on target " + target);
    }
    return locks;
  }

  void release(String target, Set<String> clean) {
    of(target).release(clean);
  }

  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (TableLocks locks : byTarget.values()) {
      try {
        locks.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      failures.subList(1, failures.size()).forEach(failures.get(0)::addSuppressed);
      throw failures.get(0);
    }
  }
}
