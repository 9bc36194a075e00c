package io.partsync.metastore;

import io.partsync.it.MetastoreProcess;
import java.io.IOException;
import java.nio.file.Path;

/** The contract, held by a real Hive Standalone Metastore 4.0.1 server. */
class Hive40MetastoreContractTest extends MetastoreProcessContractTest {
  @Override
  MetastoreProcess start(Path home, String fileSystem) throws IOException {
    return MetastoreProcess.hive40("contract", home, fileSystem);
  }
}
