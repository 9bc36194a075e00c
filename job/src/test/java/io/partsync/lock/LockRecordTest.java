package io.partsync.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lock file's format, old and new. */
class LockRecordTest {
  private static final Instant SINCE = Instant.parse("2026-11-23T10:00:02Z");
  private static final Instant EXPIRES = Instant.parse("2026-11-23T10:02:02Z");

  @Test
  void aRecordReadsBackWithItsHoldersProcessAndApplication() {
    LockRecord record = new LockRecord("20261123T100000Z-3fa2c1", new LockHolder("worker-7", 4242,
        Instant.parse("2026-11-23T09:59:58.130Z"), "pid:[4026531836]", "6f1c", "application_1700000000000_0042",
        "yarn"), SINCE, EXPIRES, true);

    assertEquals("run=20261123T100000Z-3fa2c1\nhost=worker-7\npid=4242\nprocess-start=2026-11-23T09:59:58.130Z\n"
        + "pid-namespace=pid:[4026531836]\nboot-id=6f1c\nspark-application=application_1700000000000_0042\n"
        + "spark-master=yarn\nsince=2026-11-23T10:00:02Z\nexpires=2026-11-23T10:02:02Z\nstate=active\n",
        record.format());
    assertEquals(record, LockRecord.parse(record.format()));
  }

  @Test
  void aLockFileOfAnOlderPartsyncStillParses() {
    LockRecord old = LockRecord.parse("run=r1\nhost=worker-7\nsince=2026-11-23T10:00:02Z\n"
        + "expires=2026-11-23T10:02:02Z\nstate=active\n");

    assertEquals(new LockRecord("r1", LockHolder.hostOnly("worker-7"), SINCE, EXPIRES, true), old);
    assertTrue(old.heldAt(SINCE.plusSeconds(1)));
    assertFalse(old.holder().onYarn());
  }

  @Test
  void aHoldIsTheSameAcrossRenewalsOnly() {
    LockRecord held = new LockRecord("r1", LockHolder.hostOnly("h"), SINCE, EXPIRES, true);

    assertTrue(held.sameHoldAs(new LockRecord("r1", LockHolder.hostOnly("h"), SINCE, EXPIRES.plusSeconds(30), true)));
    assertFalse(held.sameHoldAs(new LockRecord("r1", LockHolder.hostOnly("h"), SINCE.plusSeconds(1), EXPIRES, true)),
        "a retry under the same run id holds it anew");
  }
}
