package io.partsync.bench;

import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import io.partsync.metastore.Column;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreClient;
import io.partsync.metastore.MetastoreSettings;
import io.partsync.metastore.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers many new partitions in the target metastore through partsync's own {@link MetastoreClient}
 * (batched add_partitions), into a new empty table per run. The partition directories do not exist
 * beforehand: the metastore creates them, as it does for partsync's registrations of new partitions.
 */
final class MetastoreBench {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreBench.class);

  private MetastoreBench() {}

  /** Returns the seconds each run took for the add_partitions calls alone. */
  static List<Double> run(TargetSide target, String databaseLocation, int partitions, int batchSize, int runs)
      throws Exception {
    EmbeddedCluster cluster = target.cluster();
    List<Double> seconds = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      String name = "registered_" + run;
      String location = databaseLocation + "/" + name;
      target.client().dropTable("bench", name, true, true);
      Table table = SourceTableWriter.define("bench", name, List.of(BenchTable.COLUMN + " string"),
          List.of(BenchTable.PARTITION_KEY + " string"), Format.TEXT, location, Map.of());
      target.client().createTable(table);
      List<HivePartition> batch = partitions(table.getSd(), location, partitions);
      Map<String, String> properties = Map.of("fs.defaultFS", cluster.defaultFs(),
          EmbeddedCluster.FAST_CLOSE_KEY, "10");
      try (Metastore client = MetastoreClient.connect("target", List.of(cluster.metastoreUri()),
          properties, new MetastoreSettings(batchSize, 3, Duration.ofMinutes(10)))) {
        System.gc();
        long started = System.nanoTime();
        client.addPartitions("bench", name, batch);
        seconds.add((System.nanoTime() - started) / 1e9);
        int registered = client.listPartitionNames("bench", name).size();
        if (registered != partitions) {
          throw new IllegalStateException(registered + " partitions registered, expected " + partitions);
        }
      }
      LOG.info("metastore run {}: {} partitions in {} s", run, partitions,
          String.format("%.2f", seconds.get(seconds.size() - 1)));
    }
    return seconds;
  }

  private static List<HivePartition> partitions(StorageDescriptor sd, String tableLocation, int count) {
    Storage storage = new Storage(sd.getInputFormat(), sd.getOutputFormat(),
        sd.getSerdeInfo().getSerializationLib(), sd.getSerdeInfo().getParameters(), false, -1, List.of(),
        List.of(), false, Map.of());
    List<Column> columns = List.of(new Column(BenchTable.COLUMN, "string", null));
    int width = Math.max(5, Integer.toString(count - 1).length());
    List<HivePartition> partitions = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String value = "p" + String.format("%0" + width + "d", i);
      partitions.add(new HivePartition(List.of(value), tableLocation + "/" + BenchTable.PARTITION_KEY + "=" + value,
          columns, storage, Map.of("numFiles", "1", "totalSize", "16384")));
    }
    return partitions;
  }
}
