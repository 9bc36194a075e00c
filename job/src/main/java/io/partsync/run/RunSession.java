package io.partsync.run;

import io.partsync.config.SyncConfig;
import io.partsync.config.TableMapping;
import io.partsync.config.TargetCluster;
import io.partsync.failure.Messages;
import io.partsync.failure.SyncRefusedException;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.HadoopConfs;
import io.partsync.fs.Reachability;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.MetastoreClient;
import io.partsync.source.TableSelector;
import io.partsync.targets.TargetConnection;
import io.partsync.views.SourceView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's connections: the source (its metastore, its file system and the tables selected there) and
 * every target that could be reached. A target that cannot be is left out like any failing target, or
 * fails the run when it is the only one or under {@code on-target-failure: abort}.
 *
 * @param unreachable by target name, why each target left out here could not be reached
 * @param selected the selected tables; {@code views} the selected views, replicated as definitions
 */
record RunSession(Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties,
    Metastore sourceMetastore, ClusterFileSystem sourceFs, List<TableMapping> selected,
    List<TargetConnection> targets, Map<String, String> unreachable, List<SourceView> views)
    implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunSession.class);

  /** Checks every name node answers, connects the source, selects its tables and connects the targets. */
  static RunSession open(SyncConfig config) {
    Map<String, String> sourceProperties = Reachability.withConnectBounds(HadoopConfs.resolve(config.source()),
        config.connectTimeout());
    Map<String, Map<String, String>> targetProperties = new LinkedHashMap<>();
    config.targets().forEach(t -> targetProperties.put(t.name(), Reachability.withConnectBounds(
        HadoopConfs.resolve(t.cluster()), config.connectTimeout())));
    Map<String, RuntimeException> unreachable = checkReachable(config, sourceProperties, targetProperties);
    Metastore sourceMetastore = MetastoreClient.connect(config.source().role(),
        config.source().metastoreUris(), sourceProperties, config.metastore(), config.connectTimeout(),
        config.source().catalog());
    List<TargetConnection> targets = new ArrayList<>();
    ClusterFileSystem sourceFs = null;
    try {
      sourceFs = ClusterFileSystem.open("source", sourceProperties);
      List<TableMapping> selected = new ArrayList<>();
      List<SourceView> views = new ArrayList<>();
      for (TableMapping mapping : TableSelector.select(config.tables(), sourceMetastore)) {
        Optional<HiveTable> found = sourceMetastore.findTable(mapping.sourceDatabase(), mapping.sourceTable());
        if (found.isPresent() && found.get().isView()) {
          views.add(new SourceView(mapping, found.get()));
        } else {
          selected.add(mapping);
        }
      }
      if (selected.isEmpty() && views.isEmpty()) {
        throw new SyncRefusedException("the 'tables' patterns select no table in the source metastore "
            + sourceMetastore.uris());
      }
      Map<String, String> leftOut = connectTargets(config, targetProperties, unreachable, targets);
      return new RunSession(sourceProperties, targetProperties, sourceMetastore, sourceFs, selected, targets,
          leftOut, views);
    } catch (RuntimeException e) {
      targets.forEach(TargetConnection::close);
      closeSource(sourceMetastore, sourceFs);
      throw e;
    }
  }

  /**
   * Every cluster's name node answers within the connect timeout, before any metastore is touched: the
   * source must; a target that does not is returned, with why.
   */
  private static Map<String, RuntimeException> checkReachable(SyncConfig config,
      Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties) {
    Reachability.check("source", "source.default-fs", sourceProperties, config.connectTimeout());
    Map<String, RuntimeException> unreachable = new HashMap<>();
    for (TargetCluster target : config.targets()) {
      try {
        Reachability.check(config.targets().size() == 1 ? "target" : "target " + target.name(),
            target.cluster().role() + ".default-fs", targetProperties.get(target.name()), config.connectTimeout());
      } catch (RuntimeException e) {
        throwUnlessLeftOut(config, e);
        unreachable.put(target.name(), e);
      }
    }
    return unreachable;
  }

  /** Connects each reachable target into {@code connected}; returns the others, with why. */
  private static Map<String, String> connectTargets(SyncConfig config,
      Map<String, Map<String, String>> targetProperties, Map<String, RuntimeException> unreachable,
      List<TargetConnection> connected) {
    Map<String, String> leftOut = new LinkedHashMap<>();
    RuntimeException first = null;
    for (TargetCluster target : config.targets()) {
      try {
        if (unreachable.containsKey(target.name())) {
          throw unreachable.get(target.name());
        }
        connected.add(TargetConnection.connect(target, targetProperties.get(target.name()), config.metastore(),
            config.connectTimeout()));
      } catch (RuntimeException e) {
        throwUnlessLeftOut(config, e);
        LOG.error("target {} is not synced: {}", target.name(), Messages.oneLine(e.getMessage()));
        leftOut.put(target.name(), e.getMessage());
        first = first == null ? e : first;
      }
    }
    if (connected.isEmpty()) {
      throw first;
    }
    return leftOut;
  }

  /**
   * A target that cannot be reached is left out of the run, as {@link TargetSet} leaves out one failing
   * later; under {@code on-target-failure: abort}, or as the only target, it ends the run.
   */
  private static void throwUnlessLeftOut(SyncConfig config, RuntimeException e) {
    if (config.abortOnTargetFailure() || config.targets().size() == 1) {
      throw e;
    }
  }

  @Override
  public void close() {
    targets.forEach(TargetConnection::close);
    closeSource(sourceMetastore, sourceFs);
  }

  private static void closeSource(Metastore metastore, ClusterFileSystem fs) {
    try {
      if (fs != null) {
        fs.close();
      }
    } catch (java.io.IOException e) {
      LOG.debug("closing the source file system", e);
    } finally {
      metastore.close();
    }
  }
}
