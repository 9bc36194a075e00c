package io.partsync;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.partsync.config.ConfigException;
import io.partsync.config.ConfigLoader;
import io.partsync.config.SyncConfig;
import io.partsync.failure.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** How failures reach the user: the exit code of their kind and one line. */
class FailuresTest {
  private static final String CONFIG = """
      source:
        default-fs: hdfs://src-nn:8020
        metastore-uris: thrift://src-hms:9083
      target:
        default-fs: hdfs://dst-nn:8020
        metastore-uris: thrift://dst-hms:9083
      tables:
        - sales.orders
      executors:
        count: 2
        memory: 1g
        cores: 4
      """;

  @Test
  void permissionDeniedAnywhereInTheCausesIsARefusalNamingWhatWasDone() {
    Exception wrapped = new UncheckedIOException("cannot lock target table sales.orders (lock file /t/.partsync/lock)",
        new AccessControlException("Permission denied: user=bob, access=WRITE, inode=\"/t\":root:supergroup"
            + ":drwxr-xr-x\n\tat org.apache.hadoop.hdfs.server.namenode.FSPermissionChecker.check(x.java:1)"));

    Failures.Outcome outcome = Failures.classify(wrapped);

    assertEquals(ExitCode.REFUSED, outcome.code());
    assertEquals("cannot lock target table sales.orders (lock file /t/.partsync/lock): permission denied:"
        + " Permission denied: user=bob, access=WRITE, inode=\"/t\":root:supergroup:drwxr-xr-x; grant partsync's"
        + " user access to that path, or run as a user who has it", outcome.reason());
  }

  @Test
  void aRefusedConnectionIsUnreachable() {
    Failures.Outcome outcome = Failures.classify(new IllegalStateException("listing failed",
        new IOException("Call From a to b failed", new ConnectException("Connection refused"))));

    assertEquals(ExitCode.UNREACHABLE, outcome.code());
    assertEquals("listing failed; check the cluster addresses in the config and that the servers are running",
        outcome.reason());
  }

  @Test
  void anythingElseIsAFailureOfTheRunInOneLine() {
    Failures.Outcome outcome = Failures.classify(new IllegalStateException("first\nsecond"));

    assertEquals(ExitCode.FAILED, outcome.code());
    assertEquals("IllegalStateException: first", outcome.reason());
  }

  @Test
  void stackFramesFlattenedIntoARemoteMessageAreCut() {
    assertEquals("create_database x failed: Got exception: org.apache.hadoop.security.AccessControlException"
        + " Permission denied: user=bob", Messages.oneLine("create_database x failed: Got exception:"
        + " org.apache.hadoop.security.AccessControlException Permission denied: user=bob at"
        + " org.apache.hadoop.hdfs.server.namenode.FSPermissionChecker.check(FSPermissionChecker.java:661) at"
        + " java.base/javax.security.auth.Subject.doAs(Subject.java:439)"));
    assertEquals("x".repeat(2000) + "... (5000 characters)", Messages.oneLine("x".repeat(5000)));
  }

  @Test
  void moreCoresPerExecutorThanLocalModeHasIsAConfigError() {
    SyncConfig config = ConfigLoader.parse(CONFIG, "sync.yaml");

    ConfigException e = assertThrows(ConfigException.class,
        () -> PartSync.checkLocalCores(new SparkConf(false).set("spark.master", "local[2]"), config));

    assertEquals("config error: 'executors.cores' asks for 4 cores per virtual executor, but Spark runs in local"
        + " mode with 2 (master local[2]); set 'executors.cores' to at most 2", e.getMessage());
    assertDoesNotThrow(() -> PartSync.checkLocalCores(new SparkConf(false).set("spark.master", "local[4]"), config));
    assertDoesNotThrow(() -> PartSync.checkLocalCores(new SparkConf(false).set("spark.master", "yarn"), config));
  }
}
