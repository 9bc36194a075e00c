package io.partsync.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunOptionsTest {
  @Test
  void optionsFollowTheConfigInAnyOrder() {
    assertEquals(new RunOptions(true, Optional.of("hourly-20261123T030000")),
        RunOptions.parse(new String[] {"sync.yaml", "--run-id", "hourly-20261123T030000", "--dry-run"}, 1));
    assertEquals(RunOptions.DEFAULT, RunOptions.parse(new String[] {"sync.yaml"}, 1));
  }

  @Test
  void aRunIdThatCannotNameADirectoryIsRefusedNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(
        new String[] {"sync.yaml", "--run-id", "scheduled__2026-11-23T03:00:00+00:00"}, 1));
    assertTrue(e.getMessage().startsWith("--run-id must be 1 to 100 letters"), e.getMessage());
    assertTrue(e.getMessage().contains("'scheduled__2026-11-23T03:00:00+00:00'"), e.getMessage());
  }

  @Test
  void unknownOrIncompleteOptionsAreRefused() {
    assertEquals("--run-id needs a value", assertThrows(IllegalArgumentException.class,
        () -> RunOptions.parse(new String[] {"sync.yaml", "--run-id"}, 1)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> RunOptions.parse(new String[] {"sync.yaml", "--dryrun"}, 1)).getMessage()
        .startsWith("unknown option '--dryrun'"));
  }

  @Test
  void breakLockNamesTheRunWhoseLockIsBroken() {
    assertEquals(new RunOptions(false, Optional.empty(), Optional.of("20261123T100000Z-3fa2c1")),
        RunOptions.parse(new String[] {"sync.yaml", "--break-lock", "20261123T100000Z-3fa2c1"}, 1));
    assertEquals("--break-lock needs a value", assertThrows(IllegalArgumentException.class,
        () -> RunOptions.parse(new String[] {"sync.yaml", "--break-lock"}, 1)).getMessage());
    assertEquals("--break-lock cannot be used with --dry-run: a dry run takes no lock",
        assertThrows(IllegalArgumentException.class, () -> RunOptions.parse(
            new String[] {"sync.yaml", "--dry-run", "--break-lock", "r1"}, 1)).getMessage());
    assertEquals("--break-lock must be 1 to 100 letters, digits, '.', '_' or '-' (starting with a letter or digit),"
        + " got '../lock'; pass the run id the lock message names", assertThrows(IllegalArgumentException.class,
            () -> RunOptions.parse(new String[] {"sync.yaml", "--break-lock", "../lock"}, 1)).getMessage());
    assertEquals("unknown option '--break'; the options are --dry-run, --run-id <id> and --break-lock <run id>",
        assertThrows(IllegalArgumentException.class,
            () -> RunOptions.parse(new String[] {"sync.yaml", "--break"}, 1)).getMessage());
  }
}
