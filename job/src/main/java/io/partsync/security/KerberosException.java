package io.partsync.security;

/**
 * A Kerberos step failed for a reason that may pass (the KDC or a name node cannot be reached): the message
 * is one line naming the principal and the cluster or KDC involved, and what to do. It never carries key or
 * token material.
 */
public final class KerberosException extends RuntimeException {
  public KerberosException(String message, Throwable cause) {
    super(message, cause);
  }
}
