package io.partsync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import io.partsync.config.VerifyMode;
import io.partsync.copy.CopyCounters;
import io.partsync.copy.CopySettings;
import io.partsync.copy.CopyTask;
import io.partsync.failure.Faults;
import io.partsync.fs.DataFile;
import io.partsync.plan.CopyChunk;
import io.partsync.plan.ListingRequest;
import io.partsync.plan.PartitionCopy;
import io.partsync.plan.PartitionListing;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Option;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag$;

/**
 * Tasks shipped to executors: fingerprinting lists every partition once, and neither its tasks nor the copy
 * tasks grow with the number of partitions.
 */
class FingerprintsTest {
  private static final Map<String, String> LOCAL = Map.of("fs.defaultFS", "file:///");
  private static JavaSparkContext spark;

  @TempDir
  Path root;

  private static boolean owned;

  /** The suite's Spark when the shared clusters started one: a JVM holds one Spark context at a time. */
  @BeforeAll
  static void start() {
    Option<SparkSession> shared = SparkSession.getDefaultSession();
    owned = shared.isEmpty();
    spark = owned ? new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("FingerprintsTest")
        .set("spark.ui.enabled", "false")) : JavaSparkContext.fromSparkContext(shared.get().sparkContext());
  }

  @AfterAll
  static void stop() {
    if (owned) {
      spark.stop();
    }
  }

  @Test
  void everyPartitionIsListedOnceAcrossTheTasks() throws Exception {
    List<ListingRequest> requests = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Path dir = Files.createDirectories(root.resolve("t/dt=" + i));
      Files.writeString(dir.resolve("data.txt"), "x".repeat(i + 1));
      requests.add(new ListingRequest("db.t", "dt=" + i, dir.toUri().toString(), false, Map.of()));
    }

    Map<String, Map<String, PartitionListing>> listed = fingerprints().onExecutors(requests);

    assertEquals(5, listed.get("db.t").size());
    for (int i = 0; i < 5; i++) {
      PartitionListing listing = listed.get("db.t").get("dt=" + i);
      assertTrue(listing.succeeded(), listing.error());
      assertEquals(i + 1, listing.files().get(0).length());
    }
  }

  @Test
  void theTaskCarriesItsSliceNumberNotTheRequests() {
    List<ListingRequest> many = IntStream.range(0, 10_000).mapToObj(i -> new ListingRequest("db.t", "dt=" + i,
        "hdfs://nn:8020/warehouse/db.db/t/dt=" + i, false, Map.of())).toList();
    Broadcast<List<ListingRequest>> shared = spark.broadcast(many);
    try {
      ByteBuffer task = SparkEnv.get().closureSerializer().newInstance().serialize(
          new Fingerprints.SliceTask(shared, 2, fingerprints().task()), ClassTag$.MODULE$.apply(Object.class));
      // 10,000 requests are over a megabyte; the task stays the size of its settings.
      assertTrue(task.remaining() < 10 * 1024, task.remaining() + " bytes");
    } finally {
      shared.destroy();
    }
  }

  @Test
  void aCopyTaskCarriesItsBroadcastNotItsPartitions() {
    List<PartitionCopy> partitions = IntStream.range(0, 10_000).mapToObj(i -> new PartitionCopy("db.t", "dt=" + i,
        List.of(Integer.toString(i)), "hdfs://nn:8020/warehouse/db.db/t/dt=" + i,
        List.of(new DataFile("000000_0", 1024, 0L)), "v1:x", List.of(new PartitionCopy.Destination("t1", "db.t",
            "hdfs://tn:8020/warehouse/db.db/t/partsync-run/dt=" + i, PartitionCopy.Change.NEW)))).toList();
    Broadcast<CopyChunk> shipped = spark.broadcast(new CopyChunk(0, 0, partitions, 1000));
    try {
      CopyTask task = new CopyTask(LOCAL, Map.of("t1", LOCAL), CopySettings.of(fingerprintsConfig().executors(),
          VerifyMode.CHECKSUM, null, Faults.NONE), CopyCounters.NONE, false);
      ByteBuffer serialized = SparkEnv.get().closureSerializer().newInstance().serialize(
          List.of(task, shipped), ClassTag$.MODULE$.apply(Object.class));
      // 10,000 partitions are megabytes; what ships with the task is the settings and a broadcast's id.
      assertTrue(serialized.remaining() < 10 * 1024, serialized.remaining() + " bytes");
    } finally {
      shipped.destroy();
    }
  }

  @Test
  void slicesCoverTheListOnceInOrder() {
    List<Integer> all = IntStream.range(0, 7).boxed().toList();
    List<Integer> joined = new ArrayList<>();
    for (int slice = 0; slice < 3; slice++) {
      List<Integer> part = Fingerprints.slice(all, slice, 3);
      assertTrue(part.size() == 2 || part.size() == 3, part.toString());
      joined.addAll(part);
    }
    assertEquals(all, joined);
    assertEquals(List.of(), Fingerprints.slice(List.of(), 0, 1));
  }

  private Fingerprints fingerprints() {
    return new Fingerprints(fingerprintsConfig(), spark, LOCAL, Map.of());
  }

  private static SyncConfig fingerprintsConfig() {
    return ConfigLoader.parse(String.join("\n",
        "source:",
        "  default-fs: file:///",
        "  metastore-uris: thrift://source-metastore:9083",
        "target:",
        "  default-fs: file:///",
        "  metastore-uris: thrift://target-metastore:9083",
        "tables:",
        "  - db.t",
        "executors:",
        "  count: 2",
        "  memory: 64m",
        ""), "fingerprints.yaml");
  }
}
