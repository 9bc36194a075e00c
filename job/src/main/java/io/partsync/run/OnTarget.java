package io.partsync.run;

import io.partsync.failure.Outcomes;
import io.partsync.failure.TableFailure;
import io.partsync.targets.TargetConnection;
import java.util.List;
import java.util.stream.Stream;

/**
 * One target's tables at some stage of a run, and the tables it left out on the way, with why.
 *
 * @param <T> what a table is at this stage: checked, read, planned, published
 */
record OnTarget<T>(TargetConnection target, List<T> tables, List<TableFailure> failures) {
  OnTarget {
    tables = List.copyOf(tables);
    failures = List.copyOf(failures);
  }

  static <T> OnTarget<T> start(TargetConnection target, List<T> tables) {
    return new OnTarget<>(target, tables, List.of());
  }

  String name() {
    return target.name();
  }

  /** The next stage's tables: those {@code step} kept, with the failures so far and its own. */
  <R> OnTarget<R> then(Outcomes<R> step) {
    return new OnTarget<>(target, step.kept(), Stream.concat(failures.stream(), step.failures().stream()).toList());
  }

  /** The same failures, with other tables: a stage that cannot fail a table. */
  <R> OnTarget<R> with(List<R> next) {
    return new OnTarget<>(target, next, failures);
  }
}
