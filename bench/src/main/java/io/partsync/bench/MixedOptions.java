package io.partsync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The flags of the {@code mixed} case: the sizes of its three tables (one big file, many one-file tiny
 * partitions, ordinary medium partitions) and the parallelisms it is run with.
 *
 * @param executors the N values: partsync virtual executors, DistCp maps and raw copy threads of each round
 */
record MixedOptions(
    List<Integer> executors,
    int warmup,
    long bigFileBytes,
    int tinyPartitions,
    long tinyFileBytes,
    int mediumPartitions,
    int mediumFilesPerPartition,
    long mediumFileBytes) {

  MixedOptions {
    executors = List.copyOf(executors);
  }

  static MixedOptions read(BenchOptions.Reader r) {
    String list = r.text("mixed-n", "2,4");
    List<Integer> executors = new ArrayList<>();
    for (String item : list.split(",")) {
      try {
        int n = Integer.parseInt(item.trim());
        if (n >= 1 && !executors.contains(n)) {
          executors.add(n);
          continue;
        }
      } catch (NumberFormatException ignored) {
        // reported below
      }
      throw new IllegalArgumentException("--mixed-n must list distinct whole numbers of at least 1, got '" + list
          + "'");
    }
    return new MixedOptions(executors,
        r.count("mixed-warmup", 0),
        r.positive("mixed-big-mb", 1024) * (1L << 20),
        r.positive("mixed-tiny-partitions", 5000),
        r.positive("mixed-tiny-bytes", 48),
        r.positive("mixed-medium-partitions", 16),
        r.positive("mixed-medium-files", 4),
        r.positive("mixed-medium-file-mb", 12) * (1L << 20));
  }

  /** Spark runs local[--n]: more virtual executors than that would wait for each other's task slots. */
  void check(int parallelism, Set<String> cases) {
    int most = executors.stream().mapToInt(Integer::intValue).max().orElse(1);
    if (cases.contains("mixed") && most > parallelism) {
      throw new IllegalArgumentException("--mixed-n " + executors + " must not exceed --n " + parallelism
          + " (Spark's local[n] task slots)");
    }
  }

  Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("executors", executors);
    map.put("warmup", warmup);
    map.put("bigFileBytes", bigFileBytes);
    map.put("tinyPartitions", tinyPartitions);
    map.put("tinyFileBytes", tinyFileBytes);
    map.put("mediumPartitions", mediumPartitions);
    map.put("mediumFilesPerPartition", mediumFilesPerPartition);
    map.put("mediumFileBytes", mediumFileBytes);
    return map;
  }
}
