package io.partsync.plan;

import io.partsync.fs.ClusterFileSystem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Lists and fingerprints a slice of source partitions on an executor. Listing is bound by name node round
 * trips, not by CPU, so each task lists several directories at once.
 */
public final class FingerprintTask implements FlatMapFunction<Iterator<ListingRequest>, PartitionListing> {
  static final int THREADS_PER_TASK = 16;

  private final Map<String, String> sourceProperties;
  private final Map<String, String> targetProperties;

  public FingerprintTask(Map<String, String> sourceProperties, Map<String, String> targetProperties) {
    this.sourceProperties = Map.copyOf(sourceProperties);
    this.targetProperties = Map.copyOf(targetProperties);
  }

  @Override
  public Iterator<PartitionListing> call(Iterator<ListingRequest> requests) throws Exception {
    List<ListingRequest> all = new ArrayList<>();
    requests.forEachRemaining(all::add);
    if (all.isEmpty()) {
      return List.<PartitionListing>of().iterator();
    }
    try (ClusterFileSystem source = ClusterFileSystem.open("source", sourceProperties);
        ClusterFileSystem target = ClusterFileSystem.open("target", targetProperties)) {
      return listAll(source, target, all).iterator();
    }
  }

  private List<PartitionListing> listAll(ClusterFileSystem source, ClusterFileSystem target,
      List<ListingRequest> requests) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS_PER_TASK, requests.size()));
    try {
      List<Future<PartitionListing>> pending = new ArrayList<>();
      for (ListingRequest request : requests) {
        pending.add(pool.submit(() -> list(source, target, request)));
      }
      List<PartitionListing> listings = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        try {
          listings.add(pending.get(i).get());
        } catch (ExecutionException e) {
          listings.add(PartitionListing.failed(requests.get(i), String.valueOf(e.getCause())));
        }
      }
      return listings;
    } finally {
      pool.shutdownNow();
    }
  }

  private PartitionListing list(ClusterFileSystem source, ClusterFileSystem target, ListingRequest request) {
    List<SourceFile> files;
    try {
      files = source.listDataFiles(request.sourceDir(), request.withChecksums());
    } catch (IOException e) {
      return PartitionListing.failed(request, "cannot list source partition directory " + request.sourceDir()
          + ": " + e.getMessage());
    }
    String targetVersion = null;
    if (request.targetDir() != null) {
      try {
        targetVersion = PartitionVersion.of(target.listDataFiles(request.targetDir()));
      } catch (IOException e) {
        targetVersion = "unlistable: " + e.getMessage(); // differs from any fingerprint: copied again
      }
    }
    return PartitionListing.of(request, files, targetVersion);
  }
}
