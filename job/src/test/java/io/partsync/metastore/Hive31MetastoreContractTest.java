package io.partsync.metastore;

import io.partsync.it.MetastoreProcess;
import java.io.IOException;
import java.nio.file.Path;

/** The contract, held by a real Hive Standalone Metastore 3.1.3 server. */
class Hive31MetastoreContractTest extends MetastoreProcessContractTest {
  @Override
  MetastoreProcess start(Path home, String fileSystem) throws IOException {
    return MetastoreProcess.hive31("contract", home, fileSystem);
  }
}
