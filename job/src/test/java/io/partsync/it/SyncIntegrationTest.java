package io.partsync.it;

import static io.partsync.it.HdfsFiles.allFileNames;
import static io.partsync.it.HdfsFiles.read;
import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.demo.SourceTableWriter;
import io.partsync.report.RunReport;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Full syncs between two real clusters, read back through Spark SQL via the target metastore. */
class SyncIntegrationTest extends SharedClustersTest {
  @Test
  void parquetTableWithTwoLevelPartitionsIsReadableOnTheTarget() throws Exception {
    String tableDir = clusters.source.defaultFs() + "/data/sales";
    List<String[]> partitions = List.of(new String[] {"2026-01-01", "New York"},
        new String[] {"2026-01-01", "a:b/c"}, new String[] {"2026-01-02", "plain"});
    Map<String, Long> sourceRows = new TreeMap<>();
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("it", "sales", List.of("id bigint", "name string"), List.of("dt string", "city string"),
          Format.PARQUET, tableDir, Map.of("comment.owner", "sales-team"));
      for (int i = 0; i < partitions.size(); i++) {
        String[] values = partitions.get(i);
        String dir = tableDir + "/p" + i; // source layout need not follow Hive naming
        clusters.spark.range(1000L * (i + 1)).selectExpr("id", "concat('n', id) as name").repartition(2)
            .write().parquet(dir);
        writer.addPartition("it", "sales", List.of(values), dir, Map.of("numRows", "" + 1000L * (i + 1)));
        sourceRows.put(values[0] + "|" + values[1], 1000L * (i + 1));
      }
      String emptyDir = tableDir + "/empty";
      clusters.sourceFs().mkdirs(new Path(emptyDir));
      writer.addPartition("it", "sales", List.of("2026-01-03", "empty"), emptyDir, Map.of());
    }
    FileSystem sourceFs = clusters.sourceFs();
    write(sourceFs, tableDir + "/p0/.hidden-part", "hidden");
    write(sourceFs, tableDir + "/p0/_temporary/0/part-x", "in-flight");

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - it.sales", "  count: 2\n  memory: 64m"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    RunReport.TableReport table = run.report().tables().get(0);
    assertTrue(table.targetCreated());
    assertEquals(4, table.partitionsAdded());
    assertEquals(2, run.report().executors().size());
    for (RunReport.ExecutorReport executor : run.report().executors()) {
      assertTrue(executor.predictedMillis() > 0 && executor.tasks() >= 1, executor.toString());
    }
    assertEquals("defaults", run.report().copyCost().used().source());
    assertEquals(sourceRows, targetRowCounts("it.sales"));
    assertEquals(sourceContents(clusters.spark, tableDir, partitions), targetContents("it.sales"));
    assertEquals(List.of("dt=2026-01-01/city=New York", "dt=2026-01-01/city=a%3Ab%2Fc",
        "dt=2026-01-02/city=plain", "dt=2026-01-03/city=empty"), clusters.showPartitions("it.sales"));

    String targetTableDir = table.targetLocation();
    String runDir = targetTableDir + "/partsync-" + run.report().runId();
    FileSystem targetFs = clusters.targetFs();
    assertTrue(targetFs.exists(new Path(runDir + "/dt=2026-01-01/city=a%3Ab%2Fc")));
    assertTrue(targetFs.exists(new Path(runDir + "/dt=2026-01-03/city=empty")));
    for (String name : allFileNames(targetFs, targetTableDir)) {
      assertFalse(name.startsWith(".") || name.startsWith("_"), "hidden file copied: " + name);
    }
    try (SourceTableWriter target = clusters.targetTables()) {
      Partition copied = target.client().getPartition("it", "sales", List.of("2026-01-02", "plain"));
      assertEquals(runDir + "/dt=2026-01-02/city=plain", copied.getSd().getLocation());
      long bytes = sourceFs.getContentSummary(new Path(tableDir + "/p2")).getLength()
          - sourceFs.getFileStatus(new Path(tableDir + "/p2/_SUCCESS")).getLen();
      assertEquals(Long.toString(bytes), copied.getParameters().get("totalSize"));
      assertEquals("2", copied.getParameters().get("numFiles"));
      assertEquals("3000", copied.getParameters().get("numRows"));
      assertEquals("sales-team", target.client().getTable("it", "sales").getParameters().get("comment.owner"));
    }

    // A full re-run copies every partition again into new version directories and moves the partitions
    // there; the previous versions stay for the grace period.
    List<String> filesBefore = allFileNames(targetFs, targetTableDir);
    Clusters.Run again = clusters.run(clusters.config("mode: full\ntables:\n  - it.sales",
        "  count: 3\n  memory: 64m"));
    assertEquals(ExitCode.SUCCESS, again.code(), again.toString());
    RunReport.TableReport rerun = again.report().tables().get(0);
    assertFalse(rerun.targetCreated());
    assertEquals(0, rerun.partitionsAdded());
    assertEquals(4, rerun.partitionsAltered());
    assertEquals(4, rerun.housekeeping().recorded());
    String againDir = "/partsync-" + again.report().runId();
    List<String> expected = new ArrayList<>(filesBefore);
    filesBefore.forEach(f -> expected.add(againDir + f.substring(f.indexOf('/', 1))));
    expected.sort(null);
    assertEquals(expected, allFileNames(targetFs, targetTableDir).stream()
        .filter(f -> !f.startsWith("/.partsync/")).toList());
    assertEquals(sourceRows, targetRowCounts("it.sales"));
  }

  @Test
  void textTableIsCopiedByteForByteWithMoreExecutorsThanPartitions() throws Exception {
    String tableDir = clusters.source.defaultFs() + "/data/events_text";
    FileSystem sourceFs = clusters.sourceFs();
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("it", "events_text", List.of("id int", "kind string"), List.of("dt string"),
          Format.TEXT, tableDir, Map.of());
      for (String dt : List.of("2026-02-01", "2026-02-02")) {
        String dir = tableDir + "/dt=" + dt;
        write(sourceFs, dir + "/000000_0", "1,click\n2,view\n3,click\n");
        write(sourceFs, dir + "/000001_0", "4,buy\n");
        writer.addPartition("it", "events_text", List.of(dt), dir, Map.of());
      }
    }

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - source: it.events_text\n    target: copy.events",
        "  count: 8\n  memory: 16m"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    assertEquals(2, run.report().executors().size(), "never more executors than partitions");
    String targetDir = run.report().tables().get(0).targetLocation() + "/partsync-" + run.report().runId();
    FileSystem targetFs = clusters.targetFs();
    for (String dt : List.of("2026-02-01", "2026-02-02")) {
      for (String file : List.of("000000_0", "000001_0")) {
        assertArrayEquals(read(sourceFs, tableDir + "/dt=" + dt + "/" + file),
            read(targetFs, targetDir + "/dt=" + dt + "/" + file));
      }
    }
    List<String> kinds = clusters.queryAfterRefresh("copy.events",
        "SELECT dt, id, kind FROM copy.events ORDER BY dt, id");
    assertEquals(List.of("[2026-02-01,1,click]", "[2026-02-01,2,view]", "[2026-02-01,3,click]",
        "[2026-02-01,4,buy]", "[2026-02-02,1,click]", "[2026-02-02,2,view]", "[2026-02-02,3,click]",
        "[2026-02-02,4,buy]"), kinds);
  }

  @Test
  void aFileMuchLargerThanTheExecutorBudgetIsStreamed() throws Exception {
    String tableDir = clusters.source.defaultFs() + "/data/blobs";
    int size = 8 << 20;
    byte[] content = new byte[size];
    new Random(42).nextBytes(content);
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("it", "blobs", List.of("payload binary"), List.of("dt string"), Format.TEXT, tableDir,
          Map.of());
      try (OutputStream out = clusters.sourceFs().create(new Path(tableDir + "/dt=1/blob.bin"))) {
        out.write(content);
      }
      writer.addPartition("it", "blobs", List.of("1"), tableDir + "/dt=1", Map.of());
    }

    // 1 MiB executor, half of it for buffers: 512 KiB, a sixteenth of the file.
    Clusters.Run run = clusters.run(clusters.config("tables:\n  - it.blobs",
        "  count: 1\n  memory: 1m\n  streams: 2\n  buffer-fraction: 0.5"));

    assertEquals(ExitCode.SUCCESS, run.code(), run.toString());
    RunReport.ExecutorReport executor = run.report().executors().get(0);
    assertEquals(512 * 1024, executor.bufferBudgetBytes());
    assertTrue(executor.peakBufferBytes() > 0 && executor.peakBufferBytes() <= executor.bufferBudgetBytes(),
        "peak buffer " + executor.peakBufferBytes());
    assertEquals(size, executor.bytesCopied());
    String targetDir = run.report().tables().get(0).targetLocation() + "/partsync-" + run.report().runId();
    assertArrayEquals(content, read(clusters.targetFs(), targetDir + "/dt=1/blob.bin"));
  }

  private static Map<String, Long> targetRowCounts(String table) {
    clusters.spark.sql("REFRESH TABLE " + table);
    Map<String, Long> counts = new TreeMap<>();
    for (Row row : clusters.spark.sql("SELECT dt, city, count(*) FROM " + table + " GROUP BY dt, city")
        .collectAsList()) {
      counts.put(row.getString(0) + "|" + row.getString(1), row.getLong(2));
    }
    return counts;
  }

  private static List<String> targetContents(String table) {
    return clusters.spark.sql("SELECT dt, city, id, name FROM " + table + " ORDER BY dt, city, id")
        .collectAsList().stream().map(Row::toString).toList();
  }

  private static List<String> sourceContents(SparkSession spark, String tableDir, List<String[]> partitions) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < partitions.size(); i++) {
      String[] values = partitions.get(i);
      for (Row row : spark.read().parquet(tableDir + "/p" + i).collectAsList()) {
        rows.add("[" + values[0] + "," + values[1] + "," + row.getLong(0) + "," + row.getString(1) + "]");
      }
    }
    rows.sort(null);
    List<String> ordered = new ArrayList<>(targetSortOrder(rows));
    return ordered;
  }

  /** Orders rows as the target query does: by dt, city, then numeric id. */
  private static List<String> targetSortOrder(List<String> rows) {
    List<String> sorted = new ArrayList<>(rows);
    sorted.sort((a, b) -> {
      String[] x = a.substring(1, a.length() - 1).split(",", 4);
      String[] y = b.substring(1, b.length() - 1).split(",", 4);
      int c = x[0].compareTo(y[0]);
      if (c == 0) {
        c = x[1].compareTo(y[1]);
      }
      return c != 0 ? c : Long.compare(Long.parseLong(x[2]), Long.parseLong(y[2]));
    });
    return sorted;
  }
}
