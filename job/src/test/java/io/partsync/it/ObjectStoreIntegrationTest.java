package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.copy.TamperingS3AFileSystem;
import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import io.partsync.embedded.S3Server;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.housekeeping.RunOwner;
import io.partsync.report.RunReport;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hybrid-cloud target: a cluster whose metastore keeps its tables on S3 (a real S3 API server on
 * loopback, reached through hadoop-aws's S3A client with path-style access and a custom endpoint), synced
 * from the shared HDFS source, and read back by Spark SQL through that metastore.
 */
class ObjectStoreIntegrationTest {
  private static final String BUCKET = "cloud";
  private static final String WAREHOUSE = "s3a://" + BUCKET + "/warehouse";
  private static final String EXECUTORS = "  count: 2\n  memory: 64m";
  private static Clusters clusters;
  private static S3Server s3;
  private static EmbeddedCluster cloud;
  private static FileSystem bucket;
  @RegisterExtension
  final CapturedLogs logs = new CapturedLogs();

  @BeforeAll
  static void start() throws Exception {
    clusters = Clusters.get();
    s3 = S3Server.start(clusters.baseDir, BUCKET);
    cloud = EmbeddedCluster.startWithWarehouse("cloud", clusters.baseDir, WAREHOUSE, s3.s3aProperties());
    Configuration conf = new Configuration();
    s3.s3aProperties().forEach(conf::set);
    // Small parts, so that a test can leave a multipart upload open with a few MiB.
    conf.set("fs.s3a.multipart.size", "5M");
    bucket = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf);
  }

  /** Everything logged during each test, partsync at debug level, to look for the S3 secret key in. */
  @AfterAll
  static void stop() throws Exception {
    bucket.close();
    s3.close();
  }

  @Test
  void aTableSyncsIntoS3ThenStaysInStepWithItsChangesAndDrops() throws Exception {
    String dir = clusters.sourceTextTable("cloud", "events", 3);
    String yaml = config("tables:\n  - cloud.events");

    Clusters.Run first = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    RunReport.TableReport copied = first.report().tables().get(0);
    assertEquals(3, copied.partitionsCopied());
    assertTrue(copied.targetLocation().startsWith(WAREHOUSE + "/cloud.db/events"), copied.targetLocation());
    for (Partition partition : cloudPartitions("cloud", "events").values()) {
      assertTrue(partition.getSd().getLocation().startsWith(WAREHOUSE + "/"), "on S3: " + partition.getSd());
    }
    assertEquals(clusters.sourceTextRows(dir, 3), cloudRows("cloud.events"));
    assertNoSecrets(first);
    RunReport.VerificationReport verified = first.report().verification();
    assertEquals(0, verified.bytesReadBack(), "every copy proven without reading it back");
    assertEquals(6, verified.filesVerifiedByEtag(), "each of the 6 files by its ETag");

    Clusters.Run idle = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, idle.code(), idle.toString());
    assertEquals(0, idle.report().tables().get(0).partitionsCopied(), "nothing changed, nothing copied");
    assertEquals(3, idle.report().tables().get(0).partitionsUnchanged());

    Map<String, String> before = locations(cloudPartitions("cloud", "events"));
    HdfsFiles.write(clusters.sourceFs(), dir + "/dt=2/000000_0", "27,refund\n28,refund\n29,refund\n");
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.client().dropPartition("cloud", "events", List.of("3"), true);
    }
    Clusters.Run changed = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, changed.code(), changed.toString());
    RunReport.TableReport step = changed.report().tables().get(0);
    assertEquals(List.of(1, 1, 1), List.of(step.partitionsCopied(), step.partitionsDropped(),
        step.partitionsUnchanged()), "dt=2 copied again, dt=3 dropped, dt=1 left as it is");
    assertEquals(2, step.housekeeping().removed(), "dt=2's old version and dt=3 are gone at once (no grace)");
    assertFalse(exists(before.get("dt=2")), "dt=2's superseded objects are deleted: " + before.get("dt=2"));
    assertFalse(exists(before.get("dt=3")), "dt=3's objects are deleted: " + before.get("dt=3"));
    assertTrue(exists(before.get("dt=1")), "dt=1 is untouched");
    assertEquals(clusters.sourceTextRows(dir, 2), cloudRows("cloud.events"));
  }

  @Test
  void aFileBiggerThanTheExecutorsMemoryIsStreamedAsAMultipartUpload() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/cloud_big";
    byte[] big = new byte[13 << 20];
    new Random(17).nextBytes(big);
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("cloud", "big", List.of("line string"), List.of("dt string"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      try (OutputStream out = clusters.sourceFs().create(new Path(dir + "/dt=1/000000_0"))) {
        out.write(big);
      }
      writer.addPartition("cloud", "big", List.of("1"), dir + "/dt=1", Map.of());
    }
    // 1 MiB of copy buffers against a 13 MiB file; S3A uploads it in parts of 5 MiB buffered on local disk.
    String yaml = Clusters.withTargetProperty(config("tables:\n  - cloud.big", "  count: 1\n  memory: 2m\n"
        + "  streams: 2\n  buffer-fraction: 0.5"), "fs.s3a.multipart.size", "5M");

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    String copy = cloudPartitions("cloud", "big").get("dt=1").getSd().getLocation() + "/000000_0";
    try (var in = bucket.open(new Path(copy))) {
      assertArrayEquals(big, in.readAllBytes(), "the object holds the source file's bytes");
    }
  }

  @Test
  void aRunKilledMidCopyIsReRunCleanlyAndTheUploadsItLeftOpenAreAborted() throws Exception {
    String dir = clusters.sourceTextTable("cloud", "killed", 3);
    String yaml = config("tables:\n  - cloud.killed");

    Clusters.Run killed = clusters.runKilledAt("mid-file", yaml);

    assertEquals(ExitCode.FAILED, killed.code(), killed.toString());
    String location;
    try (SourceTableWriter writer = new SourceTableWriter(cloud.metastoreUri())) {
      location = writer.client().getTable("cloud", "killed").getSd().getLocation();
      assertEquals(List.of(), writer.client().listPartitions("cloud", "killed", (short) -1), "nothing published");
    }
    String runDir = runDirectories(location).get(0);
    for (String object : objectsUnder(runDir)) {
      assertTrue(object.contains("/" + RunOwner.MARKER + " "), "a failed copy's upload is aborted, not stored: " + object);
    }
    // A killed process also leaves the multipart upload of a large file open: invisible, yet stored.
    FSDataOutputStream open = bucket.create(new Path(runDir + "/dt=1/big_0"), true);
    open.write(new byte[6 << 20]);
    OpenUploads.awaitPartsStored(open);
    assertEquals(1, openUploads(location), "the killed run's upload is open");

    Clusters.Run rerun = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertEquals(clusters.sourceTextRows(dir, 3), cloudRows("cloud.killed"));
    assertEquals(0, openUploads(location), "the sweep after the unclean run aborted it");
    assertFalse(exists(runDir), "the killed run's directory is gone: " + objectsUnder(runDir));
    Set<String> referenced = new TreeSet<>(locations(cloudPartitions("cloud", "killed")).values());
    for (String object : objectsUnder(location)) {
      String path = object.substring(0, object.lastIndexOf(' '));
      assertTrue(referenced.stream().anyMatch(p -> path.startsWith(p + "/")) || path.endsWith("/" + RunOwner.MARKER),
          "only the published versions' objects and their run directory's marker remain: " + object);
    }
  }

  @Test
  void anUploadCorruptedOnItsWayToTheStoreIsCaughtByItsEtagAndNothingIsPublished() throws Exception {
    clusters.sourceTextTable("cloud", "tampered", 2);
    // S3A as the target's file system, but flipping the first byte of every object it uploads.
    String yaml = Clusters.withTargetProperty(Clusters.withTargetProperty(config("tables:\n  - cloud.tampered"),
        "fs.s3a.impl", TamperingS3AFileSystem.class.getName()), TamperingS3AFileSystem.TAMPER, "flip-byte");

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    List<RunReport.Failure> failures = run.report().tables().get(0).failures();
    assertEquals(2, failures.size(), failures.toString());
    for (RunReport.Failure failure : failures) {
      assertTrue(failure.reason().matches("(?s).*copy of \\S+/dt=\\d/00000\\d_0 at s3a://" + BUCKET
          + "/\\S+ is not the bytes read from the source: the target's ETag is [0-9a-f]{32}, the bytes read have"
          + " [0-9a-f]{32}.*"), failure.reason());
    }
    try (SourceTableWriter writer = new SourceTableWriter(cloud.metastoreUri())) {
      assertEquals(List.of(), writer.client().listPartitions("cloud", "tampered", (short) -1), "nothing published");
    }
    assertEquals(0, run.report().verification().bytesReadBack(), "caught without reading the copies back");
  }

  @Test
  void aSecondRunIsRefusedWhileALiveRunHoldsTheTablesLockOnS3() throws Exception {
    clusters.sourceTextTable("cloud", "locked", 1);
    String yaml = config("tables:\n  - cloud.locked");
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    String location = first.report().tables().get(0).targetLocation();
    HdfsFiles.write(clusters.sourceFs(), clusters.source.defaultFs() + "/data/cloud_locked/dt=1/000000_0", "9,x\n");
    String lock = location + "/.partsync/lock";
    try (OutputStream out = bucket.create(new Path(lock), false)) {
      out.write(("run=elsewhere-1\nhost=other-host\nsince=" + Instant.now() + "\nexpires="
          + Instant.now().plusSeconds(600) + "\nstate=active\n").getBytes());
    }
    List<String> objects = objectsUnder(location);

    Clusters.Run refused = clusters.run(yaml);

    assertEquals(ExitCode.LOCKED, refused.code(), refused.toString());
    assertTrue(refused.err().contains("target table cloud.locked is being written by run elsewhere-1 on other-host"),
        refused.err());
    assertEquals(objects, objectsUnder(location), "nothing written, nothing removed");
    bucket.delete(new Path(lock), false);
  }

  @Test
  void aSourceTableWhoseLocationIsOnS3IsCopiedToHdfs() throws Exception {
    String dir = WAREHOUSE + "/landing/orders";
    try (SourceTableWriter writer = new SourceTableWriter(cloud.metastoreUri())) {
      writer.createTable("landing", "orders", List.of("id int", "kind string"), List.of("dt string"),
          SourceTableWriter.Format.TEXT, dir, Map.of());
      for (int p = 1; p <= 2; p++) {
        HdfsFiles.write(bucket, dir + "/dt=" + p + "/000000_0", p + "0,click\n" + p + "1,view\n");
        writer.addPartition("landing", "orders", List.of(Integer.toString(p)), dir + "/dt=" + p, Map.of());
      }
    }
    // The cloud cluster as the source: its default file system is its HDFS, the table's location on S3.
    String yaml = cloud.configSection("source") + clusters.target.configSection("target") + "executors:\n"
        + EXECUTORS + "\ntables:\n  - landing.orders\n";

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of("1|10,click", "1|11,view", "2|20,click", "2|21,view"), clusters.targetTextRows("landing.orders"));
    assertNoSecrets(run);
    Clusters.Run idle = clusters.run(yaml);
    assertEquals(2, idle.report().tables().get(0).partitionsUnchanged(), idle.toString());
  }

  @Test
  void sourceFilesAreReadFromAReadReplicaOnS3() throws Exception {
    String dir = clusters.sourceTextTable("cloud", "mirrored", 2);
    String replicaDir = "s3a://" + BUCKET + "/dr/mirrored";
    for (FileStatus partition : clusters.sourceFs().listStatus(new Path(dir))) {
      for (FileStatus file : clusters.sourceFs().listStatus(partition.getPath())) {
        HdfsFiles.write(bucket, replicaDir + "/" + partition.getPath().getName() + "/" + file.getPath().getName(),
            new String(HdfsFiles.read(clusters.sourceFs(), file.getPath().toString())));
      }
    }
    StringBuilder replica = new StringBuilder(String.join("\n",
        "  read-replica:",
        "    default-fs: s3a://" + BUCKET,
        "    path-map:",
        "      \"" + dir + "\": \"" + replicaDir + "\"",
        "    properties:",
        ""));
    new TreeMap<>(s3.s3aProperties()).forEach((key, value) -> replica.append("      ").append(key).append(": \"")
        .append(value).append("\"\n"));
    String yaml = clusters.source.configSection("source") + replica + clusters.target.configSection("target")
        + "executors:\n" + EXECUTORS + "\ntables:\n  - cloud.mirrored\n";

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(List.of(), run.report().tables().get(0).readFromPrimary(), "every file came from the replica");
    assertEquals(clusters.sourceTextRows(dir, 2), clusters.targetTextRows("cloud.mirrored"));
    assertNoSecrets(run);
  }

  /** A config syncing from the shared HDFS source into the S3 cluster, whose 'default-fs' is the bucket. */
  private static String config(String tables) {
    return config(tables, EXECUTORS);
  }

  private static String config(String tables, String executors) {
    String target = cloud.configSection("target").replace("  default-fs: " + cloud.defaultFs(),
        "  default-fs: s3a://" + BUCKET);
    return clusters.source.configSection("source") + target + "executors:\n" + executors + "\n"
        + "deletes: drop\nhousekeeping:\n  grace-period: 0s\n" + tables + "\n";
  }

  /** The rows of a text table made by {@link Clusters#sourceTextTable}, read by Spark SQL through the S3 metastore. */
  private static List<String> cloudRows(String table) throws Exception {
    List<String> rows = new ArrayList<>();
    for (String row : SparkSqlProbe.query(cloud, "SELECT dt, id, kind FROM " + table).get(0)) {
      String[] fields = row.split("\\|");
      rows.add(fields[0] + "|" + fields[1] + "," + fields[2]);
    }
    rows.sort(null);
    return rows;
  }

  private static Map<String, Partition> cloudPartitions(String database, String table) throws Exception {
    Map<String, Partition> byName = new TreeMap<>();
    try (SourceTableWriter writer = new SourceTableWriter(cloud.metastoreUri())) {
      for (Partition partition : writer.client().listPartitions(database, table, (short) -1)) {
        byName.put("dt=" + partition.getValues().get(0), partition);
      }
    }
    return byName;
  }

  private static Map<String, String> locations(Map<String, Partition> partitions) {
    Map<String, String> locations = new TreeMap<>();
    partitions.forEach((name, p) -> locations.put(name, p.getSd().getLocation()));
    return locations;
  }

  private static boolean exists(String dir) throws Exception {
    return !objectsUnder(dir).isEmpty();
  }

  /** The run directories partsync made under a table location. */
  private static List<String> runDirectories(String location) throws Exception {
    List<String> runs = new ArrayList<>();
    for (FileStatus child : bucket.listStatus(new Path(location))) {
      if (child.getPath().getName().startsWith("partsync-")) {
        runs.add(child.getPath().toString());
      }
    }
    return runs;
  }

  /** Every object under {@code dir}, by key, with its length. */
  static List<String> objectsUnder(String dir) throws Exception {
    List<String> objects = new ArrayList<>();
    try {
      RemoteIterator<LocatedFileStatus> files = bucket.listFiles(new Path(dir), true);
      while (files.hasNext()) {
        FileStatus file = files.next();
        objects.add(file.getPath() + " " + file.getLen());
      }
    } catch (java.io.FileNotFoundException e) {
      return objects;
    }
    objects.sort(null);
    return objects;
  }

  /** The run's output, the logs and the JSON report never show the S3 secret key. */
  private void assertNoSecrets(Clusters.Run run) throws Exception {
    assertTrue(logs.text().contains("io.partsync.run.SyncJob"), "partsync's logging was captured");
    String report = java.nio.file.Files.readString(run.reportPath());
    for (String text : List.of(run.out(), run.err(), report, logs.text())) {
      assertFalse(text.contains(S3Server.SECRET_KEY), "the secret key is not shown");
    }
  }

  /** The multipart uploads open under a directory of the bucket, as the store lists them. */
  static int openUploads(String dir) throws Exception {
    try (ClusterFileSystem store = ClusterFileSystem.open("test", bucketProperties())) {
      return store.openUploadsUnder(dir).size();
    }
  }

  private static Map<String, String> bucketProperties() {
    Map<String, String> properties = new TreeMap<>(s3.s3aProperties());
    properties.put("fs.defaultFS", "s3a://" + BUCKET);
    return properties;
  }
}
