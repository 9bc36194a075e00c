package io.partsync.plan;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.DirectoryListing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
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
 * trips, not by CPU: each task lists its directories in chunks, each chunk in as few calls as the file
 * system allows, several chunks at once.
 */
public final class FingerprintTask implements FlatMapFunction<Iterator<ListingRequest>, PartitionListing> {
  static final int THREADS_PER_TASK = 16;
  static final int CHUNK = 100;

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

  private static List<PartitionListing> listAll(ClusterFileSystem source, ClusterFileSystem target,
      List<ListingRequest> requests) throws InterruptedException {
    List<List<ListingRequest>> chunks = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += CHUNK) {
      chunks.add(requests.subList(from, Math.min(requests.size(), from + CHUNK)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS_PER_TASK, chunks.size()));
    try {
      List<Future<List<PartitionListing>>> pending = new ArrayList<>();
      for (List<ListingRequest> chunk : chunks) {
        pending.add(pool.submit(() -> list(source, target, chunk)));
      }
      List<PartitionListing> listings = new ArrayList<>();
      for (int i = 0; i < pending.size(); i++) {
        try {
          listings.addAll(pending.get(i).get());
        } catch (ExecutionException e) {
          chunks.get(i).forEach(r -> listings.add(PartitionListing.failed(r, String.valueOf(e.getCause()))));
        }
      }
      return listings;
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<PartitionListing> list(ClusterFileSystem source, ClusterFileSystem target,
      List<ListingRequest> chunk) {
    Map<String, DirectoryListing> sources = byDir(source.listDataFiles(chunk.stream()
        .map(ListingRequest::sourceDir).toList()));
    Map<String, DirectoryListing> targets = byDir(target.listDataFiles(chunk.stream()
        .map(ListingRequest::targetDir).filter(dir -> dir != null).toList()));
    List<PartitionListing> listings = new ArrayList<>();
    for (ListingRequest request : chunk) {
      DirectoryListing listed = sources.get(request.sourceDir());
      if (!listed.succeeded()) {
        listings.add(PartitionListing.failed(request, "cannot list source partition directory "
            + request.sourceDir() + ": " + listed.error()));
        continue;
      }
      List<SourceFile> files = listed.files();
      if (request.withChecksums()) {
        try {
          files = source.withChecksums(request.sourceDir(), files);
        } catch (IOException e) {
          listings.add(PartitionListing.failed(request, "cannot read the checksums in source partition directory "
              + request.sourceDir() + ": " + e.getMessage()));
          continue;
        }
      }
      listings.add(PartitionListing.of(request, files, targetVersion(targets.get(request.targetDir()))));
    }
    return listings;
  }

  /** The fingerprint of the target directory's files; one that cannot be listed differs from any. */
  private static String targetVersion(DirectoryListing target) {
    if (target == null) {
      return null;
    }
    return target.succeeded() ? PartitionVersion.of(target.files()) : "unlistable: " + target.error();
  }

  private static Map<String, DirectoryListing> byDir(List<DirectoryListing> listings) {
    Map<String, DirectoryListing> byDir = new HashMap<>();
    listings.forEach(listing -> byDir.put(listing.dir(), listing));
    return byDir;
  }
}
