package io.partsync.copy;

import io.partsync.fs.ClusterFileSystem;
import io.partsync.fs.DataFile;
import io.partsync.fs.DirectoryListing;
import io.partsync.plan.ListingRequest;
import io.partsync.plan.PartitionListing;
import io.partsync.plan.PartitionVersion;
import io.partsync.plan.TargetTableName;
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
  private final Map<String, Map<String, String>> targetProperties;
  private final boolean missingIsEmpty;

  /**
   * @param targetProperties each target cluster's Hadoop properties, by target name
   * @param missingIsEmpty whether a source partition directory that does not exist is an empty partition
   *     rather than a failure of that partition
   */
  public FingerprintTask(Map<String, String> sourceProperties, Map<String, Map<String, String>> targetProperties,
      boolean missingIsEmpty) {
    this.sourceProperties = Map.copyOf(sourceProperties);
    this.targetProperties = Map.copyOf(targetProperties);
    this.missingIsEmpty = missingIsEmpty;
  }

  @Override
  public Iterator<PartitionListing> call(Iterator<ListingRequest> requests) throws Exception {
    List<ListingRequest> all = new ArrayList<>();
    requests.forEachRemaining(all::add);
    if (all.isEmpty()) {
      return List.<PartitionListing>of().iterator();
    }
    Map<String, ClusterFileSystem> targets = new HashMap<>();
    try (ClusterFileSystem source = ClusterFileSystem.open("source", sourceProperties)) {
      for (ListingRequest request : all) {
        for (TargetTableName destination : request.targetDirs().keySet()) {
          String target = destination.target();
          if (!targets.containsKey(target)) {
            targets.put(target, ClusterFileSystem.open("target " + target, targetProperties.get(target)));
          }
        }
      }
      return listAll(source, targets, all, missingIsEmpty).iterator();
    } finally {
      for (ClusterFileSystem target : targets.values()) {
        target.close();
      }
    }
  }

  private static List<PartitionListing> listAll(ClusterFileSystem source, Map<String, ClusterFileSystem> targets,
      List<ListingRequest> requests, boolean missingIsEmpty) throws InterruptedException {
    List<List<ListingRequest>> chunks = new ArrayList<>();
    for (int from = 0; from < requests.size(); from += CHUNK) {
      chunks.add(requests.subList(from, Math.min(requests.size(), from + CHUNK)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS_PER_TASK, chunks.size()));
    try {
      List<Future<List<PartitionListing>>> pending = new ArrayList<>();
      for (List<ListingRequest> chunk : chunks) {
        pending.add(pool.submit(() -> list(source, targets, chunk, missingIsEmpty)));
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

  private static List<PartitionListing> list(ClusterFileSystem source, Map<String, ClusterFileSystem> targetFs,
      List<ListingRequest> chunk, boolean missingIsEmpty) {
    Map<String, DirectoryListing> sources = byDir(source.listDataFiles(chunk.stream()
        .map(ListingRequest::sourceDir).toList(), missingIsEmpty));
    Map<String, Map<String, DirectoryListing>> targets = new HashMap<>();
    targetFs.forEach((name, fs) -> targets.put(name, byDir(fs.listDataFiles(chunk.stream()
        .flatMap(r -> r.targetDirs().entrySet().stream())
        .filter(e -> e.getKey().target().equals(name)).map(Map.Entry::getValue).distinct().toList()))));
    List<PartitionListing> listings = new ArrayList<>();
    for (ListingRequest request : chunk) {
      DirectoryListing listed = sources.get(request.sourceDir());
      if (!listed.succeeded()) {
        listings.add(PartitionListing.failed(request, "cannot list source partition directory: "
            + listed.error() + (listed.missing() ? "; the target keeps the version it"
            + " has. Set 'source.missing-directories: empty' if partitions without a directory are expected" : "")));
        continue;
      }
      List<DataFile> files = listed.files();
      if (request.withChecksums()) {
        try {
          files = source.withChecksums(request.sourceDir(), files);
        } catch (IOException e) {
          listings.add(PartitionListing.failed(request, "cannot read the checksums in source partition directory "
              + request.sourceDir() + ": " + e.getMessage()));
          continue;
        }
      }
      Map<TargetTableName, String> targetVersions = new HashMap<>();
      request.targetDirs().forEach((destination, dir) -> {
        String version = targetVersion(targets.get(destination.target()).get(dir));
        if (version != null) {
          targetVersions.put(destination, version);
        }
      });
      listings.add(PartitionListing.of(request, files, targetVersions));
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
