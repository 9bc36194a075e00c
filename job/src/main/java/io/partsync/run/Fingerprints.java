package io.partsync.run;

import io.partsync.config.MissingDirectories;
import io.partsync.config.SyncConfig;
import io.partsync.config.VerifyMode;
import io.partsync.copy.FingerprintTask;
import io.partsync.plan.ListingRequest;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.TablePlanner.TableInputs;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists and fingerprints every selected source partition once, whatever the number of targets, with each
 * target's directory of it checked in the same task. Listings come back by source table, then name.
 */
record Fingerprints(SyncConfig config, JavaSparkContext spark, Map<String, String> sourceProperties,
    Map<String, Map<String, String>> targetProperties) {
  private static final Logger LOG = LoggerFactory.getLogger(Fingerprints.class);

  /** One listing request per source partition that some target's table reads, merged across targets. */
  List<ListingRequest> requests(List<OnTarget<TableInputs>> targets) {
    Map<String, ListingRequest> merged = new LinkedHashMap<>();
    for (OnTarget<TableInputs> target : targets) {
      for (TableInputs t : target.tables()) {
        for (ListingRequest request : t.listingRequests(config.verify() == VerifyMode.CHECKSUM,
            t.mapping().modeOr(config.mode()), config.compare())) {
          merged.merge(request.sourceTable() + "/" + request.name(), request, ListingRequest::merge);
        }
      }
    }
    return List.copyOf(merged.values());
  }

  /**
   * Lists on the executors, one Spark job with at most one task per virtual executor. The requests reach
   * the tasks as a broadcast and each task carries only its slice's number: in the tasks themselves they
   * would make each task's payload grow with the partition count (about 120 bytes a partition, megabytes
   * for a table of 100,000), all of it sent from the driver.
   */
  Map<String, Map<String, PartitionListing>> onExecutors(List<ListingRequest> requests) {
    Map<String, Map<String, PartitionListing>> bySourceTable = new HashMap<>();
    if (requests.isEmpty()) {
      return bySourceTable;
    }
    // Interrupted on cancel: a run that lost its lock stops its tasks at once, not after their work.
    spark.setJobGroup("partsync", "partsync: fingerprint " + requests.size() + " source partitions", true);
    int slices = Math.min(requests.size(), config.executors().count());
    Broadcast<List<ListingRequest>> shared = spark.broadcast(List.copyOf(requests));
    try {
      List<Integer> numbers = IntStream.range(0, slices).boxed().toList();
      for (PartitionListing listing : spark.parallelize(numbers, slices)
          .mapPartitions(new SliceTask(shared, slices, task())).collect()) {
        bySourceTable.computeIfAbsent(listing.sourceTable(), t -> new HashMap<>()).put(listing.name(), listing);
      }
    } finally {
      shared.destroy();
    }
    LOG.info("fingerprinted {} source partitions with {} tasks", requests.size(), slices);
    return bySourceTable;
  }

  /** Slice {@code slice} of {@code slices} contiguous, near-equal slices of {@code all}, as Spark slices a list. */
  static <T> List<T> slice(List<T> all, int slice, int slices) {
    int from = (int) ((long) slice * all.size() / slices);
    int to = (int) ((long) (slice + 1) * all.size() / slices);
    return all.subList(from, to);
  }

  /** A fingerprint task given the numbers of its slices of the broadcast requests (one, as sliced above). */
  record SliceTask(Broadcast<List<ListingRequest>> requests, int slices, FingerprintTask task)
      implements FlatMapFunction<Iterator<Integer>, PartitionListing> {
    @Override
    public Iterator<PartitionListing> call(Iterator<Integer> numbers) throws Exception {
      List<ListingRequest> mine = new ArrayList<>();
      numbers.forEachRemaining(n -> mine.addAll(slice(requests.value(), n, slices)));
      return task.call(mine.iterator());
    }
  }

  /**
   * Lists on the driver: while a copy job holds the executors, the next wave is listed here (name node
   * calls only, many at once) rather than queued behind the copy for a free task slot.
   */
  Map<String, Map<String, PartitionListing>> onDriver(List<ListingRequest> requests) {
    Map<String, Map<String, PartitionListing>> bySourceTable = new HashMap<>();
    try {
      task().call(requests.iterator()).forEachRemaining(listing ->
          bySourceTable.computeIfAbsent(listing.sourceTable(), t -> new HashMap<>()).put(listing.name(), listing));
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("listing " + requests.size() + " source partitions failed: " + e.getMessage(), e);
    }
    LOG.info("fingerprinted {} source partitions on the driver while copying", requests.size());
    return bySourceTable;
  }

  FingerprintTask task() {
    return new FingerprintTask(sourceProperties, targetProperties,
        config.missingDirectories() == MissingDirectories.EMPTY);
  }
}
