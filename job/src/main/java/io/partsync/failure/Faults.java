package io.partsync.failure;

import java.io.Serializable;

/**
 * The seam crash tests fail a run through: every stage that has a {@link FaultPoint} reaches it through
 * the {@code Faults} it was handed. Production runs hand {@link #NONE} or the system-property switch of
 * {@link FaultInjection}; a unit test can hand its own. Shipped to the executors with the copy task.
 */
@FunctionalInterface
public interface Faults extends Serializable {
  /** Faults nowhere. */
  Faults NONE = (Faults & Serializable) point -> {};

  /** Called as a run passes {@code point}: returns, or fails the run there as if it had been killed. */
  void reach(FaultPoint point);

  /** The failure a test asked for: it stands for the process dying at that point. */
  final class InjectedFault extends RuntimeException {
    public InjectedFault(String message) {
      super(message);
    }
  }
}
