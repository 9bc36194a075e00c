package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.run.RunOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passwords and keys configured as cluster properties never appear in what a run prints, logs (partsync
 * at debug level, everything else as configured) or writes (report, HTML report, dry-run plan), whether
 * the run succeeds, is a dry run, or fails.
 */
class SecretsIntegrationTest extends SharedClustersTest {
  private static final List<String> SECRETS = List.of("S3cr3t-access-Key-1f9a", "S3cr3t-secret-Key-77c2",
      "jdbc-Passw0rd-4e1d", "signature-S3cret-0b8e");
  @RegisterExtension
  final CapturedLogs logs = new CapturedLogs();

  @Test
  void noConfiguredSecretAppearsInOutputLogsOrReports() throws Exception {
    clusters.sourceTextTable("secrets", "events", 2);
    String yaml = withSecrets(clusters.config("tables:\n  - secrets.events", EXECUTORS));

    Clusters.Run synced = clusters.run(yaml);
    Clusters.Run planned = clusters.run(yaml, new RunOptions(true, Optional.empty()));
    Clusters.Run refused = clusters.run(withSecrets(clusters.config("tables:\n  - secrets.missing", EXECUTORS)));

    assertEquals(ExitCode.SUCCESS, synced.code(), synced.toString());
    assertEquals(ExitCode.SUCCESS, planned.code(), planned.toString());
    assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
    assertTrue(logs.text().contains("INFO io.partsync.run.SyncJob: copy:"), "partsync's logging was captured: "
        + logs.text().substring(0, Math.min(2000, logs.text().length())));
    StringBuilder everything = new StringBuilder(logs.text());
    for (Clusters.Run run : List.of(synced, planned, refused)) {
      everything.append(run.out()).append(run.err());
    }
    try (Stream<Path> written = Files.walk(clusters.baseDir)) {
      for (Path file : written.filter(p -> p.toString().matches(".*/run-\\d+/report.*")).toList()) {
        everything.append(Files.readString(file));
      }
    }
    assertTrue(everything.toString().contains("\"runId\""), "the reports were read");
    for (String secret : SECRETS) {
      assertFalse(everything.toString().contains(secret), "a configured secret leaked: " + secret);
    }
  }

  /** The same clusters, with secrets among each cluster's properties (harmless to HDFS and the metastore). */
  private static String withSecrets(String yaml) {
    String secrets = "    fs.s3a.access.key: " + SECRETS.get(0) + "\n    fs.s3a.secret.key: " + SECRETS.get(1) + "\n"
        + "    javax.jdo.option.ConnectionPassword: " + SECRETS.get(2) + "\n"
        + "    hadoop.http.authentication.signature.secret: " + SECRETS.get(3) + "\n";
    String withProperties = yaml.replace("  properties:\n", "  properties:\n" + secrets);
    assertTrue(withProperties.contains(SECRETS.get(0)), "the clusters' config sections have properties");
    return withProperties;
  }
}
