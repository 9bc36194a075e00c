package io.partsync.metastore;

/**
 * A metastore that answers, but cannot serve partsync: it refuses a call partsync needs (an unknown or too
 * old version), or does not hold the catalog the config names. Not one table's problem: the run, or that
 * target, stops.
 */
public final class MetastoreIncompatibleException extends RuntimeException {
  public MetastoreIncompatibleException(String message, Throwable cause) {
    super(message, cause);
  }
}
