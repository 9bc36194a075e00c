package io.partsync.views;

import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one target's planned views, after its tables are published. Views take no lock: they have no
 * directory, and a definition is written in one metastore call. A run racing another on the same view
 * either loses the create (it then reads the view back: the same definition is unchanged, another one is a
 * failure to report) or replaces the other's definition with its own, which holds the same source's.
 */
public final class ViewPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ViewPublisher.class);

  private ViewPublisher() {}

  public static List<ViewPlan> publish(Metastore target, List<ViewPlan> plans) {
    List<ViewPlan> done = new ArrayList<>();
    for (ViewPlan plan : plans) {
      done.add(publish(target, plan));
    }
    return done;
  }

  private static ViewPlan publish(Metastore target, ViewPlan plan) {
    HiveTable view = plan.definition();
    try {
      if (ViewPlan.CREATED.equals(plan.action())) {
        if (target.databaseLocation(view.database()).isEmpty()) {
          target.createDatabase(view.database(), "created by partsync for view " + view.name(), null);
        }
        target.createTable(view);
      } else if (ViewPlan.REPLACED.equals(plan.action())) {
        target.replaceView(view);
      }
      if (!ViewPlan.UNCHANGED.equals(plan.action()) && !ViewPlan.REFUSED.equals(plan.action())) {
        LOG.info("view {} {} on {}", view.qualifiedName(), plan.action(), plan.targetCluster());
      }
      return plan;
    } catch (MetastoreException e) {
      Optional<HiveTable> now = target.findTable(view.database(), view.name());
      if (ViewPlan.CREATED.equals(plan.action()) && now.isPresent() && now.get().isView()
          && ViewPlanner.sameDefinition(now.get(), view)) {
        return plan.withOutcome(ViewPlan.UNCHANGED, null);
      }
      LOG.error("view {} on {} failed: {}", view.qualifiedName(), plan.targetCluster(), e.getMessage());
      return plan.withOutcome(ViewPlan.FAILED, e.getMessage());
    }
  }
}
