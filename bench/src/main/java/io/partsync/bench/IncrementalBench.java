package io.partsync.bench;

import io.partsync.embedded.EmbeddedCluster;
import io.partsync.report.RunReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.tools.DistCp;
import org.apache.hadoop.tools.mapred.CopyMapper;
import org.apache.hadoop.util.ToolRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The incremental case: a table of many small partitions, synced once in full, then again with nothing
 * changed, then again after rewriting a few percent of its partitions; partsync (incremental mode) against
 * {@code distcp -update} of the table directory into a directory of its own. Neither target is reset
 * between runs: what each run may skip is what the runs before it left there.
 */
final class IncrementalBench {
  private static final Logger LOG = LoggerFactory.getLogger(IncrementalBench.class);
  static final String TABLE = "incremental";
  static final String SNAPSHOT_TABLE = "incremental_snap";
  private static final String SNAPSHOT_LABEL = "partsync, snapshot diff";
  private static final String DISTCP_LABEL = "DistCp -update (copy only)";

  private final BenchOptions options;
  private final EmbeddedCluster source;
  private final TargetSide targetSide;
  private final PartsyncTool partsync;
  /** partsync reading the source through snapshots, into a target table of its own. */
  private final PartsyncTool snapshots;
  private final Configuration distcpConf;
  private final Results results;
  private int reportNumber;

  IncrementalBench(BenchOptions options, EmbeddedCluster source, TargetSide targetSide, PartsyncTool partsync,
      DistCpTool distcp, Results results) {
    this.options = options;
    this.source = source;
    this.targetSide = targetSide;
    // Incremental is partsync's default mode; said here so the figures do not depend on that default.
    // Grace period 0s: superseded versions go at once, so the target holds one copy as DistCp's does.
    this.partsync = partsync.withExtraYaml("mode: incremental\nhousekeeping:\n  grace-period: 0s\n");
    this.snapshots = this.partsync.withTables("tables:\n  - source: " + Bench.DATABASE + "." + TABLE + "\n    target: "
        + Bench.DATABASE + "." + SNAPSHOT_TABLE + "\n    snapshots: required\n");
    this.distcpConf = distcp.conf();
    this.results = results;
  }

  void run(String targetDatabaseLocation) throws Exception {
    int partitions = options.incrementalPartitions();
    BenchTable table = SourceData.create(TABLE, source, targetDatabaseLocation, Bench.DATABASE, TABLE, partitions,
        partitions, options.incrementalFileBytes(), options.parallelism());
    String distcpDir = targetSide.cluster().defaultFs() + "/distcp-update/" + TABLE;
    String label = String.format(Locale.ROOT, "%,d partitions of 1 file x %d KiB", partitions,
        options.incrementalFileBytes() / 1024);
    results.incrementalSetup = new Results.IncrementalSetup(label, partitions, options.incrementalChangePercent(),
        options.runs(), options.incrementalDistcpRuns());
    targetSide.reset(table);
    targetSide.fs().delete(new Path(distcpDir), true);
    // -update copies the source directory's contents into an existing directory: created empty here so the
    // full copy lays the files out as every later -update run expects them.
    targetSide.fs().mkdirs(new Path(distcpDir));
    BenchTable snapshotView = new BenchTable(table.caseName(), table.database(), SNAPSHOT_TABLE, table.sourceDir(),
        targetDatabaseLocation + "/" + SNAPSHOT_TABLE, table.partitionValues(), table.files(), table.bytes());
    targetSide.reset(snapshotView);
    try (FileSystem sourceFs = FileSystem.newInstance(source.conf())) {
      ((DistributedFileSystem) sourceFs).allowSnapshot(new Path(table.sourceDir()));
      Tallies full = new Tallies();
      partsyncRun(partsync, table, sourceFs, full, partitions);
      add("partsync", "partsync", "full", "full copy (empty target)", full);
      Tallies snapshotFull = new Tallies();
      partsyncRun(snapshots, snapshotView, sourceFs, snapshotFull, partitions);
      add("partsync-snapshot", SNAPSHOT_LABEL, "full", "full copy (empty target)", snapshotFull);
      Tallies distcpFull = new Tallies();
      distcpRun(table, sourceFs, distcpDir, distcpFull, partitions);
      add("distcp-update", DISTCP_LABEL, "full", "full copy (empty target)", distcpFull);

      Tallies noChange = new Tallies();
      Tallies snapshotNoChange = new Tallies();
      for (int run = 1; run <= options.runs(); run++) {
        partsyncRun(partsync, table, sourceFs, noChange, 0);
        partsyncRun(snapshots, snapshotView, sourceFs, snapshotNoChange, 0);
      }
      add("partsync", "partsync", "no-change", "no change", noChange);
      add("partsync-snapshot", SNAPSHOT_LABEL, "no-change", "no change", snapshotNoChange);
      Tallies distcpNoChange = new Tallies();
      for (int run = 1; run <= options.incrementalDistcpRuns(); run++) {
        distcpRun(table, sourceFs, distcpDir, distcpNoChange, 0);
      }
      add("distcp-update", DISTCP_LABEL, "no-change", "no change", distcpNoChange);

      changedRuns(table, snapshotView, sourceFs, distcpDir);
    } finally {
      targetSide.reset(table);
      targetSide.reset(snapshotView);
      targetSide.fs().delete(new Path(distcpDir), true);
    }
  }

  /**
   * Each round rewrites its own partitions, then runs each tool whose runs are not all done yet. A tool
   * that sits out a round never runs again, so neither tool ever syncs more than one round's changes.
   */
  private void changedRuns(BenchTable table, BenchTable snapshotView, FileSystem sourceFs, String distcpDir)
      throws Exception {
    String kindLabel = options.incrementalChangePercent() + "% changed";
    Tallies partsyncChanged = new Tallies();
    Tallies snapshotChanged = new Tallies();
    Tallies distcpChanged = new Tallies();
    int rounds = Math.max(options.runs(), options.incrementalDistcpRuns());
    for (int round = 1; round <= rounds; round++) {
      int changed = rewrite(table, sourceFs, round);
      if (round <= options.runs()) {
        partsyncRun(partsync, table, sourceFs, partsyncChanged, changed);
        partsyncRun(snapshots, snapshotView, sourceFs, snapshotChanged, changed);
      }
      if (round <= options.incrementalDistcpRuns()) {
        distcpRun(table, sourceFs, distcpDir, distcpChanged, changed);
      }
    }
    add("partsync", "partsync", "change", kindLabel, partsyncChanged);
    add("partsync-snapshot", SNAPSHOT_LABEL, "change", kindLabel, snapshotChanged);
    add("distcp-update", DISTCP_LABEL, "change", kindLabel, distcpChanged);
  }

  /**
   * Rewrites with new random bytes the files of partitions i with i % (100 / C) == round % (100 / C), C the
   * change percent. Odd rounds add a line, so a changed length gives the change away; even rounds keep
   * the length, so DistCp must compare checksums to find it.
   */
  private int rewrite(BenchTable table, FileSystem sourceFs, int round) throws Exception {
    int stride = Math.max(1, (int) Math.round(100.0 / options.incrementalChangePercent()));
    long length = options.incrementalFileBytes() + (round % 2 == 1 ? 100 : 0);
    List<String> values = table.partitionValues();
    int changed = 0;
    long started = System.nanoTime();
    for (int i = round % stride; i < values.size(); i += stride) {
      Path dir = new Path(table.sourceDir(), BenchTable.PARTITION_KEY + "=" + values.get(i));
      for (FileStatus file : sourceFs.listStatus(dir)) {
        SourceData.writeRandomText(sourceFs, file.getPath(), length, 1_000_003L * round + i);
      }
      changed++;
    }
    LOG.info("incremental: rewrote the files of {} partitions ({} bytes each) in {} s", changed, length,
        String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
    return changed;
  }

  private void partsyncRun(PartsyncTool tool, BenchTable table, FileSystem sourceFs, Tallies tallies, long expected)
      throws Exception {
    System.gc();
    PartsyncTool.RunOutcome outcome = tool.runReport(table, reportNumber++);
    RunReport report = outcome.report();
    long copied = report.tables().stream().mapToLong(RunReport.TableReport::partitionsCopied).sum();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("seconds", outcome.seconds());
    details.put("reportDurationMillis", report.durationMillis());
    details.put("planningSeconds", planningMillis(report) / 1000.0);
    details.put("phasesMillis", report.phasesMillis());
    details.put("partitionsCopied", copied);
    details.put("partitionsUnchanged", report.tables().stream()
        .mapToLong(RunReport.TableReport::partitionsUnchanged).sum());
    details.put("partitionsRepaired", report.tables().stream().mapToLong(t -> t.partitionsRepaired().size()).sum());
    details.put("bytes", report.tables().stream().mapToLong(RunReport.TableReport::bytes).sum());
    details.put("versionsRemoved", report.tables().stream()
        .mapToLong(t -> t.housekeeping() == null ? 0 : t.housekeeping().removed()).sum());
    details.putAll(verifyPartsync(table, sourceFs));
    tallies.add(outcome.seconds(), copied, expected, details);
    LOG.info("incremental: partsync {} s, {} partitions copied (expected {}) {}",
        String.format(Locale.ROOT, "%.2f", outcome.seconds()), copied, expected, details);
  }

  /**
   * Files and bytes under {@code dir} as they are now. Not a content summary: on a snapshottable directory
   * that also counts what only its snapshots still hold.
   */
  private static long[] liveTree(FileSystem fs, String dir) throws Exception {
    long[] tree = new long[2];
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(new Path(dir), true);
    while (files.hasNext()) {
      tree[0]++;
      tree[1] += files.next().getLen();
    }
    return tree;
  }

  /** The run's time before its copy: checks, locks, snapshots, metastore reads, fingerprints and planning. */
  static long planningMillis(RunReport report) {
    long millis = 0;
    for (Map.Entry<String, Long> phase : report.phasesMillis().entrySet()) {
      if (phase.getKey().equals("copy")) {
        break;
      }
      millis += phase.getValue();
    }
    return millis;
  }

  private void distcpRun(BenchTable table, FileSystem sourceFs, String distcpDir, Tallies tallies, long expected)
      throws Exception {
    CountingDistCp distcp = new CountingDistCp(distcpConf);
    // -pb as DistCpTool: with equal block sizes -update compares checksums of same-length files rather
    // than copying them again.
    String[] args = {"-update", "-pb", "-m", Integer.toString(options.parallelism()), table.sourceDir(), distcpDir};
    System.gc();
    long started = System.nanoTime();
    int code = ToolRunner.run(distcpConf, distcp, args);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (code != 0) {
      throw new IllegalStateException("DistCp -update exited with " + code);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("seconds", seconds);
    details.put("filesCopied", distcp.copied);
    details.put("filesSkipped", distcp.skipped);
    details.put("bytesCopied", distcp.bytes);
    ContentSummary target = targetSide.fs().getContentSummary(new Path(distcpDir));
    long[] expectedTree = liveTree(sourceFs, table.sourceDir());
    if (target.getFileCount() != expectedTree[0] || target.getLength() != expectedTree[1]) {
      throw new IllegalStateException(String.format(Locale.ROOT, "DistCp -update left %d files, %d bytes in %s;"
          + " the source has %d files, %d bytes", target.getFileCount(), target.getLength(), distcpDir,
          expectedTree[0], expectedTree[1]));
    }
    tallies.add(seconds, distcp.copied, expected, details);
    LOG.info("incremental: DistCp -update {} s, {} files copied (expected {}) {}",
        String.format(Locale.ROOT, "%.2f", seconds), distcp.copied, expected, details);
  }

  /**
   * Fails unless the target table has every partition registered and exactly the source's number of data
   * files and bytes (superseded versions are gone with a 0s grace period; partsync's state directory and
   * run-directory markers are not data).
   */
  private Map<String, Object> verifyPartsync(BenchTable table, FileSystem sourceFs) throws Exception {
    long files = 0;
    long bytes = 0;
    Path root = new Path(table.targetDir());
    RemoteIterator<LocatedFileStatus> listing = targetSide.fs().listFiles(root, true);
    while (listing.hasNext()) {
      LocatedFileStatus file = listing.next();
      if (TargetSide.isData(root, file.getPath())) {
        files++;
        bytes += file.getLen();
      }
    }
    long[] expected = liveTree(sourceFs, table.sourceDir());
    int registered = targetSide.client().listPartitionNames(table.database(), table.name(), (short) -1).size();
    if (files != expected[0] || bytes != expected[1]
        || registered != table.partitionValues().size()) {
      throw new IllegalStateException(String.format(Locale.ROOT, "partsync left %d files, %d bytes and %d"
          + " registered partitions in %s; the source has %d files, %d bytes, %d partitions", files, bytes,
          registered, table.targetDir(), expected[0], expected[1],
          table.partitionValues().size()));
    }
    return Map.of("targetFiles", files, "targetBytes", bytes, "partitionsRegistered", registered);
  }

  private void add(String toolKey, String tool, String kind, String kindLabel, Tallies tallies) {
    if (!tallies.seconds.isEmpty()) {
      results.incremental.add(new Results.IncrementalRow(toolKey, tool, kind, kindLabel, tallies.seconds,
          tallies.copied, tallies.expected, tallies.details));
    }
  }

  /** One figure's runs as they come in. */
  private static final class Tallies {
    final List<Double> seconds = new ArrayList<>();
    final List<Long> copied = new ArrayList<>();
    final List<Long> expected = new ArrayList<>();
    final List<Map<String, Object>> details = new ArrayList<>();

    void add(double runSeconds, long runCopied, long runExpected, Map<String, Object> runDetails) {
      seconds.add(runSeconds);
      copied.add(runCopied);
      expected.add(runExpected);
      details.add(runDetails);
    }
  }

  /** DistCp that keeps its job's copy counters; run() closes the job, so they are read as it completes. */
  private static final class CountingDistCp extends DistCp {
    long copied;
    long skipped;
    long bytes;

    CountingDistCp(Configuration conf) throws Exception {
      super(conf, null);
    }

    @Override
    public Job execute() throws Exception {
      Job job = super.execute();
      Counters counters = job.getCounters();
      copied = counters.findCounter(CopyMapper.Counter.COPY).getValue();
      skipped = counters.findCounter(CopyMapper.Counter.SKIP).getValue();
      bytes = counters.findCounter(CopyMapper.Counter.BYTESCOPIED).getValue();
      return job;
    }
  }
}
