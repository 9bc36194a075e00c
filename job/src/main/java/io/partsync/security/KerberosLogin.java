package io.partsync.security;

import io.partsync.config.ConfigException;
import io.partsync.config.KerberosSettings;
import io.partsync.failure.Messages;
import io.partsync.fs.HadoopConfs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's Kerberos login as the configured principal. A failure is one line naming the principal and
 * keytab path (never its content) and what to do: a config error (exit 2) when no retry can help (missing
 * keytab, principal not in it or unknown to the KDC, stale key, no Kerberos configuration on the host), a
 * {@link KerberosException} (exit 1) when the KDC cannot be reached.
 */
final class KerberosLogin {
  private static final Logger LOG = LoggerFactory.getLogger(KerberosLogin.class);

  private KerberosLogin() {}

  /**
   * Logs the process in as {@code settings.principal()} from its keytab, unless it already is that
   * principal with Kerberos credentials; returns the login user.
   *
   * @param sourceProperties the source cluster's Hadoop properties: its auth_to_local rules map the
   *     principal to a user name, as the clusters' own do
   */
  static UserGroupInformation login(KerberosSettings settings, Map<String, String> sourceProperties) {
    String principal = settings.principal();
    // Hadoop's Kerberos mode is JVM-wide; under spark-submit on a Kerberized cluster it is already on, and
    // its settings (name rules, group mapping) are left as the installation made them.
    if (!UserGroupInformation.isSecurityEnabled()) {
      Configuration conf = HadoopConfs.toConfiguration(sourceProperties);
      conf.set("hadoop.security.authentication", "kerberos");
      UserGroupInformation.setConfiguration(conf);
    }
    UserGroupInformation existing = existingLogin(principal);
    if (existing != null) {
      LOG.info("using this process's Kerberos login as {} (e.g. spark-submit --principal/--keytab)", principal);
      return existing;
    }
    Path keytab = Path.of(settings.keytab());
    if (!Files.isRegularFile(keytab)) {
      throw new ConfigException("config error: 'kerberos.keytab' " + keytab + " does not exist on this host;"
          + " put the keytab of " + principal + " there, or fix the path");
    }
    if (!Files.isReadable(keytab)) {
      throw new ConfigException("config error: 'kerberos.keytab' " + keytab + " is not readable by user "
          + System.getProperty("user.name") + "; give that user read access (and nobody else)");
    }
    try {
      UserGroupInformation.loginUserFromKeytab(principal, keytab.toString());
    } catch (IOException e) {
      throw explain(principal, keytab, e);
    }
    UserGroupInformation user;
    try {
      user = UserGroupInformation.getLoginUser();
    } catch (IOException e) {
      throw explain(principal, keytab, e);
    }
    LOG.info("logged in to Kerberos as {} from keytab {}", principal, keytab);
    return user;
  }

  /**
   * The process's own login when it already is {@code principal} with Kerberos credentials: the current
   * user first (YARN's application master runs the driver in a doAs of the keytab login in cluster mode),
   * then the login user (spark-submit --principal/--keytab in client mode). Null when neither is.
   */
  private static UserGroupInformation existingLogin(String principal) {
    try {
      for (UserGroupInformation user : List.of(UserGroupInformation.getCurrentUser(),
          UserGroupInformation.getLoginUser())) {
        if (user.hasKerberosCredentials() && principal.equals(user.getUserName())) {
          return user;
        }
      }
    } catch (IOException e) {
      // No usable default login (e.g. a ticket cache that cannot be read): the keytab login decides.
      LOG.debug("no Kerberos login of this process to reuse: {}", e.getMessage());
    }
    return null;
  }

  /** One line saying why the login failed and what to do, from the JDK's and KDC's messages. */
  static RuntimeException explain(String principal, Path keytab, Throwable failure) {
    String realm = principal.substring(principal.indexOf('@') + 1);
    String prefix = "cannot log in to Kerberos as " + principal + " with keytab " + keytab + ": ";
    String messages = causeMessages(failure).toLowerCase(Locale.ROOT);
    if (messages.contains("unable to obtain password")) {
      return new ConfigException("config error: " + prefix + "the keytab has no key for this principal; set"
          + " 'kerberos.principal' to one that 'klist -kt " + keytab + "' lists, or use that principal's keytab");
    }
    if (messages.contains("client not found in kerberos database")) {
      return new ConfigException("config error: " + prefix + "the KDC of realm " + realm + " does not know this"
          + " principal; check 'kerberos.principal'");
    }
    if (messages.contains("pre-authentication information was invalid") || messages.contains("checksum failed")
        || messages.contains("integrity check on decrypted field failed")) {
      return new ConfigException("config error: " + prefix + "the keytab's key does not match the KDC's (the"
          + " keytab is outdated or from another KDC); export a new keytab for this principal");
    }
    if (messages.contains("cannot locate default realm") || messages.contains("cannot locate kdc")
        || messages.contains("unable to locate kdc")) {
      return new ConfigException("config error: " + prefix + "this host has no Kerberos configuration for"
          + " realm " + realm + "; add the realm and its KDC to krb5.conf (or point -Djava.security.krb5.conf"
          + " at one)");
    }
    if (unreachable(failure)) {
      return new KerberosException(prefix + "cannot reach the KDC of realm " + realm + " ("
          + rootMessage(failure) + "); check that the KDC is up and that krb5.conf on this host lists it, then"
          + " run again", failure);
    }
    return new KerberosException(prefix + rootMessage(failure), failure);
  }

  private static boolean unreachable(Throwable failure) {
    if (Messages.causedBy(failure, ConnectException.class, SocketTimeoutException.class,
        PortUnreachableException.class)) {
      return true;
    }
    String messages = causeMessages(failure).toLowerCase(Locale.ROOT);
    return messages.contains("receive timed out") || messages.contains("connection refused")
        || messages.contains("cannot contact any kdc");
  }

  private static String causeMessages(Throwable failure) {
    return Messages.causes(failure).stream().map(t -> String.valueOf(t.getMessage()))
        .collect(Collectors.joining(" | "));
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = Messages.rootCause(failure);
    // One line whatever the JDK put in the message.
    return (root.getClass().getSimpleName() + ": " + root.getMessage()).replaceAll("\\s+", " ");
  }
}
