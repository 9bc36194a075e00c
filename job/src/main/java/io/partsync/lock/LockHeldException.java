package io.partsync.lock;

/** Another run holds the lock of a target table. */
public final class LockHeldException extends RuntimeException {
  public LockHeldException(String message) {
    super(message);
  }
}
