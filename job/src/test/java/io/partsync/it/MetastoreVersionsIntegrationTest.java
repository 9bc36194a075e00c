package io.partsync.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.metastore.MetastoreClient;
import io.partsync.metastore.MetastoreDialect;
import io.partsync.metastore.MetastoreSettings;
import io.partsync.report.RunReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.hive.common.FileUtils;
import org.apache.hadoop.hive.metastore.api.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * partsync between metastores of different versions, each a real server: the shared clusters' Hive 2.3
 * metastores, and Hive Standalone Metastore 3.1.3 and 4.0.1 servers in JVMs of their own over the same
 * clusters' HDFS (one of each on each side, started once for the class). Each pairing runs a full sync, a rerun with nothing to do, and a run after a partition
 * changed and one was dropped, on a filtered table whose partition values need escaping; what the target
 * holds is read back by a client of the target's own version.
 */
class MetastoreVersionsIntegrationTest extends SharedClustersTest {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreVersionsIntegrationTest.class);
  /** Partition values with characters Hive escapes in names and paths; the first is filtered out. */
  private static final List<String> VALUES = List.of("2026-10-31", "2026-11-01", "2026-11-02 10:00:00",
      "2026-11-03/eu=1");
  private static final String FILTER = "dt >= '2026-11-01'";

  private static MetastoreProcess hive31Source;
  private static MetastoreProcess hive40Source;
  private static MetastoreProcess hive40Target;
  private static MetastoreProcess hive31Target;

  @BeforeAll
  static void startServers() {
    CompletableFuture<MetastoreProcess> h31 = startAsync(() -> MetastoreProcess.hive31("source-3.1",
        clusters.baseDir, clusters.source.defaultFs()));
    CompletableFuture<MetastoreProcess> h40s = startAsync(() -> MetastoreProcess.hive40("source-4.0",
        clusters.baseDir, clusters.source.defaultFs()));
    CompletableFuture<MetastoreProcess> h40t = startAsync(() -> MetastoreProcess.hive40("target-4.0",
        clusters.baseDir, clusters.target.defaultFs()));
    CompletableFuture<MetastoreProcess> h31t = startAsync(() -> MetastoreProcess.hive31("target-3.1",
        clusters.baseDir, clusters.target.defaultFs()));
    hive31Source = h31.join();
    hive40Source = h40s.join();
    hive40Target = h40t.join();
    hive31Target = h31t.join();
  }

  @AfterAll
  static void stopServers() {
    for (MetastoreProcess server : new MetastoreProcess[] {hive31Source, hive40Source, hive40Target, hive31Target}) {
      if (server != null) {
        server.close();
      }
    }
  }

  @Test
  void eachServerIsToldApartWithItsDefaultCatalog() {
    assertEquals(new MetastoreDialect("2.x", Optional.empty(), true), dialect(clusters.source.metastoreUri()));
    assertEquals(new MetastoreDialect("3.x", Optional.of("hive"), true), dialect(hive31Source.uri()));
    assertEquals(new MetastoreDialect("4.0.1", Optional.of("hive"), true), dialect(hive40Target.uri()));
  }

  @Test
  void aCatalogThatIsNotTheMetastoresDefaultStopsTheRunBeforeAnythingIsWritten() throws Exception {
    clusters.sourceTextTable("vcat", "events", 1);
    String yaml = clusters.config("tables:\n  - vcat.events", ONE_EXECUTOR)
        .replace(clusters.target.metastoreUri(), hive40Target.uri() + "\n  catalog: spark");
    String before = clusters.state();

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.INCOMPATIBLE, run.code(), run.toString());
    assertTrue(run.err().contains("partsync: FAILED (exit 6): the target metastore at " + hive40Target.uri()
        + " (Hive Metastore 4.0.1) serves catalog 'hive' (its metastore.catalog.default), but 'target.catalog' is"
        + " 'spark': partsync reads and writes a metastore's default catalog only;"), run.err());
    assertEquals(before, clusters.state());
  }

  @Test
  void fromHive23ToHive40() throws Exception {
    Pairing pairing = new Pairing("v23to40", clusters.source.metastoreUri(), hive40Target.uri(), "4.0");

    pairing.syncChangeAndDrop(false);

    VersionedMetastoreReader.Read table = pairing.readTarget();
    assertTrue(table.tableLine().contains("partsync.source.table=v23to40.events at " + clusters.source.metastoreUri()),
        table.tableLine());
  }

  @Test
  void fromHive40ToHive23WithoutHive4sTranslationBookkeeping() throws Exception {
    Pairing pairing = new Pairing("v40to23", hive40Source.uri(), clusters.target.metastoreUri(), "2.3");

    pairing.syncChangeAndDrop(true);

    try (SourceTableWriter source = new SourceTableWriter(hive40Source.uri())) {
      Table translated = source.table("v40to23", "events");
      assertEquals("EXTERNAL_TABLE", translated.getTableType(), "Hive 4 made the managed source table external");
      assertEquals("TRUE", translated.getParameters().get("TRANSLATED_TO_EXTERNAL"));
    }
    List<String> described = clusters.spark.sql("DESCRIBE TABLE EXTENDED v40to23.events").collectAsList().stream()
        .map(r -> r.getString(0) + "=" + r.getString(1)).toList();
    assertTrue(described.contains("Type=MANAGED"), described.toString());
    List<String> properties = clusters.spark.sql("SHOW TBLPROPERTIES v40to23.events").collectAsList().stream()
        .map(r -> r.getString(0)).toList();
    assertTrue(properties.contains("partsync.source.table"), properties.toString());
    assertFalse(properties.contains("TRANSLATED_TO_EXTERNAL"), properties.toString());
    assertFalse(properties.contains("external.table.purge"), properties.toString());
    assertFalse(properties.contains("EXTERNAL"), properties.toString());
  }

  @Test
  void fromHive31ToHive40WithTheManagedTableAsHive4MakesOne() throws Exception {
    Pairing pairing = new Pairing("v31to40", hive31Source.uri(), hive40Target.uri(), "4.0");

    pairing.syncChangeAndDrop(true);

    // The replica is created as the managed table it is; Hive 4 makes it external, as it does any such
    // table, in the location partsync chose.
    String[] table = pairing.readTarget().tableLine().split("\t");
    assertEquals("EXTERNAL_TABLE", table[1]);
    assertTrue(table[2].startsWith(clusters.target.defaultFs() + "/") && table[2].endsWith("/v31to40.db/events"),
        table[2]);
    assertTrue(table[3].contains("TRANSLATED_TO_EXTERNAL=TRUE"), table[3]);
    assertTrue(table[3].contains("partsync.source.table=v31to40.events at " + hive31Source.uri()), table[3]);
  }

  @Test
  void fromHive40ToHive31WithoutHive4sTranslationBookkeeping() throws Exception {
    Pairing pairing = new Pairing("v40to31", hive40Source.uri(), hive31Target.uri(), "3.1");

    pairing.syncChangeAndDrop(true);

    String[] table = pairing.readTarget().tableLine().split("\t");
    assertEquals("MANAGED_TABLE", table[1], "created as the managed table it was before Hive 4 translated it");
    assertFalse(table[3].contains("TRANSLATED_TO_EXTERNAL"), table[3]);
    assertFalse(table[3].contains("external.table.purge"), table[3]);
    assertFalse(table[3].contains("EXTERNAL="), table[3]);
  }

  @Test
  void fromHive23ToHive31() throws Exception {
    Pairing pairing = new Pairing("v23to31", clusters.source.metastoreUri(), hive31Target.uri(), "3.1");

    pairing.syncChangeAndDrop(false);

    assertEquals("EXTERNAL_TABLE", pairing.readTarget().tableLine().split("\t")[1]);
  }

  @Test
  void fromHive40ToHive40WhereTheTargetTranslatesTheReplicaItself() throws Exception {
    Pairing pairing = new Pairing("v40to40", hive40Source.uri(), hive40Target.uri(), "4.0");

    pairing.syncChangeAndDrop(true);

    String[] table = pairing.readTarget().tableLine().split("\t");
    assertEquals("EXTERNAL_TABLE", table[1]);
    assertTrue(table[2].endsWith("/v40to40.db/events"), table[2]);
    assertTrue(table[3].contains("TRANSLATED_TO_EXTERNAL=TRUE"), table[3]);
  }

  /**
   * One source metastore and one target metastore, with a table {@code <database>.events} on the source.
   *
   * @param targetVersion 2.3 (read back with Spark SQL, whose built-in client is 2.3), or 3.1 or 4.0 (read
   *     back with that version's own client)
   */
  private record Pairing(String database, String sourceUri, String targetUri, String targetVersion) {
    /**
     * Syncs the table, reruns, then changes one partition and drops another on the source and syncs again,
     * checking the report and what the target holds each time. {@code managed}: the source table is created
     * as a managed table (which Hive 4 turns into an external one).
     */
    void syncChangeAndDrop(boolean managed) throws Exception {
      String dir = createSourceTable(managed);
      String yaml = config();

      RunReport.TableReport first = sync(yaml);
      assertEquals(3, first.partitionsCopied(), first.toString());
      assertEquals(3, first.partitionsAdded(), first.toString());
      assertEquals(expectedRows(VALUES.subList(1, 4), Map.of()), targetRows());
      assertEquals(expectedNames(VALUES.subList(1, 4)), targetPartitionNames());

      RunReport.TableReport rerun = sync(yaml);
      assertEquals(0, rerun.partitionsCopied(), rerun.toString());
      assertEquals(3, rerun.partitionsUnchanged(), rerun.toString());

      String changed = VALUES.get(1);
      HdfsFiles.write(clusters.sourceFs(), dir + "/" + partitionName(changed) + "/000000_0", "10,changed\n11,more\n");
      try (SourceTableWriter source = new SourceTableWriter(sourceUri)) {
        source.client().dropPartition(database, "events", List.of(VALUES.get(3)), false);
      }

      RunReport.TableReport third = sync(yaml);
      assertEquals(1, third.partitionsCopied(), third.toString());
      assertEquals(1, third.partitionsAltered(), third.toString());
      assertEquals(1, third.partitionsDropped(), third.toString());
      assertEquals(1, third.partitionsUnchanged(), third.toString());
      assertEquals(expectedRows(VALUES.subList(1, 3), Map.of(changed, List.of("10,changed", "11,more"))),
          targetRows());
      assertEquals(expectedNames(VALUES.subList(1, 3)), targetPartitionNames());
      for (String location : targetPartitionLocations()) {
        assertTrue(location.startsWith(clusters.target.defaultFs() + "/"), location);
      }
    }

    /** Where the target metastore says each partition is. */
    private List<String> targetPartitionLocations() throws Exception {
      if (targetVersion.equals("2.3")) {
        return clusters.targetPartitions(database, "events").values().stream().map(p -> p.getSd().getLocation())
            .toList();
      }
      return readTarget().partitionLines().stream().map(line -> line.split("\t")[2]).toList();
    }

    private String createSourceTable(boolean managed) throws Exception {
      String dir = clusters.source.defaultFs() + "/data/" + database + "_events";
      try (SourceTableWriter source = new SourceTableWriter(sourceUri)) {
        source.ensureDatabase(database);
        Table table = SourceTableWriter.define(database, "events", List.of("id int", "kind string"),
            List.of("dt string"), SourceTableWriter.Format.TEXT, dir, Map.of());
        if (managed) {
          table.setTableType("MANAGED_TABLE");
          table.getParameters().remove("EXTERNAL");
        }
        source.client().createTable(table);
        for (String value : VALUES) {
          String partition = dir + "/" + partitionName(value);
          HdfsFiles.write(clusters.sourceFs(), partition + "/000000_0", String.join("\n", rowsOf(value)) + "\n");
          source.addPartition(database, "events", List.of(value), partition, Map.of());
        }
      }
      return dir;
    }

    /** With the default catalog named where the metastore has catalogs, as a careful user writes it. */
    private String config() {
      return clusters.source.configSection("source").replace(clusters.source.metastoreUri(), sourceUri)
          + clusters.target.configSection("target").replace(clusters.target.metastoreUri(), targetUri
              + (targetVersion.equals("2.3") ? "" : "\n  catalog: hive"))
          + "executors:\n" + EXECUTORS + "\ndeletes: drop\ntables:\n  - source: " + database + ".events\n"
          + "    filter: \"" + FILTER + "\"\n";
    }

    private RunReport.TableReport sync(String yaml) throws Exception {
      Clusters.Run run = clusters.run(yaml);
      assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
      RunReport.TableReport table = run.report().tables().get(0);
      LOG.info("{}: {} partitions copied, {} unchanged, {} dropped in {} ms", database, table.partitionsCopied(),
          table.partitionsUnchanged(), table.partitionsDropped(), run.report().durationMillis());
      return table;
    }

    /** The target's rows as "value|id,kind", sorted. */
    private List<String> targetRows() throws Exception {
      if (targetVersion.equals("2.3")) {
        return clusters.queryAfterRefresh(database + ".events", "SELECT dt, id, kind FROM " + database + ".events")
            .stream().map(row -> {
              String[] fields = row.substring(1, row.length() - 1).split(",", 2);
              return fields[0] + "|" + fields[1];
            }).sorted().toList();
      }
      return readTarget().rows();
    }

    /** The target's partition names, as Hive escapes them, sorted. */
    private List<String> targetPartitionNames() throws Exception {
      if (targetVersion.equals("2.3")) {
        return clusters.showPartitions(database + ".events");
      }
      return readTarget().partitionLines().stream().map(line -> partitionName(line.split("\t")[1])).sorted().toList();
    }

    VersionedMetastoreReader.Read readTarget() throws Exception {
      return VersionedMetastoreReader.read(targetVersion, targetUri, database, "events");
    }
  }

  private static MetastoreDialect dialect(String uri) {
    try (MetastoreClient client = MetastoreClient.connect("target", List.of(uri), Map.of(),
        new MetastoreSettings(10, 1, Duration.ofSeconds(30)))) {
      return client.dialect();
    }
  }

  private static String partitionName(String value) {
    return FileUtils.makePartName(List.of("dt"), List.of(value));
  }

  private static List<String> rowsOf(String value) {
    int n = VALUES.indexOf(value) + 1;
    return List.of(n + "0,click", n + "1,view");
  }

  private static List<String> expectedRows(List<String> values, Map<String, List<String>> replaced) {
    List<String> rows = new ArrayList<>();
    for (String value : values) {
      replaced.getOrDefault(value, rowsOf(value)).forEach(line -> rows.add(value + "|" + line));
    }
    rows.sort(null);
    return rows;
  }

  private static List<String> expectedNames(List<String> values) {
    return values.stream().map(MetastoreVersionsIntegrationTest::partitionName).sorted().toList();
  }

  /** A server started on another thread, so the three start together. */
  private static CompletableFuture<MetastoreProcess> startAsync(ServerStart start) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return start.start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @FunctionalInterface
  private interface ServerStart {
    MetastoreProcess start() throws Exception;
  }
}
