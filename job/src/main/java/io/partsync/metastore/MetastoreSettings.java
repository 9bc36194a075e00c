package io.partsync.metastore;

import java.time.Duration;

/**
 * How partsync talks to metastores.
 *
 * @param batchSize partitions per get/add/alter call
 * @param attempts tries per call before giving up (connect failures and broken connections)
 * @param timeout socket timeout for one call, also the bound on connecting
 */
public record MetastoreSettings(int batchSize, int attempts, Duration timeout) {}
