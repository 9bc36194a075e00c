package io.partsync.metastore;

/** A metastore that could not be reached or kept failing after every attempt. */
public final class MetastoreUnavailableException extends RuntimeException {
  public MetastoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
