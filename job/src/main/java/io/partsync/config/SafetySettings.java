package io.partsync.config;

import java.time.Duration;

/**
 * How long superseded partition data stays readable, and how long a table lock lasts without renewal.
 *
 * @param gracePeriod superseded or dropped data is removed by a run that starts at least this long after
 *     it stopped being referenced, so queries that were reading it can finish
 * @param lockTtl a lock not renewed for this long is considered left by a dead run and may be taken over
 */
public record SafetySettings(Duration gracePeriod, Duration lockTtl) {}
