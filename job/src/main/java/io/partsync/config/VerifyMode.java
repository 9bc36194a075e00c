package io.partsync.config;

/** How each copied file is checked against its source before its partition is registered. */
public enum VerifyMode {
  /** Length only. */
  SIZE,
  /** Length and content checksum (HDFS composite CRC where both sides are HDFS, else CRC32C). */
  CHECKSUM
}
