package io.partsync.plan;

import java.io.Serializable;

/**
 * A source partition directory to list and fingerprint on an executor. Plain data.
 *
 * @param withChecksums whether to read each file's stored checksum too. Only needed to compare with a
 *     version the target holds; a partition copied anyway gets its checksums while it is verified.
 */
public record ListingRequest(String table, String name, String sourceDir, boolean withChecksums)
    implements Serializable {}
