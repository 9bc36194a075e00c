package io.partsync.copy;

import java.util.concurrent.atomic.AtomicLong;

/** The figures of a {@link Verification} as one executor's verifier threads add to them. */
final class VerificationTally {
  private final AtomicLong bytesReadBack = new AtomicLong();
  private final AtomicLong byEtag = new AtomicLong();
  private final AtomicLong byLengthOnly = new AtomicLong();

  void readBack(long bytes) {
    bytesReadBack.addAndGet(bytes);
  }

  void verifiedByEtag() {
    byEtag.incrementAndGet();
  }

  void verifiedByLengthOnly() {
    byLengthOnly.incrementAndGet();
  }

  Verification snapshot() {
    return new Verification(bytesReadBack.get(), byEtag.get(), byLengthOnly.get());
  }
}
