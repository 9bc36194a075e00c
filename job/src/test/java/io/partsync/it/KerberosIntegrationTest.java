package io.partsync.it;

import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.security.auth.kerberos.KerberosKey;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * partsync between two Kerberized clusters (HDFS and Hive Metastore each requiring Kerberos) with a real
 * KDC. Each run is a JVM of its own, as spark-submit's local mode runs the job: it logs in from the keytab,
 * gets delegation tokens, and copies as the principal. Runs only in the {@code kerberos} surefire execution
 * (its own JVM): {@code mvn test -Dtest=KerberosIntegrationTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("kerberos")
class KerberosIntegrationTest {
  /** A metastore database password as it may sit in a cluster's properties; it must never be printed. */
  private static final String JDBC_PASSWORD = "jdbc-" + UUID.randomUUID();
  private static final String TABLE_DIR = "/data/krb_events";

  private static Path dir;
  private static SecureClusters clusters;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("partsync-kerberos");
    clusters = SecureClusters.start(dir);
    clusters.asAdmin(() -> {
      for (EmbeddedCluster cluster : List.of(clusters.source, clusters.target)) {
        FileSystem fs = cluster.fileSystem();
        org.apache.hadoop.fs.Path warehouse = new org.apache.hadoop.fs.Path("/user/hive/warehouse");
        fs.mkdirs(warehouse);
        fs.setPermission(warehouse, new FsPermission((short) 0777));
      }
      FileSystem source = clusters.source.fileSystem();
      HiveMetaStoreClient metastore = clusters.metastoreClient(clusters.source);
      try {
        metastore.createDatabase(new org.apache.hadoop.hive.metastore.api.Database("krb", null, null, null));
        metastore.createTable(SourceTableWriter.define("krb", "events", List.of("id int", "kind string"),
            List.of("dt string"), SourceTableWriter.Format.TEXT, clusters.source.defaultFs() + TABLE_DIR, Map.of()));
        for (int p = 1; p <= 3; p++) {
          String partition = TABLE_DIR + "/dt=" + p;
          write(source, partition + "/000000_0", p + "0,click\n" + p + "1,view\n");
          write(source, partition + "/000001_0", p + "2,buy\n");
          addPartition(metastore, p, clusters.source.defaultFs() + partition);
        }
      } finally {
        metastore.close();
      }
      return null;
    });
  }

  @AfterAll
  static void stop() {
    if (clusters != null) {
      clusters.close();
    }
  }

  @Test
  void aSyncRunsAsThePrincipalWithTokensForBothFileSystemsAndPrintsNoSecret() throws Exception {
    Path tokens = dir.resolve("tokens.tsv");
    Path report = dir.resolve("report.json");

    Forked run = fork(KerberizedRun.class, List.of(), config(clusters.userPrincipal, clusters.userKeytab.getPath(),
        report), tokens.toString());

    assertEquals(0, run.exit(), run.output());
    assertEquals(3, io.partsync.report.ReportWriter.fromJson(Files.readString(report)).tables().get(0)
        .partitionsCopied(), "this run copied every partition");
    assertEquals(sourceFiles(), targetFiles(), "every file copied byte for byte and registered");
    for (String owner : targetOwners()) {
      assertEquals("partsync", owner, "files written as the principal, not as the test's superuser");
    }
    List<String[]> held = Files.readAllLines(tokens).stream().map(l -> l.split("\t")).toList();
    assertEquals(List.of("login", clusters.userPrincipal), List.of(held.get(held.size() - 1)));
    List<String> services = held.stream().filter(t -> t[0].equals("HDFS_DELEGATION_TOKEN")).map(t -> t[1])
        .sorted().toList();
    assertEquals(List.of("127.0.0.1:" + clusters.source.nameNodePort(),
        "127.0.0.1:" + clusters.target.nameNodePort()).stream().sorted().toList(), services);

    String printed = run.output() + Files.readString(report);
    List<String> leaks = new ArrayList<>();
    for (Map.Entry<String, String> secret : secrets(held).entrySet()) {
      printed.lines().filter(l -> l.contains(secret.getKey()))
          .forEach(l -> leaks.add(secret.getValue() + ": " + l.replace(secret.getKey(), "<SECRET>")));
    }
    assertEquals(List.of(), leaks, "lines that print a secret");
    String rawOutput = new String((run.output() + Files.readString(report)).getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1);
    assertFalse(rawOutput.contains(new String(Files.readAllBytes(clusters.userKeytab.toPath()),
        StandardCharsets.ISO_8859_1)), "the keytab's bytes were printed");
    assertTrue(run.output().contains("logged in to Kerberos as " + clusters.userPrincipal), run.output());
  }

  @Test
  void aProcessAlreadyLoggedInAsThePrincipalKeepsItsLoginAndNeedsNoKeytabOnThisHost() throws Exception {
    Path tokens = dir.resolve("reused-tokens.tsv");
    String elsewhere = dir.resolve("keytab-on-the-submitting-host").toString();

    Forked run = fork(KerberizedRun.class, List.of(), config(clusters.userPrincipal, elsewhere,
        dir.resolve("reused.json"), "krb.events_reused"), tokens.toString(), clusters.userKeytab.getPath());

    assertEquals(0, run.exit(), run.output());
    assertTrue(run.output().contains("using this process's Kerberos login as " + clusters.userPrincipal),
        run.output());
    assertEquals(files(clusters.source, "events"), files(clusters.target, "events_reused"));
    assertEquals(2, Files.readAllLines(tokens).stream().filter(l -> l.startsWith("HDFS_DELEGATION_TOKEN\t"))
        .count(), "a token for each file system, added to the existing login");
  }

  @Test
  void aPrincipalTheKeytabLacksFailsWithOneLineAndWritesNothing() throws Exception {
    String before = targetState();
    String principal = "nobody@" + clusters.realm;

    Forked run = fork(io.partsync.PartSync.class, List.of(), config(principal, clusters.userKeytab.getPath(),
        dir.resolve("never.json")));

    assertEquals(2, run.exit(), run.output());
    assertEquals("partsync: FAILED (exit 2): config error: cannot log in to Kerberos as " + principal
        + " with keytab " + clusters.userKeytab + ": the keytab has no key for this principal; set"
        + " 'kerberos.principal' to one that 'klist -kt " + clusters.userKeytab + "' lists, or use that"
        + " principal's keytab", failureLine(run));
    assertEquals(before, targetState(), "nothing written");
    assertFalse(Files.exists(dir.resolve("never.json")));
  }

  @Test
  void aMissingKeytabFailsWithOneLineNamingIt() throws Exception {
    String keytab = dir.resolve("missing.keytab").toString();

    Forked run = fork(io.partsync.PartSync.class, List.of(), config(clusters.userPrincipal, keytab,
        dir.resolve("never.json")));

    assertEquals(2, run.exit(), run.output());
    assertEquals("partsync: FAILED (exit 2): config error: 'kerberos.keytab' " + keytab + " does not exist on"
        + " this host; put the keytab of " + clusters.userPrincipal + " there, or fix the path", failureLine(run));
  }

  @Test
  void anUnreachableKdcFailsWithOneLineSayingSo() throws Exception {
    String krb5 = Files.readString(clusters.kdc.getKrb5conf().toPath())
        .replace("localhost:" + clusters.kdc.getPort(), "localhost:" + Ports.closed());
    Path badKrb5 = Files.writeString(dir.resolve("unreachable-krb5.conf"), krb5);
    String before = targetState();

    Forked run = fork(io.partsync.PartSync.class, List.of("-Djava.security.krb5.conf=" + badKrb5),
        config(clusters.userPrincipal, clusters.userKeytab.getPath(), dir.resolve("never.json")));

    assertEquals(4, run.exit(), run.output());
    String line = failureLine(run);
    assertTrue(line.startsWith("partsync: FAILED (exit 4): cannot log in to Kerberos as "
        + clusters.userPrincipal + " with keytab " + clusters.userKeytab + ": cannot reach the KDC of realm "
        + clusters.realm + " ("), line);
    assertTrue(line.endsWith("); check that the KDC is up and that krb5.conf on this host lists it, then run"
        + " again"), line);
    assertEquals(before, targetState(), "nothing written");
  }

  private static String config(String principal, String keytab, Path report) {
    return config(principal, keytab, report, "krb.events");
  }

  /** A config syncing krb.events into the target table {@code target}. */
  private static String config(String principal, String keytab, Path report, String target) {
    return String.join("\n",
        section("source", clusters.source),
        section("target", clusters.target),
        "tables:",
        "  - source: krb.events",
        "    target: " + target,
        "executors:",
        "  count: 2",
        "  memory: 64m",
        "kerberos:",
        "  principal: " + principal,
        "  keytab: " + keytab,
        "report:",
        "  json: " + report,
        "");
  }

  private static String section(String role, EmbeddedCluster cluster) {
    StringBuilder yaml = new StringBuilder(role + ":\n  default-fs: " + cluster.defaultFs() + "\n  metastore-uris: "
        + cluster.metastoreUri() + "\n  properties:\n");
    clusters.clientProperties().forEach((k, v) -> yaml.append("    ").append(k).append(": \"").append(v).append("\"\n"));
    yaml.append("    javax.jdo.option.ConnectionPassword: \"").append(JDBC_PASSWORD).append("\"");
    return yaml.toString();
  }

  /** Everything no run may print, each with what it is: the keytab and its keys, the tokens, the JDBC password. */
  private static Map<String, String> secrets(List<String[]> tokens) throws IOException {
    Map<String, String> secrets = new java.util.LinkedHashMap<>();
    byte[] keytab = Files.readAllBytes(clusters.userKeytab.toPath());
    secrets.put(Base64.getEncoder().encodeToString(keytab), "keytab (base64)");
    secrets.put(HexFormat.of().formatHex(keytab), "keytab (hex)");
    KerberosKey[] keys = KeyTab.getInstance(clusters.userKeytab).getKeys(new KerberosPrincipal(clusters.userPrincipal));
    assertTrue(keys.length > 0, "the keytab holds the principal's keys");
    for (KerberosKey key : keys) {
      secrets.put(Base64.getEncoder().encodeToString(key.getEncoded()), "a key of the keytab (base64)");
      secrets.put(HexFormat.of().formatHex(key.getEncoded()), "a key of the keytab (hex)");
    }
    for (String[] token : tokens) {
      if (token.length == 5) {
        byte[] password = Base64.getDecoder().decode(token[4]);
        secrets.put(token[2], token[0] + " (encodeToUrlString)");
        secrets.put(token[3], token[0] + " identifier (base64)");
        secrets.put(token[4], token[0] + " password (base64)");
        secrets.put(Base64.getUrlEncoder().withoutPadding().encodeToString(password), token[0] + " password (base64url)");
        secrets.put(HexFormat.of().formatHex(password), token[0] + " password (hex)");
      }
    }
    secrets.put(JDBC_PASSWORD, "javax.jdo.option.ConnectionPassword");
    return secrets;
  }

  private static String failureLine(Forked run) {
    List<String> lines = run.output().lines().filter(l -> l.startsWith("partsync: FAILED")).toList();
    assertEquals(1, lines.size(), run.output());
    return lines.get(0);
  }

  /** Every path on the target file system and every table of its metastore. */
  private static String targetState() throws Exception {
    return clusters.asAdmin(() -> {
      List<String> state = new ArrayList<>();
      FileSystem fs = clusters.target.fileSystem();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path("/"), true);
      while (files.hasNext()) {
        state.add(files.next().getPath().toUri().getPath());
      }
      for (FileStatus status : fs.listStatus(new org.apache.hadoop.fs.Path("/user/hive/warehouse"))) {
        state.add(status.getPath().toUri().getPath() + "/");
      }
      HiveMetaStoreClient metastore = clusters.metastoreClient(clusters.target);
      try {
        for (String database : metastore.getAllDatabases()) {
          state.add(database + ": " + metastore.getAllTables(database));
        }
      } finally {
        metastore.close();
      }
      return String.join("\n", state);
    });
  }

  /** The source partitions' files by partition and name, with their contents. */
  private static Map<String, String> sourceFiles() throws Exception {
    return files(clusters.source, "events");
  }

  private static Map<String, String> targetFiles() throws Exception {
    return files(clusters.target, "events");
  }

  /** The files of table krb.{@code table}'s partitions by partition and name, with their contents. */
  private static Map<String, String> files(EmbeddedCluster cluster, String table) throws Exception {
    return clusters.asAdmin(() -> {
      Map<String, String> contents = new TreeMap<>();
      FileSystem fs = cluster.fileSystem();
      for (Partition partition : partitions(cluster, table)) {
        for (FileStatus file : fs.listStatus(new org.apache.hadoop.fs.Path(partition.getSd().getLocation()))) {
          try (var in = fs.open(file.getPath())) {
            contents.put("dt=" + partition.getValues().get(0) + "/" + file.getPath().getName(),
                new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
      return contents;
    });
  }

  private static List<String> targetOwners() throws Exception {
    return clusters.asAdmin(() -> {
      List<String> owners = new ArrayList<>();
      FileSystem fs = clusters.target.fileSystem();
      for (Partition partition : partitions(clusters.target, "events")) {
        for (FileStatus file : fs.listStatus(new org.apache.hadoop.fs.Path(partition.getSd().getLocation()))) {
          owners.add(file.getOwner());
        }
      }
      assertEquals(6, owners.size(), "three partitions of two files");
      return owners;
    });
  }

  private static List<Partition> partitions(EmbeddedCluster cluster, String table) throws Exception {
    HiveMetaStoreClient metastore = clusters.metastoreClient(cluster);
    try {
      return metastore.listPartitions("krb", table, (short) -1);
    } finally {
      metastore.close();
    }
  }

  private static void addPartition(HiveMetaStoreClient metastore, int p, String location) throws Exception {
    var table = metastore.getTable("krb", "events");
    Partition partition = new Partition();
    partition.setDbName("krb");
    partition.setTableName("events");
    partition.setValues(List.of(Integer.toString(p)));
    var sd = table.getSd().deepCopy();
    sd.setLocation(location);
    partition.setSd(sd);
    partition.setParameters(new java.util.HashMap<>());
    metastore.add_partition(partition);
  }

  /** Runs {@code main} in a JVM of its own with the config, in local mode with two task slots. */
  private static Forked fork(Class<?> main, List<String> jvmOptions, String yaml, String... more) throws Exception {
    Path config = Files.writeString(Files.createTempFile(dir, "sync", ".yaml"), yaml);
    List<String> options = new ArrayList<>(List.of("-Xmx1g",
        "-Djava.security.krb5.conf=" + clusters.kdc.getKrb5conf()));
    options.addAll(jvmOptions);
    options.addAll(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false",
        "-Dlog4j2.configurationFile=log4j2-kerberos.properties"));
    List<String> args = new ArrayList<>(List.of(config.toString()));
    args.addAll(List.of(more));
    return Forked.run(Forked.javaCommand(options, main, args), Duration.ofMinutes(3));
  }
}
