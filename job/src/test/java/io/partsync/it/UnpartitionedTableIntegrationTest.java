package io.partsync.it;

import static io.partsync.it.HdfsFiles.allFileNames;
import static io.partsync.it.HdfsFiles.read;
import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.report.RunReport;
import io.partsync.run.RunOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;

/** Unpartitioned tables: copied whole into version directories, switched by one alter_table. */
class UnpartitionedTableIntegrationTest extends SharedClustersTest {
  private static final String NO_GRACE = "housekeeping:\n  grace-period: 0s\n";
  private static final int ROWS = 200;

  @Test
  void aParquetTableIsReplicatedWholeAndReadersSeeTheOldOrTheNewVersionNeverAMix() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/whole_prices";
    writeParquetVersion(dir, 1);
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("whole", "prices", List.of("id bigint", "v int"), List.of(), Format.PARQUET, dir, Map.of());
    }
    String yaml = clusters.config("tables:\n  - whole.prices", EXECUTORS);

    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    RunReport.TableReport created = first.report().tables().get(0);
    assertEquals(1, created.partitionsCopied());
    assertEquals(1, created.partitionsAdded());
    String root = created.targetLocation();
    Table published = targetTable("whole", "prices");
    assertEquals(root + "/partsync-" + first.report().runId() + "/data", published.getSd().getLocation());
    assertEquals(List.of(ROWS + "|1|1"), summary("whole.prices"));

    Clusters.Run idle = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, idle.code(), idle.toString());
    assertEquals(0, idle.report().tables().get(0).partitionsCopied());
    assertEquals(1, idle.report().tables().get(0).partitionsUnchanged());
    assertTrue(idle.report().executors().isEmpty(), "no copy task at all");
    assertEquals(published, targetTable("whole", "prices"), "the table untouched, its DDL time included");

    writeParquetVersion(dir, 2);
    AtomicBoolean syncing = new AtomicBoolean(true);
    AtomicInteger queries = new AtomicInteger();
    List<String> seen = new CopyOnWriteArrayList<>();
    List<String> violations = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
      boolean last = false; // at least one query after the run, however fast it was
      while (!last) {
        last = !syncing.get();
        String result = String.join(";", summary("whole.prices"));
        queries.incrementAndGet();
        seen.add(result);
        if (!result.equals(ROWS + "|1|1") && !result.equals(ROWS + "|2|2")) {
          violations.add(result);
        }
      }
    });
    Clusters.Run changed;
    try {
      changed = clusters.run(yaml);
    } finally {
      syncing.set(false);
    }
    reader.join();

    assertEquals(ExitCode.SUCCESS, changed.code(), changed.toString());
    assertEquals(1, changed.report().tables().get(0).partitionsAltered());
    assertEquals(List.of(), violations, "a reader saw a mixed, partial or empty table");
    assertTrue(queries.get() >= 1);
    assertEquals(ROWS + "|2|2", seen.get(seen.size() - 1));
    assertEquals(List.of(ROWS + "|2|2"), summary("whole.prices"));
    Table switched = targetTable("whole", "prices");
    assertEquals(root + "/partsync-" + changed.report().runId() + "/data", switched.getSd().getLocation());
    assertEquals(Integer.toString(parquetFiles(dir)), switched.getParameters().get("numFiles"));
    FileSystem fs = clusters.targetFs();
    String previous = published.getSd().getLocation();
    assertTrue(fs.exists(new Path(previous)), "the superseded version stays for the grace period");

    Clusters.Run housekept = clusters.run(NO_GRACE + yaml);
    assertEquals(ExitCode.SUCCESS, housekept.code(), housekept.toString());
    assertFalse(fs.exists(new Path(previous)), "the superseded version removed after the grace period");
    assertEquals(List.of(new Path(switched.getSd().getLocation()).getParent().getName()), runDirectories(root));
    assertEquals(switched, targetTable("whole", "prices"));
  }

  @Test
  void aTextTableKilledMidCopyKeepsItsVersionAndTheNextRunFinishesIt() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/whole_lookup";
    write(clusters.sourceFs(), dir + "/000000_0", "1,one\n2,two\n");
    write(clusters.sourceFs(), dir + "/000001_0", "3,three\n");
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("whole", "lookup", List.of("id int", "kind string"), List.of(), Format.TEXT, dir, Map.of());
    }
    String yaml = clusters.config(NO_GRACE + "tables:\n  - whole.lookup", EXECUTORS);
    Clusters.Run first = clusters.run(yaml);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    assertEquals(sourceRows(dir), targetRows("whole.lookup"));
    Table before = targetTable("whole", "lookup");

    write(clusters.sourceFs(), dir + "/000001_0", "3,three again\n4,four\n");
    write(clusters.sourceFs(), dir + "/000002_0", "5,five\n");
    Clusters.Run killed = clusters.runKilledAt("mid-file", yaml);
    assertEquals(ExitCode.FAILED, killed.code(), killed.toString());
    assertTrue(killed.toString().contains("injected fault at"), killed.toString());
    assertEquals(before, targetTable("whole", "lookup"), "a killed run publishes nothing");
    assertEquals(List.of("1,one", "2,two", "3,three"), targetRows("whole.lookup"));

    Clusters.Run rerun = clusters.run(yaml);

    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertEquals(sourceRows(dir), targetRows("whole.lookup"));
    assertEquals(List.of("1,one", "2,two", "3,three again", "4,four", "5,five"), targetRows("whole.lookup"));
    String root = rerun.report().tables().get(0).targetLocation();
    String current = targetTable("whole", "lookup").getSd().getLocation();
    assertEquals(root + "/partsync-" + rerun.report().runId() + "/data", current);
    assertEquals(List.of("partsync-" + rerun.report().runId()), runDirectories(root),
        "the killed run's partial copy and the superseded version are gone");
    assertEquals(List.of(), allFileNames(clusters.targetFs(), root + "/.partsync"), "lock and records gone");
  }

  @Test
  void aReaderDuringANewTablesFirstCopySeesAnEmptyTableNotPartOfTheCopy() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/whole_first";
    write(clusters.sourceFs(), dir + "/000000_0", "1,one\n");
    write(clusters.sourceFs(), dir + "/" + BlockingHdfs.MARKER, "2,two\n");
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("whole", "first", List.of("id int", "kind string"), List.of(), Format.TEXT, dir, Map.of());
    }
    String yaml = Clusters.withTargetProperty(clusters.config("tables:\n  - whole.first", ONE_EXECUTOR),
        "fs.hdfs.impl", BlockingHdfs.class.getName());
    BlockingHdfs.reset();
    CompletableFuture<Clusters.Run> held = clusters.runInBackground(yaml, RunOptions.DEFAULT);
    try {
      assertTrue(BlockingHdfs.reached.await(2, TimeUnit.MINUTES), "the run reached its copy");
      // The copy is under way below the table's directory; the new table must not show any of it.
      assertEquals(List.of(), targetRows("whole.first"));
    } finally {
      BlockingHdfs.release.countDown();
    }
    Clusters.Run first = held.get(4, TimeUnit.MINUTES);

    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    assertEquals(List.of("1,one", "2,two"), targetRows("whole.first"));
    String root = first.report().tables().get(0).targetLocation();
    assertEquals(root + "/partsync-" + first.report().runId() + "/data", targetTable("whole", "first").getSd()
        .getLocation());
  }

  @Test
  void aFilterOnAnUnpartitionedTableIsRefusedInOneLineAndNothingIsWritten() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/whole_filtered";
    write(clusters.sourceFs(), dir + "/000000_0", "1,one\n");
    try (SourceTableWriter writer = clusters.sourceTables()) {
      writer.createTable("whole", "filtered", List.of("id int", "kind string"), List.of(), Format.TEXT, dir,
          Map.of());
    }
    String yaml = clusters.config("tables:\n  - source: whole.filtered\n    filter: \"dt = '1'\"", EXECUTORS);
    String before = clusters.state();

    Clusters.Run run = clusters.run(yaml);

    assertEquals(ExitCode.REFUSED, run.code(), run.toString());
    assertEquals("partsync: FAILED (exit 3): source table whole.filtered is not partitioned, so its 'filter' has no"
        + " partitions to select; remove 'filter' and 'window' from this table in the config (the whole table is"
        + " copied)", run.err().strip());
    assertEquals(before, clusters.state(), "nothing written to either cluster or metastore");
  }

  @Test
  void anUnpartitionedTargetHoldingFilesPartsyncDidNotWriteIsRefusedUnlessAdopted() throws Exception {
    String dir = clusters.source.defaultFs() + "/data/whole_theirs";
    write(clusters.sourceFs(), dir + "/000000_0", "1,ours\n");
    String theirs = clusters.target.defaultFs() + "/theirs_whole";
    write(clusters.targetFs(), theirs + "/000000_0", "9,theirs\n");
    try (SourceTableWriter source = clusters.sourceTables(); SourceTableWriter target = clusters.targetTables()) {
      source.createTable("whole", "theirs", List.of("id int", "kind string"), List.of(), Format.TEXT, dir, Map.of());
      target.createTable("whole", "theirs", List.of("id int", "kind string"), List.of(), Format.TEXT, theirs,
          Map.of());
    }
    String before = clusters.state();

    Clusters.Run refused = clusters.run(clusters.config("tables:\n  - whole.theirs", EXECUTORS));

    assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
    assertEquals("partsync: FAILED (exit 3): target table whole.theirs holds files partsync did not write (000000_0"
        + " in " + theirs + "; it lacks the table parameter partsync.source.table); to let partsync replace them with"
        + " whole.theirs's, set 'adopt: true' on this table in the config, or name another target",
        refused.err().strip());
    assertEquals(before, clusters.state(), "nothing written to either cluster or metastore");

    Clusters.Run adopted = clusters.run(clusters.config("tables:\n  - source: whole.theirs\n    adopt: true",
        EXECUTORS));
    assertEquals(ExitCode.SUCCESS, adopted.code(), adopted.toString());
    assertEquals(List.of("1,ours"), targetRows("whole.theirs"));
  }

  /** Writes {@link #ROWS} rows of value {@code v} as the table's only files, in several Parquet files. */
  private static void writeParquetVersion(String dir, int v) {
    clusters.spark.range(ROWS).selectExpr("id", "cast(" + v + " as int) as v").repartition(3).write()
        .mode(SaveMode.Overwrite).parquet(dir);
  }

  private static int parquetFiles(String dir) throws Exception {
    int files = 0;
    for (FileStatus file : clusters.sourceFs().listStatus(new Path(dir))) {
      files += file.getPath().getName().endsWith(".parquet") ? 1 : 0;
    }
    return files;
  }

  /** "rows|min(v)|max(v)" of the target table through Spark SQL, refreshed first so it sees a switch. */
  private static List<String> summary(String table) {
    clusters.spark.sql("REFRESH TABLE " + table);
    return clusters.spark.sql("SELECT count(*), min(v), max(v) FROM " + table).collectAsList().stream()
        .map(r -> r.getLong(0) + "|" + r.get(1) + "|" + r.get(2)).toList();
  }

  private static List<String> targetRows(String table) {
    clusters.spark.sql("REFRESH TABLE " + table);
    List<String> rows = new ArrayList<>();
    for (Row row : clusters.spark.sql("SELECT id, kind FROM " + table).collectAsList()) {
      rows.add(row.getInt(0) + "," + row.getString(1));
    }
    rows.sort(null);
    return rows;
  }

  private static List<String> sourceRows(String dir) throws Exception {
    List<String> rows = new ArrayList<>();
    for (FileStatus file : clusters.sourceFs().listStatus(new Path(dir))) {
      rows.addAll(List.of(new String(read(clusters.sourceFs(), file.getPath().toString())).split("\n")));
    }
    rows.sort(null);
    return rows;
  }

  private static Table targetTable(String database, String table) throws Exception {
    try (SourceTableWriter target = clusters.targetTables()) {
      return target.table(database, table);
    }
  }

  /** The names of the run directories under the table's stable directory, sorted. */
  private static List<String> runDirectories(String root) throws Exception {
    List<String> names = new ArrayList<>();
    for (FileStatus status : clusters.targetFs().listStatus(new Path(root))) {
      if (status.isDirectory() && status.getPath().getName().startsWith("partsync-")) {
        names.add(status.getPath().getName());
      }
    }
    names.sort(null);
    return names;
  }
}
