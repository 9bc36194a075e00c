package io.partsync.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hive.metastore.IMetaStoreClient;
import org.apache.hadoop.hive.metastore.api.Partition;
import org.apache.hadoop.hive.metastore.api.Table;

/**
 * Reads a table back the way a user of a Hive 3.1 or 4.0 metastore does: with that version's own
 * {@code HiveMetaStoreClient}, in a JVM whose class path is that server's jars (and this class), then the
 * data files at the locations that metastore names. Prints, tab-separated, the table's type, location and parameters,
 * each partition's values, location and parameters, and the lines of its files.
 *
 * <p>Only calls whose Java signatures are the same in 2.3 (which this class is compiled against), 3.1 and
 * 4.0 are made directly; the constructor, which differs, is called by reflection.
 */
public final class VersionedMetastoreReader {
  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    conf.set("metastore.thrift.uris", args[0]);
    conf.set("hive.metastore.uris", args[0]);
    IMetaStoreClient client = (IMetaStoreClient) Class.forName("org.apache.hadoop.hive.metastore.HiveMetaStoreClient")
        .getConstructor(Configuration.class).newInstance(conf);
    Table table = client.getTable(args[1], args[2]);
    System.out.println("TABLE\t" + table.getTableType() + "\t" + table.getSd().getLocation() + "\t"
        + new TreeMap<>(table.getParameters()));
    for (Partition partition : client.listPartitions(args[1], args[2], (short) -1)) {
      String values = String.join("|", partition.getValues());
      String location = partition.getSd().getLocation();
      System.out.println("PARTITION\t" + values + "\t" + location + "\t" + new TreeMap<>(partition.getParameters()));
      Path dir = new Path(location);
      FileSystem fs = dir.getFileSystem(conf);
      for (FileStatus file : fs.listStatus(dir)) {
        if (file.isFile() && !file.getPath().getName().startsWith(".") && !file.getPath().getName().startsWith("_")) {
          try (BufferedReader lines = new BufferedReader(new InputStreamReader(fs.open(file.getPath()),
              StandardCharsets.UTF_8))) {
            lines.lines().forEach(line -> System.out.println("ROW\t" + values + "|" + line));
          }
        }
      }
    }
    client.close();
  }

  /** What the reader printed of one table. */
  record Read(String tableLine, List<String> partitionLines, List<String> rows) {}

  /** Reads {@code database.table} from the metastore at {@code uri} with Hive {@code version}'s own client. */
  static Read read(String version, String uri, String database, String table) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
        testClasses() + ":" + MetastoreProcess.lib(version) + "/*", VersionedMetastoreReader.class.getName(), uri,
        database, table));
    Forked reader = Forked.run(command, Duration.ofMinutes(2));
    if (reader.exit() != 0) {
      throw new IllegalStateException("reading " + database + "." + table + " with the Hive " + version
          + " client failed:\n" + reader.output());
    }
    List<String> lines = reader.output().lines().toList();
    String tableLine = lines.stream().filter(l -> l.startsWith("TABLE\t")).findFirst().orElseThrow();
    List<String> partitions = lines.stream().filter(l -> l.startsWith("PARTITION\t")).sorted().toList();
    List<String> rows = lines.stream().filter(l -> l.startsWith("ROW\t")).map(l -> l.substring(4)).sorted().toList();
    return new Read(tableLine, partitions, rows);
  }

  /** This class's own class path entry: the test classes directory. */
  private static String testClasses() throws Exception {
    return java.nio.file.Path.of(VersionedMetastoreReader.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString();
  }
}
