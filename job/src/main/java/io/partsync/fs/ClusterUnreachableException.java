package io.partsync.fs;

/** A cluster's file system could not be reached, or did not answer, within the run's connect timeout. */
public final class ClusterUnreachableException extends RuntimeException {
  public ClusterUnreachableException(String message, Throwable cause) {
    super(message, cause);
  }
}
