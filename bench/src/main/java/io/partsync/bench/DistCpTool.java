package io.partsync.bench;

import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hive.metastore.HiveMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.hadoop.tools.DistCp;
import org.apache.hadoop.util.ToolRunner;

/**
 * What a DistCp user does: {@code distcp -m N -pb <source table dir> <target table dir>} in this JVM with
 * the local job runner (N map threads), then creates the target table and registers every partition with
 * one {@code add_partitions} call. {@link #toObjectStore} is the same into an object store.
 */
final class DistCpTool implements SyncTool {
  private final TargetSide target;
  private final int maps;
  private final Path workDir;
  /** DistCp's flags between {@code -m N} and the two directories. */
  private final List<String> flags;
  /** Hadoop properties that reach the target's storage beyond HDFS (an object store's); none for HDFS. */
  private final Map<String, String> targetProperties;
  /** Run between the copy and the registration, inside the timed sync (a test server's workaround). */
  private final AfterCopy afterCopy;

  /** Something done to the target between DistCp's copy and the registration. */
  @FunctionalInterface
  interface AfterCopy {
    void run() throws Exception;
  }

  DistCpTool(TargetSide target, int maps, Path workDir) {
    this(target, maps, workDir, List.of("-pb"), Map.of(), () -> {});
  }

  private DistCpTool(TargetSide target, int maps, Path workDir, List<String> flags,
      Map<String, String> targetProperties, AfterCopy afterCopy) {
    this.target = target;
    this.maps = maps;
    this.workDir = workDir;
    this.flags = List.copyOf(flags);
    this.targetProperties = Map.copyOf(targetProperties);
    this.afterCopy = afterCopy;
  }

  /**
   * DistCp into an object store reached with {@code properties}, as its documentation advises there:
   * {@code -direct} writes each file under its final name (the default temporary file and rename is a second,
   * server-side copy on a store without renames) and {@code -update}; no {@code -pb}, which means nothing
   * to a store without blocks. {@code afterCopy} runs before the registration.
   */
  static DistCpTool toObjectStore(TargetSide target, int maps, Path workDir, Map<String, String> properties,
      AfterCopy afterCopy) {
    return new DistCpTool(target, maps, workDir, List.of("-direct", "-update"), properties, afterCopy);
  }

  @Override
  public String key() {
    return "distcp";
  }

  @Override
  public String label() {
    return flags.contains("-direct") ? "DistCp -direct -update + add_partitions" : "DistCp + add_partitions";
  }

  @Override
  public boolean registers() {
    return true;
  }

  @Override
  public boolean copiesFiles() {
    return true;
  }

  /** DistCp's client configuration: local job runner with N map threads, the one-DataNode close setting. */
  Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.setInt("mapreduce.local.map.tasks.maximum", maps);
    conf.set(EmbeddedCluster.FAST_CLOSE_KEY, "10");
    String tmp = workDir.resolve("distcp-tmp").toAbsolutePath().toString();
    conf.set("hadoop.tmp.dir", tmp);
    conf.set("mapreduce.jobtracker.staging.root.dir", tmp + "/staging");
    conf.set("yarn.app.mapreduce.am.staging-dir", tmp + "/staging");
    conf.set("mapreduce.cluster.local.dir", tmp + "/local");
    targetProperties.forEach(conf::set);
    return conf;
  }

  @Override
  public Measurement run(BenchTable table, int run) throws Exception {
    Configuration conf = conf();
    List<String> command = new ArrayList<>(List.of("-m", Integer.toString(maps)));
    command.addAll(flags);
    command.addAll(List.of(table.sourceDir(), table.targetDir()));
    String[] args = command.toArray(String[]::new);
    long started = System.nanoTime();
    int code = ToolRunner.run(conf, new DistCp(conf, null), args);
    long copied = System.nanoTime();
    if (code != 0) {
      throw new IllegalStateException("DistCp exited with " + code);
    }
    afterCopy.run();
    register(table);
    long finished = System.nanoTime();
    Map<String, Double> phases = new LinkedHashMap<>();
    phases.put("copy", (copied - started) / 1e9);
    phases.put("register", (finished - copied) / 1e9);
    return new Measurement((finished - started) / 1e9, phases, Map.of());
  }

  /** Creates the target table as the source's definition at the target directory, then one add_partitions. */
  void register(BenchTable table) throws Exception {
    HiveMetaStoreClient client = target.client();
    Table definition = SourceTableWriter.define(table.database(), table.name(),
        List.of(BenchTable.COLUMN + " string"), List.of(BenchTable.PARTITION_KEY + " string"), Format.TEXT,
        table.targetDir(), Map.of());
    client.createTable(definition);
    Table created = client.getTable(table.database(), table.name());
    List<Partition> partitions = new ArrayList<>();
    for (String value : table.partitionValues()) {
      partitions.add(SourceData.partition(created, value,
          table.targetDir() + "/" + BenchTable.PARTITION_KEY + "=" + value));
    }
    int added = client.add_partitions(partitions);
    if (added != partitions.size()) {
      throw new IllegalStateException("add_partitions added " + added + " of " + partitions.size());
    }
  }
}
