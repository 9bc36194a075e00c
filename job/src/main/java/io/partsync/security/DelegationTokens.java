package io.partsync.security;

import io.partsync.fs.HadoopConfs;
import java.io.IOException;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.apache.hadoop.security.token.Token;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HDFS delegation tokens for every file system of a run, added to the logged-in user's credentials: tasks
 * that run in the driver's JVM (local mode) find them there, and each file system is known to accept the
 * principal before anything is written. Only a token's kind and service are ever logged.
 */
final class DelegationTokens {
  private static final Logger LOG = LoggerFactory.getLogger(DelegationTokens.class);

  /**
   * One file system of the run.
   *
   * @param name names it in messages: "source", "read replica", "target <name>"
   * @param properties the Hadoop properties the job opens it with (fs.defaultFS included)
   * @param required whether failing to get its token stops the run
   */
  record Cluster(String name, Map<String, String> properties, boolean required) {
    String uri() {
      return properties.get("fs.defaultFS");
    }
  }

  private DelegationTokens() {}

  /** Gets a token from each cluster's file system as {@code user} and adds them to its credentials. */
  static Credentials obtain(UserGroupInformation user, List<Cluster> clusters) {
    Credentials credentials = new Credentials();
    String renewer = user.getShortUserName();
    for (Cluster cluster : clusters) {
      try {
        Token<?>[] added = user.doAs((PrivilegedExceptionAction<Token<?>[]>) () -> fetch(cluster, renewer,
            credentials));
        for (Token<?> token : added) {
          LOG.info("got a {} from the {} file system {} (service {})", token.getKind(), cluster.name(),
              cluster.uri(), token.getService());
        }
        if (added.length == 0) {
          LOG.info("no new delegation token from the {} file system {} (it issues none, or one for it is already"
              + " held)", cluster.name(), cluster.uri());
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        String message = "cannot get an HDFS delegation token from the " + cluster.name() + " file system "
            + cluster.uri() + " as " + user.getUserName() + ": " + oneLine(e) + "; check that its name node is"
            + " up and that its properties set dfs.namenode.kerberos.principal (and hadoop.rpc.protection,"
            + " dfs.data.transfer.protection) as the cluster does";
        if (cluster.required()) {
          throw new KerberosException(message, e);
        }
        LOG.warn("{}; going on without it: that target fails on its own if it cannot be reached", message);
      }
    }
    user.addCredentials(credentials);
    return credentials;
  }

  /** Opens the file system as ClusterFileSystem does (own instance, the cluster's properties only). */
  private static Token<?>[] fetch(Cluster cluster, String renewer, Credentials credentials) throws IOException {
    Configuration conf = HadoopConfs.toConfiguration(cluster.properties());
    try (FileSystem fs = FileSystem.newInstance(FileSystem.getDefaultUri(conf), conf)) {
      return fs.addDelegationTokens(renewer, credentials);
    }
  }

  private static String oneLine(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.replaceAll("\\s+", " ");
  }
}
