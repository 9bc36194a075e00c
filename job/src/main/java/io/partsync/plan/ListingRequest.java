package io.partsync.plan;

import java.io.Serializable;

/**
 * A source partition directory to list and fingerprint on an executor, and the target directory that
 * should still hold what partsync published there. Plain data.
 *
 * @param withChecksums whether to read each file's stored checksum too. Only needed to compare with a
 *     version the target holds; a partition copied anyway gets its checksums while it is verified.
 * @param targetDir the target partition's directory to check, or null when there is nothing to check
 */
public record ListingRequest(String table, String name, String sourceDir, boolean withChecksums,
    String targetDir) implements Serializable {}
