package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import io.partsync.embedded.S3Server;
import io.partsync.report.RunReport;
import java.io.OutputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.s3a.S3AFileSystem;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A hybrid-cloud target: a cluster whose metastore keeps its tables on S3 (a real S3 API server on
 * loopback, reached through hadoop-aws's S3A client with path-style access and a custom endpoint), synced
 * from the shared HDFS source, and read back by Spark SQL through that metastore.
 */
class S3TargetIntegrationTest {
  private static final String BUCKET = "cloud";
  private static final String WAREHOUSE = "s3a://" + BUCKET + "/warehouse";
  private static final String EXECUTORS = "  count: 2\n  memory: 64m";
  private static Clusters clusters;
  private static S3Server s3;
  private static EmbeddedCluster cloud;
  private static FileSystem bucket;

  @BeforeAll
  static void start() throws Exception {
    clusters = Clusters.get();
    s3 = S3Server.start(clusters.baseDir, BUCKET);
    cloud = EmbeddedCluster.startWithWarehouse("cloud", clusters.baseDir, WAREHOUSE, s3.s3aProperties());
    Configuration conf = new Configuration();
    s3.s3aProperties().forEach(conf::set);
    bucket = FileSystem.newInstance(URI.create("s3a://" + BUCKET + "/"), conf);
  }

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

  /** The run's output, log-facing report and JSON report never show the S3 secret key. */
  private static void assertNoSecrets(Clusters.Run run) throws Exception {
    String report = java.nio.file.Files.readString(run.reportPath());
    for (String text : List.of(run.out(), run.err(), report)) {
      assertFalse(text.contains(S3Server.SECRET_KEY), "the secret key is not shown");
    }
  }

  /** S3A's own view: open multipart uploads under a prefix of the bucket. */
  static int openUploads(String dir) throws Exception {
    String key = new Path(dir).toUri().getPath().substring(1);
    int open = 0;
    var uploads = ((S3AFileSystem) bucket).listUploads(key);
    while (uploads.hasNext()) {
      uploads.next();
      open++;
    }
    return open;
  }
}
