package io.partsync.metastore;

/** The contract, of the in-memory stand-in. */
class InMemoryMetastoreContractTest extends MetastoreContractTest {
  private static final String FILE_SYSTEM = "hdfs://memory:8020";

  @Override
  Metastore metastoreUnderTest() {
    return new InMemoryMetastore("memory://contract", FILE_SYSTEM + "/user/hive/warehouse");
  }

  @Override
  String fileSystem() {
    return FILE_SYSTEM;
  }
}
