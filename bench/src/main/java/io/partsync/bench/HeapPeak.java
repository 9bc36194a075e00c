package io.partsync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peak heap growth over a stretch of code: the heap pools' usage is noted and their peaks reset at the
 * start; at the end the growth is the sum of the pools' peaks minus the noted usage. The pools peak at
 * different moments, so the sum is an upper bound of the simultaneous peak, and it includes garbage not
 * yet collected (a young collection empties Eden only when it is full).
 */
final class HeapPeak {
  private final List<MemoryPoolMXBean> pools;
  private final Map<String, Long> before = new LinkedHashMap<>();

  private HeapPeak() {
    pools = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
    for (MemoryPoolMXBean pool : pools) {
      before.put(pool.getName(), pool.getUsage().getUsed());
      pool.resetPeakUsage();
    }
  }

  static HeapPeak start() {
    return new HeapPeak();
  }

  /** Growth per heap pool, in bytes, and "total" for their sum. */
  Map<String, Long> growth() {
    Map<String, Long> growth = new LinkedHashMap<>();
    long total = 0;
    for (MemoryPoolMXBean pool : pools) {
      long grown = Math.max(0, pool.getPeakUsage().getUsed() - before.get(pool.getName()));
      growth.put(pool.getName(), grown);
      total += grown;
    }
    growth.put("total", total);
    return growth;
  }

  /** The growth of the pool that holds long-lived objects (G1 Old Gen, PS Old Gen, Tenured Gen). */
  static long oldGeneration(Map<String, Long> growth) {
    return growth.entrySet().stream().filter(e -> e.getKey().contains("Old") || e.getKey().contains("Tenured"))
        .mapToLong(Map.Entry::getValue).sum();
  }
}
