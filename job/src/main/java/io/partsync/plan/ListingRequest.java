package io.partsync.plan;

import java.io.Serializable;

/** A source partition directory to list and fingerprint on an executor. Plain data. */
public record ListingRequest(String table, String name, String sourceDir) implements Serializable {}
