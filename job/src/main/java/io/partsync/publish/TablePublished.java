package io.partsync.publish;

import io.partsync.copy.PartitionResult;
import io.partsync.plan.SourceSnapshot;
import io.partsync.plan.TablePlan;
import io.partsync.publish.PartitionCommitter.CommitResult;
import java.util.List;

/**
 * What publishing did with one planned table: the copies made for it, and either its commit or why none.
 *
 * @param commit what the metastore was told; null when nothing was published
 * @param error why nothing was published (registering failed, or another target withheld it); else null
 * @param recorded the snapshot the table now records it is in sync with, or null
 */
public record TablePublished(TablePlan plan, List<PartitionResult> copied, CommitResult commit, String error,
    SourceSnapshot recorded) {
  public TablePublished {
    copied = List.copyOf(copied);
  }

  public boolean published() {
    return commit != null;
  }
}
