package io.partsync.run;

import io.partsync.failure.Messages;
import io.partsync.failure.Outcomes;
import io.partsync.failure.TableFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The targets still in a run and those that failed, with {@code on-target-failure} as their policy: a
 * target that fails a stage is left out and the others go on, unless the policy is {@code abort} or it is
 * the run's only target; then the failure ends the run.
 *
 * @param failed the targets left out, in the order they failed, with the tables they had left out before
 * @param order the names of the targets the run started with, in config order
 */
record TargetSet<T>(List<OnTarget<T>> active, List<FailedTarget> failed, List<String> order, boolean abortOnFailure) {
  private static final Logger LOG = LoggerFactory.getLogger(TargetSet.class);

  TargetSet {
    active = List.copyOf(active);
    failed = List.copyOf(failed);
    order = List.copyOf(order);
  }

  /** The connected targets a run starts with. */
  static <T> TargetSet<T> of(List<OnTarget<T>> targets, boolean abortOnFailure) {
    return new TargetSet<>(targets, List.of(), targets.stream().map(OnTarget::name).toList(), abortOnFailure);
  }

  /** A target left out of the run, and why. */
  record FailedTarget(String name, RuntimeException failure, List<TableFailure> tables) {}

  /** One stage's work on one target's tables. */
  @FunctionalInterface
  interface Step<T, R> {
    Outcomes<R> apply(OnTarget<T> target);
  }

  /**
   * Runs {@code step} on every target still in the run. A target left with no table fails with the
   * exception {@code noTableLeft} makes of the tables this step left out.
   */
  <R> TargetSet<R> each(Step<T, R> step, Function<List<TableFailure>, RuntimeException> noTableLeft) {
    List<OnTarget<R>> next = new ArrayList<>();
    List<FailedTarget> failing = new ArrayList<>(failed);
    for (OnTarget<T> target : active) {
      List<TableFailure> before = target.failures();
      try {
        OnTarget<R> done = target.then(step.apply(target));
        if (done.tables().isEmpty() && noTableLeft != null) {
          List<TableFailure> now = done.failures().subList(before.size(), done.failures().size());
          fail(failing, target.name(), noTableLeft.apply(now), done.failures());
          continue;
        }
        next.add(done);
      } catch (RuntimeException e) {
        fail(failing, target.name(), e, before);
      }
    }
    return new TargetSet<>(next, failing, order, abortOnFailure);
  }

  /** As {@link #each}, for a stage that keeps every table or fails the whole target. */
  <R> TargetSet<R> map(Function<OnTarget<T>, List<R>> step) {
    return each(target -> new Outcomes<>(step.apply(target), List.of()), null);
  }

  /** Stops the run when no target is left, with the failure of the first target in config order. */
  TargetSet<T> requireAny() {
    if (active.isEmpty()) {
      throw failed.stream().min(java.util.Comparator.comparingInt(f -> order.indexOf(f.name()))).orElseThrow()
          .failure();
    }
    return this;
  }

  /** The same targets and failures, each target's tables changed by {@code step}, which cannot fail. */
  <R> TargetSet<R> replace(Function<OnTarget<T>, OnTarget<R>> step) {
    return new TargetSet<>(active.stream().map(step).toList(), failed, order, abortOnFailure);
  }

  /** Every table left out so far, of targets still in the run and of those that failed. */
  List<TableFailure> tableFailures() {
    return Stream.concat(failed.stream().flatMap(f -> f.tables().stream()),
        active.stream().flatMap(t -> t.failures().stream())).toList();
  }

  private void fail(List<FailedTarget> failing, String name, RuntimeException e, List<TableFailure> tables) {
    if (abortOnFailure || order.size() == 1) {
      throw e;
    }
    LOG.error("target {} is not synced: {}", name, Messages.oneLine(e.getMessage()));
    failing.add(new FailedTarget(name, e, tables));
  }
}
