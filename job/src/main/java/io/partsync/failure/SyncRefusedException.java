package io.partsync.failure;

/**
 * A table partsync refuses to sync as asked (a view, an ACID table, an incompatible target, a partition
 * path outside its table). Raised before any byte is written.
 */
public final class SyncRefusedException extends RuntimeException {
  public SyncRefusedException(String message) {
    super(message);
  }
}
