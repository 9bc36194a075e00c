package io.partsync.metastore;

/** A metastore call that the metastore answered with an error. */
public final class MetastoreException extends RuntimeException {
  public MetastoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
