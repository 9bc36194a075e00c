package io.partsync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import io.partsync.metastore.MetastoreIncompatibleException;
import java.net.ConnectException;
import org.apache.hadoop.security.AccessControlException;
import org.junit.jupiter.api.Test;

/** How failures reach the user: the exit code of their kind and one line. */
class ExitCodeTest {
  @Test
  void permissionDeniedAnywhereInTheCausesIsARefusalNamingWhatWasDone() {
    Exception wrapped = new UncheckedIOException("cannot lock target table sales.orders (lock file /t/.partsync/lock)",
        new AccessControlException("Permission denied: user=bob, access=WRITE, inode=\"/t\":root:supergroup"
            + ":drwxr-xr-x\n\tat org.apache.hadoop.hdfs.server.namenode.FSPermissionChecker.check(x.java:1)"));

    ExitCode.Outcome outcome = ExitCode.Outcome.of(wrapped);

    assertEquals(ExitCode.REFUSED, outcome.code());
    assertEquals("cannot lock target table sales.orders (lock file /t/.partsync/lock): permission denied:"
        + " Permission denied: user=bob, access=WRITE, inode=\"/t\":root:supergroup:drwxr-xr-x; grant partsync's"
        + " user access to that path, or run as a user who has it", outcome.reason());
  }

  @Test
  void aRefusedConnectionIsUnreachable() {
    ExitCode.Outcome outcome = ExitCode.Outcome.of(new IllegalStateException("listing failed",
        new IOException("Call From a to b failed", new ConnectException("Connection refused"))));

    assertEquals(ExitCode.UNREACHABLE, outcome.code());
    assertEquals("listing failed; check the cluster addresses in the config and that the servers are running",
        outcome.reason());
  }

  @Test
  void aMetastoreThatCannotServePartsyncIsIncompatibleNotARefusedTable() {
    ExitCode.Outcome outcome = ExitCode.Outcome.of(new IllegalStateException("publishing failed",
        new MetastoreIncompatibleException("the target metastore at thrift://hms:9083 (Hive Metastore 2.x) cannot"
            + " serve partsync: it refuses add_partitions a.b (Invalid method name: 'add_partitions_req')", null)));

    assertEquals(ExitCode.INCOMPATIBLE, outcome.code());
    assertEquals(6, outcome.code().code());
    assertEquals("the target metastore at thrift://hms:9083 (Hive Metastore 2.x) cannot serve partsync: it refuses"
        + " add_partitions a.b (Invalid method name: 'add_partitions_req')", outcome.reason());
  }

  @Test
  void anythingElseIsAFailureOfTheRunInOneLine() {
    ExitCode.Outcome outcome = ExitCode.Outcome.of(new IllegalStateException("first\nsecond"));

    assertEquals(ExitCode.FAILED, outcome.code());
    assertEquals("IllegalStateException: first", outcome.reason());
  }
}
