package io.partsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubmitArgsTest {
  private static final List<String> SIZING = List.of("--num-executors", "3", "--executor-memory", "1g",
      "--executor-cores", "2", "--conf", "spark.task.cpus=2", "--conf", "spark.dynamicAllocation.enabled=false");
  private static final String KERBEROS = """
      kerberos:
        principal: partsync/etl-host@EXAMPLE.COM
        keytab: /etc/security/keytabs/partsync.keytab
      """;

  @TempDir
  Path dir;

  @Test
  void withoutKerberosOnlyTheExecutorsAreSized() {
    assertEquals(SIZING, SubmitArgs.options(ConfigLoader.parse(config(""), "sync.yaml")));
  }

  @Test
  void kerberosAddsThePrincipalKeytabAndEveryClustersFileSystem() throws IOException {
    Path confDir = Files.createDirectories(dir.resolve("dr-conf"));
    // As Hadoop reads a conf dir: core-site.xml first, a later site file wins.
    Files.writeString(confDir.resolve("core-site.xml"), site("fs.defaultFS", "hdfs://ignored:8020"));
    Files.writeString(confDir.resolve("hdfs-site.xml"), site("fs.defaultFS", "hdfs://dr-ns"));
    String yaml = config(KERBEROS).replace("""
        target:
          default-fs: hdfs://dst-nn:8020
          metastore-uris: thrift://dst-hms:9083
        """, """
        targets:
          - name: analytics
            default-fs: hdfs://dst-nn:8020
            metastore-uris: thrift://dst-hms:9083
            properties:
              fs.defaultFS: hdfs://analytics-ns
          - name: dr
            hadoop-conf-dir: %s
            metastore-uris: thrift://dr-hms:9083
          - name: same-as-source
            default-fs: hdfs://src-nn:8020
            metastore-uris: thrift://other-hms:9083
        """.formatted(confDir)).replace("""
          metastore-uris: thrift://src-hms:9083
        """, """
          metastore-uris: thrift://src-hms:9083
          read-replica:
            default-fs: hdfs://observer-ns
        """);

    List<String> options = SubmitArgs.options(ConfigLoader.parse(yaml, "sync.yaml"));

    assertEquals(SIZING, options.subList(0, SIZING.size()));
    assertEquals(List.of("--principal", "partsync/etl-host@EXAMPLE.COM",
        "--keytab", "/etc/security/keytabs/partsync.keytab",
        "--conf", "spark.kerberos.access.hadoopFileSystems="
            + "hdfs://src-nn:8020,hdfs://observer-ns,hdfs://analytics-ns,hdfs://dr-ns"),
        options.subList(SIZING.size(), options.size()), "properties win over default-fs; each file system once");
  }

  @Test
  void aKeytabPathWithASpaceIsAConfigErrorBecauseSubmitShSplitsOnWhitespace() {
    String yaml = config(KERBEROS.replace("keytabs/partsync.keytab", "key tabs/partsync.keytab"));

    ConfigException error = assertThrows(ConfigException.class,
        () -> SubmitArgs.options(ConfigLoader.parse(yaml, "sync.yaml")));

    assertEquals("config error: 'kerberos.keytab' '/etc/security/key tabs/partsync.keytab' contains whitespace,"
        + " which submit.sh cannot pass to spark-submit; use a path or URI without spaces", error.getMessage());
  }

  @Test
  void aConfDirWithoutDefaultFsIsAConfigErrorNamingTheCluster() throws IOException {
    Path confDir = Files.createDirectories(dir.resolve("empty-conf"));
    Files.writeString(confDir.resolve("core-site.xml"), site("hadoop.security.authentication", "kerberos"));
    String yaml = config(KERBEROS).replace("  default-fs: hdfs://dst-nn:8020", "  hadoop-conf-dir: " + confDir);

    ConfigException error = assertThrows(ConfigException.class,
        () -> SubmitArgs.options(ConfigLoader.parse(yaml, "sync.yaml")));

    assertEquals("config error: 'target.hadoop-conf-dir' has no fs.defaultFS; set 'target.default-fs'",
        error.getMessage());
    assertTrue(!error.getMessage().contains("\n"));
  }

  private static String config(String more) {
    return """
        source:
          default-fs: hdfs://src-nn:8020
          metastore-uris: thrift://src-hms:9083
        target:
          default-fs: hdfs://dst-nn:8020
          metastore-uris: thrift://dst-hms:9083
        tables:
          - sales.orders
        executors:
          count: 3
          memory: 1g
          cores: 2
        """ + more;
  }

  private static String site(String name, String value) {
    return "<?xml version=\"1.0\"?>\n<configuration>\n  <property>\n    <name>" + name + "</name>\n    <value>"
        + value + "</value>\n  </property>\n</configuration>\n";
  }
}
