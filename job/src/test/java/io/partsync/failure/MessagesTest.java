package io.partsync.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Other systems' messages made one line, and the walk through an exception's causes. */
class MessagesTest {
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
  void aFailureWithoutAMessageSaysWhatItsCauseSaysOrElseItsKind() {
    assertEquals("disk full", Messages.firstLine(new RuntimeException(" ", new IOException("disk full\n\tat x"))));
    assertEquals("IllegalStateException", Messages.firstLine(new IllegalStateException()));
  }

  @Test
  void theCausesGoOutermostFirstAndTheFirstOfATypeIsFound() {
    IOException root = new IOException("root");
    UncheckedIOException outer = new UncheckedIOException("outer", root);

    assertEquals(List.of(outer, root), Messages.causes(outer));
    assertEquals(root, Messages.rootCause(outer));
    assertEquals(root, Messages.find(outer, IOException.class).orElseThrow());
    assertTrue(Messages.causedBy(outer, IllegalStateException.class, IOException.class));
    assertFalse(Messages.causedBy(outer, IllegalStateException.class));
  }

  @Test
  void aCycleOfCausesEndsTheChain() {
    IOException first = new IOException("first");
    IOException second = new IOException("second", first);
    first.initCause(second);

    assertEquals(List.of(first, second), Messages.causes(first));
    assertEquals(second, Messages.rootCause(first));
  }
}
