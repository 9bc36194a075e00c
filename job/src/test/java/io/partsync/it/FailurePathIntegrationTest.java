package io.partsync.it;

import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.security.PrivilegedExceptionAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every failure ends in one line naming what failed, with the exit code the README gives its kind, and
 * a run that cannot start writes nothing on either cluster.
 */
class FailurePathIntegrationTest extends SharedClustersTest {
  /** Short bounds, so the tests of servers that never answer take seconds. */
  private static final String SHORT = "connect-timeout: 2s\nmetastore:\n  attempts: 2\n  timeout: 5s\n";
  private static SilentServer silent;

  @BeforeAll
  static void start() throws Exception {
    clusters.sourceTextTable("fail", "events", 2);
    silent = new SilentServer();
  }

  @AfterAll
  static void stop() throws IOException {
    silent.close();
  }

  @Test
  void aTargetNameNodeThatIsDownFailsWithinSecondsAndWritesNothing() throws Exception {
    String down = "hdfs://127.0.0.1:" + Ports.closed();
    String yaml = clusters.withTargetDefaultFs(shortBounds("fail.events"), down);
    String before = clusters.state();

    Clusters.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> clusters.run(yaml));

    assertEquals(ExitCode.UNREACHABLE, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 4): cannot reach the target file system " + down
        + ": connection refused; check 'target.default-fs' and that its name node is running", run.err().strip());
    assertEquals(before, clusters.state(), "nothing written to either cluster or metastore");
  }

  @Test
  void aNameNodePortThatAcceptsAndNeverAnswersFailsWithinTheConnectTimeout() throws Exception {
    String wedged = "hdfs://127.0.0.1:" + silent.port();
    String yaml = clusters.withTargetDefaultFs(shortBounds("fail.events"), wedged);
    String before = clusters.state();

    Clusters.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> clusters.run(yaml));

    assertEquals(ExitCode.UNREACHABLE, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 4): cannot reach the target file system " + wedged + ": no answer within"
        + " the connect timeout ('connect-timeout'); check 'target.default-fs' and that its name node is running",
        run.err().strip());
    assertOneLine(run);
    assertEquals(before, clusters.state());
  }

  @Test
  void aMetastorePortThatAcceptsAndNeverAnswersFailsWithinTheConnectTimeout() throws Exception {
    String wedged = "thrift://127.0.0.1:" + silent.port();
    String yaml = shortBounds("fail.events").replace(clusters.target.metastoreUri(), wedged);
    String before = clusters.state();

    Clusters.Run run = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> clusters.run(yaml));

    assertEquals(ExitCode.UNREACHABLE, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 4): cannot reach the target metastore at " + wedged + " (connect, 1"
        + " attempt): no answer within 2 s; check 'target.metastore-uris' and that the metastore is running",
        run.err().strip());
    assertOneLine(run);
    assertEquals(before, clusters.state());
  }

  @Test
  void aMetastoreUriThatNamesANameNodeSaysItIsNoMetastore() throws Exception {
    String hdfsPort = "thrift://127.0.0.1:" + java.net.URI.create(clusters.target.defaultFs()).getPort();
    String yaml = shortBounds("fail.events").replace(clusters.target.metastoreUri(), hdfsPort);
    String before = clusters.state();

    Clusters.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> clusters.run(yaml));

    assertEquals(ExitCode.UNREACHABLE, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 4): cannot reach the target metastore at " + hdfsPort + " (connect, 2"
        + " attempts): the server dropped the connection, as a service that is not a Hive Metastore does; the"
        + " metastore's Thrift port is 9083 by default; check 'target.metastore-uris' and that the"
        + " metastore is running", run.err().strip());
    assertOneLine(run);
    assertEquals(before, clusters.state());
  }

  @Test
  void anUnresolvableHostNameIsNamed() throws Exception {
    String nowhere = "hdfs://no-such-host.invalid:8020";
    String yaml = clusters.withTargetDefaultFs(shortBounds("fail.events"), nowhere);
    String before = clusters.state();

    Clusters.Run run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> clusters.run(yaml));

    assertEquals(ExitCode.UNREACHABLE, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 4): cannot reach the target file system " + nowhere
        + ": unknown host no-such-host.invalid; check 'target.default-fs' and that its name node is running",
        run.err().strip());
    assertEquals(before, clusters.state());
  }

  @Test
  void aTargetDefaultFsOtherThanItsMetastoresIsRefusedBeforeTheDatabaseIsCreated() throws Exception {
    // The target metastore keeps its warehouse on the target cluster; the config names another file system.
    clusters.sourceTextTable("failwh", "events", 1);
    String yaml = clusters.withTargetDefaultFs(shortBounds("failwh.events"),
        clusters.source.defaultFs());
    String before = clusters.state();

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    String warehouse = clusters.target.defaultFs() + "/user/hive/warehouse";
    assertEquals("partsync: FAILED (exit 3): target database failwh does not exist, and the target metastore would"
        + " create it at " + warehouse + "/failwh.db, which is not on the target's 'default-fs' "
        + clusters.source.defaultFs() + ", so target table failwh.events cannot be created under it; give the table"
        + " a 'location' on " + clusters.source.defaultFs() + " in the config", run.err().strip());
    assertEquals(before, clusters.state(), "no database, table, lock or directory on either cluster");
  }

  @Test
  void aReportPathUnderAFileOrThatIsADirectoryIsRefusedBeforeTheRun() throws Exception {
    java.nio.file.Path file = Files.writeString(Files.createTempFile(clusters.baseDir, "plain", ".txt"), "x");
    java.nio.file.Path dir = Files.createTempDirectory(clusters.baseDir, "report-dir");
    String before = clusters.state();

    for (String[] bad : List.of(new String[] {file + "/report.json", file + " is a file, not a directory"},
        new String[] {dir.toString(), dir + " is a directory"})) {
      String yaml = clusters.config("tables:\n  - fail.events", ONE_EXECUTOR) + "report:\n  json: " + bad[0] + "\n";
      Clusters.Run run = clusters.runAsWritten(yaml);

      assertEquals(ExitCode.CONFIG_ERROR, run.code(), run.toString());
      assertEquals("partsync: FAILED (exit 2): config error: 'report.json': cannot write " + bad[0] + ": "
          + bad[1] + "; give a writable file path", run.err().strip());
    }
    assertEquals(before, clusters.state(), "refused before the run: nothing written anywhere");
  }

  @Test
  void aPartitionLocationThatIsAFileFailsThatPartitionInOneLine() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/fail_filepart";
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("fail", "filepart", List.of("id int", "kind string"), List.of("dt string"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      write(clusters.sourceFs(), dir + "/dt=1/000000_0", "1,ok\n");
      writer.addPartition("fail", "filepart", List.of("1"), dir + "/dt=1", Map.of());
      writer.addPartition("fail", "filepart", List.of("2"), dir + "/dt=2", Map.of());
    }
    // Replaced by a file behind the metastore's back: the metastore itself refuses a file as a location.
    clusters.sourceFs().delete(new Path(dir + "/dt=2"), true);
    write(clusters.sourceFs(), dir + "/dt=2", "2,not a directory\n");

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - fail.filepart", ONE_EXECUTOR));

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    assertEquals(List.of("dt=2: cannot list source partition directory: " + dir + "/dt=2 is a file, not a directory"),
        run.report().tables().get(0).failures().stream().map(f -> f.partition() + ": " + f.reason()).toList());
    assertTrue(run.out().contains(dir + "/dt=2 is a file, not a directory"), run.out());
    assertFalse(run.out().contains("\tat ") || run.out().contains("RemoteException"), run.out());
    assertOneLine(run);
    assertEquals(List.of("1|1,ok"), clusters.targetTextRows("fail.filepart"), "the other partition is synced");
  }

  @Test
  void aPartitionOnAnotherFileSystemIsNamedWithItsOwnPath() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/fail_foreign";
    String elsewhere = clusters.target.defaultFs() + "/elsewhere/fail_foreign";
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("fail", "foreign", List.of("id int", "kind string"), List.of("dt string"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      write(clusters.sourceFs(), dir + "/dt=1/000000_0", "1,ok\n");
      writer.addPartition("fail", "foreign", List.of("1"), dir + "/dt=1", Map.of());
      for (int p = 2; p <= 4; p++) {
        writer.addPartition("fail", "foreign", List.of(Integer.toString(p)), elsewhere + "/dt=" + p, Map.of());
      }
    }

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - fail.foreign", ONE_EXECUTOR));

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    List<String> failures = run.report().tables().get(0).failures().stream()
        .map(f -> f.partition() + ": " + f.reason()).sorted().toList();
    List<String> expected = new ArrayList<>();
    for (int p = 2; p <= 4; p++) {
      expected.add("dt=" + p + ": cannot list source partition directory: " + elsewhere + "/dt=" + p
          + " is not on the file system " + clusters.source.defaultFs() + ", which this cluster's tables are read"
          + " from");
    }
    assertEquals(expected, failures);
    assertOneLine(run);
    assertEquals(List.of("1|1,ok"), clusters.targetTextRows("fail.foreign"));
  }

  @Test
  void aTargetLocationThisUserMayNotWriteIsRefusedBeforeAnythingIsWritten() throws Exception {
    // A database of its own, missing on the target: the refusal must not create it either.
    clusters.sourceTextTable("faildeny", "denied", 1);
    String location = clusters.target.defaultFs() + "/guarded/fail_denied";
    clusters.targetFs().mkdirs(new Path(location));
    clusters.targetFs().setPermission(new Path(clusters.target.defaultFs() + "/guarded"), new FsPermission("755"));
    clusters.targetFs().setPermission(new Path(location), new FsPermission("755"));
    String yaml = clusters.config("tables:\n  - source: faildeny.denied\n    location: /guarded/fail_denied",
        ONE_EXECUTOR);
    String before = clusters.state();

    Clusters.Run run = UserGroupInformation.createRemoteUser("bob")
        .doAs((PrivilegedExceptionAction<Clusters.Run>) () -> clusters.run(yaml));

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    String owner = clusters.targetFs().getFileStatus(new Path(location)).getOwner();
    assertEquals("partsync: FAILED (exit 3): cannot write target table faildeny.denied at " + location
        + " on target: user bob may not write " + location + " (" + owner + ":supergroup rwxr-xr-x); grant that"
        + " user write access or run partsync as a user who has it", run.err().strip());
    assertEquals(before, clusters.state(), "no database, table, lock or directory");
  }

  @Test
  void aSourcePartitionDirectoryDeletedBehindTheMetastoresBackKeepsTheTargetsVersion() throws Exception {
    String dir = clusters.sourceTextTable("fail", "vanished", 2);
    String yaml = clusters.config("tables:\n  - fail.vanished", ONE_EXECUTOR);
    assertEquals(ExitCode.SUCCESS, clusters.run(yaml).code());
    List<String> synced = clusters.targetTextRows("fail.vanished");
    clusters.sourceFs().delete(new Path(dir + "/dt=2"), true);
    var versionBefore = clusters.targetPartitions("fail", "vanished").get("dt=2").getSd().getLocation();

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    assertEquals("dt=2: cannot list source partition directory: " + dir + "/dt=2 does not exist; the target keeps"
        + " the version it has. Set 'source.missing-directories: empty' if partitions without a directory are"
        + " expected", run.report().tables().get(0).failures().stream().map(f -> f.partition() + ": " + f.reason())
        .findFirst().orElseThrow());
    assertEquals(versionBefore, clusters.targetPartitions("fail", "vanished").get("dt=2").getSd().getLocation());
    assertEquals(synced, clusters.targetTextRows("fail.vanished"), "the replica still has every row");

    Clusters.Run expected = clusters.run(yaml.replaceFirst("\ntarget:", "\n  missing-directories: empty\ntarget:"));

    assertEquals(ExitCode.SUCCESS, expected.code(), expected.toString());
    assertEquals(synced.stream().filter(r -> r.startsWith("1|")).toList(), clusters.targetTextRows("fail.vanished"),
        "told that empty is expected, the partition is copied empty");
  }

  /** A config syncing {@code table} with the short bounds. */
  private static String shortBounds(String table) {
    return clusters.config(SHORT + "tables:\n  - " + table, ONE_EXECUTOR);
  }

  private static void assertOneLine(Clusters.Run run) {
    assertEquals(1, run.err().strip().lines().count(), "one line on stderr: " + run.err());
    assertFalse(run.err().contains("\tat "), run.err());
  }

  /** A port that accepts connections and never says a word, as a wedged server does. */
  private static final class SilentServer implements AutoCloseable {
    private final ServerSocket server = new ServerSocket();
    private final List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();

    SilentServer() throws IOException {
      server.bind(new InetSocketAddress("127.0.0.1", 0));
      Thread acceptor = new Thread(() -> {
        try {
          while (!server.isClosed()) {
            accepted.add(server.accept());
          }
        } catch (IOException e) {
          if (!server.isClosed()) {
            throw new UncheckedIOException(e);
          }
        }
      }, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
