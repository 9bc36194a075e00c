package io.partsync.it;

import static io.partsync.it.HdfsFiles.allFileNames;
import static io.partsync.it.HdfsFiles.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.ExitCode;
import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.demo.SourceTableWriter;
import io.partsync.metastore.PartsyncParameters;
import io.partsync.report.RunReport;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Database;
import org.junit.jupiter.api.Test;

/**
 * Ownership before deletion: a table is never created where another table is, never into or around its
 * source, only on the configured target file system; and housekeeping deletes only what provably belongs
 * to the table it cleans up, even when two tables share a location.
 */
class OwnershipIntegrationTest extends SharedClustersTest {
  /** The data-loss case: a second table at a shared location, its run killed, then swept. */
  @Test
  void aTableAtAnotherTablesLocationIsRefusedAndASweepThereLeavesTheOtherTableIntact() throws Exception {
    String dirA = clusters.sourceTextTable("acc", "events", 3);
    String dirB = clusters.sourceTextTable("rel_src", "fileloc", 2);
    String shared = clusters.target.defaultFs() + "/rel/shared";
    String a = clusters.config("housekeeping:\n  grace-period: 1h\ntables:\n  - source: acc.events\n"
        + "    target: rel3.sha\n    location: /rel/shared", EXECUTORS);
    Clusters.Run first = clusters.run(a);
    assertEquals(ExitCode.SUCCESS, first.code(), first.toString());
    // A second, full run supersedes the first run's versions: recorded, pending for the hour of grace.
    Clusters.Run second = clusters.run("mode: full\n" + a);
    assertEquals(ExitCode.SUCCESS, second.code(), second.toString());
    assertEquals(3, second.report().tables().get(0).housekeeping().recorded());
    String b = "tables:\n  - source: rel_src.fileloc\n    target: rel3.shb\n    location: /rel/shared";
    String before = clusters.state();

    Clusters.Run refused = clusters.run(clusters.config(b, EXECUTORS));

    assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
    assertEquals("partsync: FAILED (exit 3): target table rel3.shb would be created at " + shared + ", the location"
        + " of table rel3.sha; a table partsync creates needs a directory of its own: give rel3.shb its own"
        + " 'location' in the config", refused.err().strip());
    assertEquals(before, clusters.state(), "nothing written on either side");

    // A legacy setup the creation guard no longer allows: rel3.shb made by hand at the shared location and
    // adopted. Its run is killed after its lock and copy; the next run, without grace, sweeps its leftovers.
    try (SourceTableWriter target = clusters.targetTables()) {
      target.createTable("rel3", "shb", List.of("id int", "kind string"), List.of("dt string"), Format.TEXT, shared,
          Map.of());
    }
    Map<String, List<String>> filesOfA = runDirectoryFiles(shared);
    List<String> rowsOfA = clusters.targetTextRows("rel3.sha");
    assertEquals(clusters.sourceTextRows(dirA, 3), rowsOfA);
    String adoptB = "housekeeping:\n  grace-period: 0s\n" + b + "\n    adopt: true";
    Clusters.Run killed = clusters.runKilledAt("after-copy", clusters.config(adoptB, EXECUTORS));
    assertEquals(ExitCode.FAILED, killed.code(), killed.toString());
    assertEquals(filesOfA.size() + 1, runDirectoryFiles(shared).size(), "the killed run left its directory");

    Clusters.Run rerun = clusters.run(clusters.config(adoptB, EXECUTORS));

    assertEquals(ExitCode.SUCCESS, rerun.code(), rerun.toString());
    assertEquals(clusters.sourceTextRows(dirB, 2), clusters.targetTextRows("rel3.shb"));
    assertEquals(rowsOfA, clusters.targetTextRows("rel3.sha"), "rel3.sha still reads all its rows");
    Map<String, List<String>> after = runDirectoryFiles(shared);
    String rerunDir = "partsync-" + rerun.report().runId();
    assertNotNull(after.remove(rerunDir), "rel3.shb's new versions");
    assertEquals(filesOfA, after, "every file of rel3.sha's run directories is still there, the killed run's"
        + " directory is gone");
    List<String> records = allFileNames(clusters.targetFs(), shared + "/.partsync/superseded");
    assertEquals(1, records.size(), "rel3.sha's record of its superseded versions is left to it: " + records);
    assertTrue(records.get(0).endsWith("-" + second.report().runId()), records.toString());
    try (SourceTableWriter target = clusters.targetTables()) {
      String idA = target.client().getTable("rel3", "sha").getParameters().get(PartsyncParameters.TABLE_ID);
      String idB = target.client().getTable("rel3", "shb").getParameters().get(PartsyncParameters.TABLE_ID);
      assertNotNull(idA);
      assertNotNull(idB, "adopting stamps an id");
      assertFalse(idA.equals(idB));
    }
  }

  @Test
  void aNewTableAtInsideOrAroundAnotherTableOrInADirectoryWithFilesIsRefusedWithoutCreatingItsDatabase()
      throws Exception {
    clusters.sourceTextTable("nest", "outer", 1);
    String fs = clusters.target.defaultFs();
    Clusters.Run made = clusters.run(clusters.config("tables:\n  - source: nest.outer\n    location: /nest/a",
        EXECUTORS));
    assertEquals(ExitCode.SUCCESS, made.code(), made.toString());
    write(clusters.targetFs(), fs + "/nest/files/part-0", "someone's data\n");
    String prefix = "partsync: FAILED (exit 3): target table nestdb.b would be created at ";
    String advice = "; a table partsync creates needs a directory of its own: give nestdb.b its own 'location' in"
        + " the config";
    Map<String, String> expected = new TreeMap<>(Map.of(
        "/nest/a", prefix + fs + "/nest/a, the location of table nest.outer" + advice,
        "/nest/a/inner", prefix + fs + "/nest/a/inner, inside " + fs + "/nest/a, the location of table nest.outer"
            + advice,
        "/nest", prefix + fs + "/nest, which holds " + fs + "/nest/a, the location of table nest.outer" + advice,
        "/nest/files", prefix + fs + "/nest/files, which already holds files (part-0); partsync creates a table"
            + " only in a new or empty directory: give nestdb.b its own 'location' in the config, or empty that"
            + " directory"));
    String before = clusters.state();
    for (Map.Entry<String, String> location : expected.entrySet()) {
      Clusters.Run refused = clusters.run(clusters.config("tables:\n  - source: nest.outer\n    target: nestdb.b\n"
          + "    location: " + location.getKey(), EXECUTORS));

      assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
      assertEquals(location.getValue(), refused.err().strip());
      assertEquals(before, clusters.state(), "no database, table, lock or directory after " + location.getKey());
    }
    // A sibling whose name only starts like the table's location is apart from it; partsync's state left
    // there by a creation that failed after its lock does not count as files.
    clusters.targetFs().mkdirs(new Path(fs + "/nest/ab/.partsync"));
    Clusters.Run apart = clusters.run(clusters.config("tables:\n  - source: nest.outer\n    target: nestdb.b\n"
        + "    location: /nest/ab", EXECUTORS));
    assertEquals(ExitCode.SUCCESS, apart.code(), apart.toString());
  }

  @Test
  void twoNewTablesOfOneRunAreNotCreatedAtOneLocation() throws Exception {
    clusters.sourceTextTable("twin", "one", 1);
    clusters.sourceTextTable("twin", "two", 1);
    String fs = clusters.target.defaultFs();

    Clusters.Run run = clusters.run(clusters.config("tables:\n  - source: twin.one\n    location: /twin\n"
        + "  - source: twin.two\n    location: /twin", EXECUTORS));

    assertEquals(ExitCode.FAILED, run.code(), run.toString());
    Map<String, RunReport.TableReport> tables = new TreeMap<>();
    run.report().tables().forEach(t -> tables.put(t.target(), t));
    assertTrue(tables.get("twin.one").targetCreated());
    assertEquals(1, tables.get("twin.one").partitionsCopied());
    assertEquals("target table twin.two would be created at " + fs + "/twin, the location of table twin.one; a table"
        + " partsync creates needs a directory of its own: give twin.two its own 'location' in the config",
        tables.get("twin.two").failures().get(0).reason());
    try (SourceTableWriter target = clusters.targetTables()) {
      assertFalse(target.client().tableExists("twin", "two"));
    }
  }

  @Test
  void aTargetThatIsTheSourceOrNestedInItIsRefusedAlsoWhenAdopting() throws Exception {
    String dir = clusters.sourceTextTable("own", "same", 2);
    String onSource = clusters.source.configSection("source") + clusters.source.configSection("target")
        + "executors:\n" + EXECUTORS + "\n";
    String sourceFs = clusters.source.defaultFs();
    Map<String, String> expected = new TreeMap<>(Map.of(
        "  - source: own.same\n    adopt: true",
        "target table own.same is the source table own.same itself (metastore " + clusters.source.metastoreUri()
            + ", location " + dir + "); partsync never writes its source: point the target at another cluster, or"
            + " name another target table",
        "  - source: own.same\n    target: own.same_copy\n    location: /data/own_same/copy",
        "target table own.same_copy would be created at " + sourceFs + "/data/own_same/copy, inside " + dir
            + ", the directory of source table own.same; the next run would read its copies back as source data:"
            + " give own.same_copy its own 'location' in the config",
        "  - source: own.same\n    target: own.same_around\n    location: /data",
        "target table own.same_around would be created at " + sourceFs + "/data, which holds " + dir
            + ", the directory of source table own.same; partsync never writes its source: give own.same_around"
            + " its own 'location' in the config"));
    String before = clusters.state();
    for (Map.Entry<String, String> table : expected.entrySet()) {
      Clusters.Run refused = clusters.run(onSource + "tables:\n" + table.getKey() + "\n");

      assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
      assertEquals("partsync: FAILED (exit 3): " + table.getValue(), refused.err().strip());
      assertEquals(before, clusters.state(), "the source is never written: " + table.getKey());
    }
  }

  @Test
  void locationsOffTheTargetFileSystemAreRefusedNamingTheLocationTheTableAndDefaultFs() throws Exception {
    clusters.sourceTextTable("offfs", "t", 1);
    String elsewhere = clusters.source.defaultFs();
    String targetFs = clusters.target.defaultFs();
    try (SourceTableWriter target = clusters.targetTables()) {
      target.createTable("offfs", "t", List.of("id int", "kind string"), List.of("dt string"), Format.TEXT,
          elsewhere + "/offfs/t", Map.of());
      target.client().createDatabase(new Database("offfs_db", null, elsewhere + "/offfs_db.db", null));
    }
    Map<String, String> expected = new TreeMap<>(Map.of(
        "  - offfs.t",
        "target table offfs.t is at " + elsewhere + "/offfs/t, which is not on the target's 'default-fs' "
            + targetFs + "; partsync writes only to that file system: set the target's 'default-fs' to the file"
            + " system of the table's location, or name another target table",
        "  - source: offfs.t\n    target: offfs.configured\n    location: " + elsewhere + "/offfs/configured",
        "the 'location' " + elsewhere + "/offfs/configured of target table offfs.configured is not on the target's"
            + " 'default-fs' " + targetFs + "; give a location on " + targetFs + ", or a path without scheme",
        "  - source: offfs.t\n    target: offfs_db.t",
        "target database offfs_db is at " + elsewhere + "/offfs_db.db, which is not on the target's 'default-fs' "
            + targetFs + ", so target table offfs_db.t cannot be created under it; give the table a 'location' on "
            + targetFs + " in the config"));
    String before = clusters.state();
    for (Map.Entry<String, String> table : expected.entrySet()) {
      Clusters.Run refused = clusters.run(clusters.config("tables:\n" + table.getKey(), EXECUTORS));

      assertEquals(ExitCode.REFUSED, refused.code(), refused.toString());
      assertEquals("partsync: FAILED (exit 3): " + table.getValue(), refused.err().strip());
      assertEquals(before, clusters.state(), table.getKey());
    }
  }

  /** By run directory name, the files under it (relative), as one table location holds them. */
  private static Map<String, List<String>> runDirectoryFiles(String tableLocation) throws Exception {
    Map<String, List<String>> files = new TreeMap<>();
    for (FileStatus status : clusters.targetFs().listStatus(new Path(tableLocation))) {
      if (status.getPath().getName().startsWith("partsync-")) {
        files.put(status.getPath().getName(), allFileNames(clusters.targetFs(), status.getPath().toString()));
      }
    }
    return files;
  }
}
