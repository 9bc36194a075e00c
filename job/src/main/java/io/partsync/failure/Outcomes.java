package io.partsync.failure;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step over one target's tables returns: the tables it could do, and those it left out with why.
 * A step never throws for one table: the tables it kept go on to the next step.
 */
public record Outcomes<T>(List<T> kept, List<TableFailure> failures) {
  public Outcomes {
    kept = List.copyOf(kept);
    failures = List.copyOf(failures);
  }

  /** Builds outcomes table by table. */
  public static final class Builder<T> {
    private final List<T> kept = new ArrayList<>();
    private final List<TableFailure> failures = new ArrayList<>();

    public void keep(T table) {
      kept.add(table);
    }

    public void fail(TableFailure failure) {
      failures.add(failure);
    }

    public Outcomes<T> build() {
      return new Outcomes<>(kept, failures);
    }
  }
}
