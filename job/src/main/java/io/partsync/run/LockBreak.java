package io.partsync.run;

import io.partsync.config.ConfigException;
import io.partsync.failure.Messages;
import io.partsync.lock.LockHeldException;
import io.partsync.lock.LockHolder;
import io.partsync.lock.TableLock;
import io.partsync.targets.CheckedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --break-lock}: the run it names must have left a lock or a record of itself on some table of
 * this run; otherwise nothing is locked and the run stops, naming who holds the tables instead. Checked
 * before anything is written, snapshots included.
 */
final class LockBreak {
  private static final Logger LOG = LoggerFactory.getLogger(LockBreak.class);

  private LockBreak() {}

  static void check(List<OnTarget<CheckedTable>> targets, String broken) {
    if (targets.stream().anyMatch(t -> leftBy(t, broken))) {
      return;
    }
    List<String> holders = targets.stream().flatMap(t -> holders(t).stream()).toList();
    if (!holders.isEmpty()) {
      throw new LockHeldException("--break-lock " + broken + ": no target table is locked by run " + broken + "; "
          + String.join("; ", holders) + "; break a lock only with the run id its message names");
    }
    throw new ConfigException("--break-lock " + broken + ": run " + broken + " holds no lock and left no record on"
        + " any target table of this config; there is nothing to break: run without --break-lock");
  }

  /** Whether a checked table's lock, or a record of a run in progress on it, names {@code runId}. */
  private static boolean leftBy(OnTarget<CheckedTable> target, String runId) {
    for (CheckedTable table : target.tables()) {
      try {
        if (TableLock.names(target.target().fs(), table.target().location(), runId)) {
          return true;
        }
      } catch (IOException e) {
        // Not "nothing to break": that would be a false answer to the operator.
        throw new UncheckedIOException("cannot read the lock of target table " + table.target().qualifiedName()
            + " on " + target.name() + " to check --break-lock " + runId + ": " + Messages.oneLine(e.getMessage()), e);
      }
    }
    return false;
  }

  /** The checked tables and who holds each one's lock now, for a message naming them. */
  private static List<String> holders(OnTarget<CheckedTable> target) {
    List<String> holders = new ArrayList<>();
    for (CheckedTable table : target.tables()) {
      try {
        TableLock.holder(target.target().fs(), table.target().location(), LockHolder.self())
            .ifPresent(h -> holders.add(table.target().qualifiedName() + " is locked by " + h));
      } catch (IOException e) {
        LOG.debug("reading the lock of {} on {}", table.target().qualifiedName(), target.name(), e);
      }
    }
    return holders;
  }
}
