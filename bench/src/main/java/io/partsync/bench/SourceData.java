package io.partsync.bench;

import io.partsync.demo.SourceTableWriter.Format;
import io.partsync.demo.SourceTableWriter;
import io.partsync.embedded.EmbeddedCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.StorageDescriptor;
import org.apache.hadoop.hive.metastore.api.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the source tables: partitioned TEXT tables ({@code line string}, partitioned by
 * {@code part string}) whose files are random printable ASCII lines written with plain FileSystem
 * streams, so no tool can compress them or skip work.
 */
final class SourceData {
  private static final Logger LOG = LoggerFactory.getLogger(SourceData.class);
  private static final int LINE_BYTES = 100;
  /** Printable ASCII without ',' (the table's field delimiter) and '\' (an escape to some readers). */
  private static final byte[] ALPHABET = alphabet();

  private SourceData() {}

  /**
   * Creates {@code database.name} on the source with {@code files} files of {@code fileBytes} spread
   * evenly over {@code partitions} partitions, registered in the source metastore.
   */
  static BenchTable create(String caseName, EmbeddedCluster source, String targetDatabaseLocation,
      String database, String name, int partitions, int files, long fileBytes, int threads) throws Exception {
    String tableDir = source.defaultFs() + "/warehouse/" + database + ".db/" + name;
    int width = Math.max(4, Integer.toString(partitions - 1).length());
    List<String> values = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      values.add("p" + String.format("%0" + width + "d", p));
    }
    LOG.info("creating source table {}.{}: {} files of {} bytes in {} partitions", database, name, files,
        fileBytes, partitions);
    long started = System.nanoTime();
    try (FileSystem fs = FileSystem.newInstance(source.conf())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> written = new ArrayList<>();
        for (int f = 0; f < files; f++) {
          int file = f;
          String dir = tableDir + "/" + BenchTable.PARTITION_KEY + "=" + values.get(file % partitions);
          Path path = new Path(dir, String.format("data-%06d.txt", file));
          written.add(pool.submit(() -> {
            writeRandomText(fs, path, fileBytes, name.hashCode() * 1_000_003L + file);
            return null;
          }));
        }
        for (Future<?> future : written) {
          future.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    try (SourceTableWriter writer = new SourceTableWriter(source.metastoreUri())) {
      Table table = writer.createTable(database, name, List.of(BenchTable.COLUMN + " string"),
          List.of(BenchTable.PARTITION_KEY + " string"), Format.TEXT, tableDir, Map.of());
      List<Partition> batch = new ArrayList<>();
      for (String value : values) {
        batch.add(partition(table, value, tableDir + "/" + BenchTable.PARTITION_KEY + "=" + value));
        if (batch.size() == 500) {
          writer.client().add_partitions(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        writer.client().add_partitions(batch);
      }
    }
    LOG.info("created source table {}.{} in {} s", database, name,
        String.format("%.1f", (System.nanoTime() - started) / 1e9));
    return new BenchTable(caseName, database, name, tableDir, targetDatabaseLocation + "/" + name, values,
        files, files * fileBytes);
  }

  /** A partition of {@code table} as Hive would define it: the table's storage at its own location. */
  static Partition partition(Table table, String value, String location) {
    Partition partition = new Partition();
    partition.setDbName(table.getDbName());
    partition.setTableName(table.getTableName());
    partition.setValues(List.of(value));
    StorageDescriptor sd = new StorageDescriptor(table.getSd());
    sd.setLocation(location);
    partition.setSd(sd);
    partition.setParameters(new HashMap<>());
    return partition;
  }

  /** Lines of 99 random printable characters and a newline; the file ends with a newline. */
  static void writeRandomText(FileSystem fs, Path path, long bytes, long seed) throws IOException {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] buffer = new byte[(int) Math.min(bytes, 1 << 20)];
    long position = 0;
    try (OutputStream out = fs.create(path, true)) {
      while (position < bytes) {
        int length = (int) Math.min(buffer.length, bytes - position);
        for (int i = 0; i < length; i++) {
          long at = position + i;
          buffer[i] = at % LINE_BYTES == LINE_BYTES - 1 || at == bytes - 1 ? (byte) '\n'
              : ALPHABET[random.nextInt(ALPHABET.length)];
        }
        out.write(buffer, 0, length);
        position += length;
      }
    }
  }

  private static byte[] alphabet() {
    StringBuilder chars = new StringBuilder();
    for (char c = ' '; c <= '~'; c++) {
      if (c != ',' && c != '\\') {
        chars.append(c);
      }
    }
    return chars.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
