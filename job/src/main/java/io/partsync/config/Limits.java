package io.partsync.config;

import java.time.Duration;

/**
 * The upper bounds of the config's numbers, sizes and durations (the lower bounds are where each is
 * read). A value past one is a typo or a misunderstanding, never a setting: refusing it before work starts
 * beats asking a cluster for two billion executors. Each bound comes with the reason its message gives.
 */
final class Limits {
  static final int MAX_EXECUTORS = 10_000;
  static final String EXECUTORS_WHY = "each is one Spark executor; no cluster gives one copy job more";

  static final long MAX_EXECUTOR_MEMORY = 1L << 40;
  static final String MEMORY_WHY = "no host gives one executor more memory";

  static final int MAX_CORES = 256;
  static final String CORES_WHY = "more cores than a host has for one executor";

  static final int MAX_STREAMS = 1_024;
  static final String STREAMS_WHY = "each stream is a thread with its own copy buffer in one executor";

  static final int MAX_WAVE_PARTITIONS = 1_000_000;
  static final String WAVE_WHY = "the driver holds a whole wave's listings in memory";
  static final int MAX_TASKS = 1_000;
  static final String TASKS_WHY = "each copy task is one Spark job run by its executor in turn";

  /** MB/s of a bandwidth cap. */
  static final int MAX_BANDWIDTH = 1_000_000;
  static final String BANDWIDTH_WHY = "more than any network link moves; leave the key out for no cap";

  static final int MAX_BATCH_SIZE = 10_000;
  static final String BATCH_WHY = "one metastore call carries a batch; larger ones risk its message size limit";

  static final int MAX_ATTEMPTS = 10;
  static final String ATTEMPTS_WHY = "the waits between attempts double from 0.5 s, so 10 attempts already wait"
      + " over 4 minutes";

  static final Duration MAX_METASTORE_TIMEOUT = Duration.ofHours(1);
  static final String TIMEOUT_WHY = "a metastore call unanswered for an hour is not coming back";
  static final Duration MAX_CONNECT_TIMEOUT = Duration.ofMinutes(10);
  static final String CONNECT_TIMEOUT_WHY = "a server that takes longer to answer a first call is down for this run";

  static final Duration MAX_GRACE_PERIOD = Duration.ofDays(30);
  static final String GRACE_WHY = "superseded versions hold the target's disk space until it ends";

  static final Duration MAX_LOCK_TTL = Duration.ofHours(1);
  static final String TTL_WHY = "a run that dies keeps its tables locked for up to this long";

  static final int MAX_SNAPSHOTS_KEEP = 100;
  static final String SNAPSHOTS_WHY = "each kept snapshot holds on to the source's deleted and changed blocks";

  /** Hive's limit on database and table names. */
  static final int MAX_NAME = 128;

  // A date-time pattern or zone id is a few dozen characters; a filter may list many values with 'in'.
  static final int MAX_WINDOW_TEXT = 64;
  static final int MAX_FILTER = 65_536;

  /** Bytes of a config file: tens of thousands of table entries fit. */
  static final int MAX_FILE_BYTES = 2 << 20;

  /** Aliases of lists or mappings: a config needs none; a few let clusters share a properties block. */
  static final int MAX_COLLECTION_ALIASES = 10;

  /** Levels of nested lists and mappings: a config has five. */
  static final int MAX_NESTING = 20;

  private Limits() {}
}
