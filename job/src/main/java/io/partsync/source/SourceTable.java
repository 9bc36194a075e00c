package io.partsync.source;

import io.partsync.config.TableMapping;
import io.partsync.metastore.HiveTable;

/** A selected source table: how the config maps it and its definition in the source metastore. */
public record SourceTable(TableMapping mapping, HiveTable definition) {}
