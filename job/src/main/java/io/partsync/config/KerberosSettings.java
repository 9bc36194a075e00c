package io.partsync.config;

/**
 * The Kerberos identity the job runs as on Kerberized clusters ({@code kerberos:} in the config).
 *
 * @param principal the principal to log in as, e.g. {@code partsync@EXAMPLE.COM}
 * @param keytab the local path of its keytab; its content is never read into logs or reports
 */
public record KerberosSettings(String principal, String keytab) {}
