package io.partsync.views;

import io.partsync.config.TableMapping;
import io.partsync.metastore.HiveTable;

/** A selected view of the source: the config entry that selected it and its definition there. */
public record SourceView(TableMapping mapping, HiveTable view) {}
