package io.partsync.copy;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The copy buffers of one virtual executor: one per stream, allocated on first use and reused, so the
 * bytes held never exceed streams x chunk, which is within the executor's budget.
 */
final class BufferPool {
  private final BlockingQueue<byte[]> free;
  private final int chunkBytes;
  private final int capacity;
  private int allocated;

  BufferPool(int buffers, int chunkBytes) {
    this.free = new ArrayBlockingQueue<>(buffers);
    this.chunkBytes = chunkBytes;
    this.capacity = buffers;
  }

  byte[] acquire() throws InterruptedException {
    byte[] buffer = free.poll();
    if (buffer != null) {
      return buffer;
    }
    synchronized (this) {
      if (allocated < capacity) {
        allocated++;
        return new byte[chunkBytes];
      }
    }
    return free.take();
  }

  void release(byte[] buffer) {
    free.offer(buffer);
  }

  /** How many buffers the pool may hold. */
  int capacity() {
    return capacity;
  }

  /** The bytes of each buffer. */
  int chunkBytes() {
    return chunkBytes;
  }

  /** Bytes of buffer allocated so far: the most this pool ever held. */
  synchronized long peakBytes() {
    return (long) allocated * chunkBytes;
  }
}
