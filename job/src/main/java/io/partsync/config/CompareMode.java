package io.partsync.config;

/** How an incremental run decides that a partition the target holds is unchanged on the source. */
public enum CompareMode {
  /**
   * The source lists the same files with the same lengths and modification times as when the target's
   * version was copied: one directory listing per partition, no checksum call.
   */
  LISTING,
  /**
   * As listing, and every file's stored checksum is read and compared too: also catches a file rewritten
   * with its length kept and its modification time set back, at one checksum call per file.
   */
  CHECKSUM
}
