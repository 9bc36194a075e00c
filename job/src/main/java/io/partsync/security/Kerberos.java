package io.partsync.security;

import io.partsync.config.KerberosSettings;
import io.partsync.config.SyncConfig;
import io.partsync.config.TargetCluster;
import io.partsync.copy.ReplicaRead;
import io.partsync.fs.HadoopConfs;
import java.lang.reflect.UndeclaredThrowableException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Runs the job as the configured Kerberos principal on Kerberized clusters: logs in from the keytab (or
 * reuses the process's login when it already is that principal, as under {@code spark-submit --principal
 * --keytab}), gets an HDFS delegation token from every file system of the run into the user's credentials,
 * and runs the work as that user. The metastores are only called from the driver, inside this login, so
 * they authenticate with its Kerberos ticket (SASL); they need no token.
 */
public final class Kerberos {
  private Kerberos() {}

  /** Runs {@code work} as the config's principal, or as the current user when none is configured. */
  public static <T> T runAs(SyncConfig config, Callable<T> work) throws Exception {
    if (config.kerberos().isEmpty()) {
      return work.call();
    }
    KerberosSettings settings = config.kerberos().get();
    List<DelegationTokens.Cluster> clusters = clusters(config);
    UserGroupInformation user = KerberosLogin.login(settings, clusters.get(0).properties());
    DelegationTokens.obtain(user, clusters);
    try {
      return user.doAs((PrivilegedExceptionAction<T>) work::call);
    } catch (UndeclaredThrowableException e) {
      // doAs wraps checked exceptions other than IOException; the caller maps the original to an exit code.
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /**
   * Every file system of the run with the Hadoop properties the job opens it with. A target's token is
   * required only when a target failing stops the run anyway (one target, or on-target-failure: abort);
   * otherwise that target is left to fail on its own, as an unreachable target does.
   */
  static List<DelegationTokens.Cluster> clusters(SyncConfig config) {
    List<DelegationTokens.Cluster> clusters = new ArrayList<>();
    Map<String, String> source = HadoopConfs.resolve(config.source());
    clusters.add(new DelegationTokens.Cluster("source", source, true));
    if (config.readReplica() != null) {
      clusters.add(new DelegationTokens.Cluster("read replica",
          ReplicaRead.of(config.readReplica(), source.get("fs.defaultFS")).properties(), true));
    }
    boolean targetRequired = config.targets().size() == 1 || config.abortOnTargetFailure();
    for (TargetCluster target : config.targets()) {
      clusters.add(new DelegationTokens.Cluster("target " + target.name(), HadoopConfs.resolve(target.cluster()),
          targetRequired));
    }
    return clusters;
  }
}
