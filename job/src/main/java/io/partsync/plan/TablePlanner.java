package io.partsync.plan;

import io.partsync.config.TableMapping;
import io.partsync.fs.ClusterFileSystem;
import io.partsync.metastore.HivePartition;
import io.partsync.metastore.HiveTable;
import io.partsync.metastore.MetastoreClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one table on the driver: reads its partitions from the source metastore in batches and lists
 * their data files on the source file system, many directories at once.
 */
public final class TablePlanner {
  private static final Logger LOG = LoggerFactory.getLogger(TablePlanner.class);
  private static final int LISTING_THREADS = 16;

  private final MetastoreClient sourceMetastore;
  private final ClusterFileSystem sourceFs;

  public TablePlanner(MetastoreClient sourceMetastore, ClusterFileSystem sourceFs) {
    this.sourceMetastore = sourceMetastore;
    this.sourceFs = sourceFs;
  }

  public TablePlan plan(TableMapping mapping, HiveTable source, HiveTable target, boolean targetExists) {
    List<String> names = sourceMetastore.listPartitionNames(source.database(), source.name());
    List<HivePartition> partitions = sourceMetastore.getPartitions(source.database(), source.name(), names);
    Map<String, HivePartition> byName = new LinkedHashMap<>();
    for (HivePartition partition : partitions) {
      byName.put(PartitionPaths.name(source.partitionKeyNames(), partition.values()), partition);
    }
    List<PartitionCopy> copies = listFiles(target, byName);
    LOG.info("planned {}: {} partitions, {} files, {} bytes", mapping.sourceName(), copies.size(),
        copies.stream().mapToInt(c -> c.files().size()).sum(),
        copies.stream().mapToLong(PartitionCopy::bytes).sum());
    return new TablePlan(mapping, source, target, targetExists, byName, copies);
  }

  private List<PartitionCopy> listFiles(HiveTable target, Map<String, HivePartition> partitions) {
    if (partitions.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(LISTING_THREADS, partitions.size()));
    try {
      List<Future<PartitionCopy>> listed = new ArrayList<>();
      partitions.forEach((name, partition) -> listed.add(pool.submit(() -> toCopy(target, name, partition))));
      List<PartitionCopy> copies = new ArrayList<>();
      for (Future<PartitionCopy> future : listed) {
        copies.add(future.get());
      }
      return copies;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing source partitions", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private PartitionCopy toCopy(HiveTable target, String name, HivePartition partition) {
    String targetDir = PartitionPaths.directory(target.qualifiedName(), target.location(), name);
    try {
      return new PartitionCopy(target.qualifiedName(), name, partition.values(), partition.location(),
          targetDir, sourceFs.listDataFiles(partition.location()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list source partition " + name + " at " + partition.location()
          + ": " + e.getMessage(), e);
    }
  }
}
