package io.partsync.source;

import io.partsync.config.TableMapping;
import io.partsync.config.TableSelection;
import io.partsync.metastore.Metastore;
import io.partsync.metastore.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the config's table entries into the tables of this run. An entry naming one table wins over a
 * pattern that also matches it (so {@code sales.*} plus an explicit {@code sales.orders} with its own
 * overrides does what it says); among patterns, the first listed wins.
 */
public final class TableSelector {
  private static final Logger LOG = LoggerFactory.getLogger(TableSelector.class);

  private TableSelector() {}

  public static List<TableMapping> select(List<TableSelection> entries, Metastore source) {
    List<TableMapping> explicit = entries.stream().filter(e -> !e.isPattern())
        .map(e -> e.mapping(e.database(), e.table())).toList();
    List<TableSelection> patterns = entries.stream().filter(TableSelection::isPattern).toList();
    if (patterns.isEmpty()) {
      return explicit;
    }
    Map<String, TableMapping> selected = new LinkedHashMap<>();
    explicit.forEach(mapping -> selected.put(mapping.sourceName(), mapping));
    List<TableName> sourceTables = sourceTables(source, patterns);
    for (TableSelection pattern : patterns) {
      int matched = 0;
      for (TableName table : sourceTables) {
        if (pattern.matches(table.database(), table.table())) {
          matched++;
          selected.putIfAbsent(table.qualified(), pattern.mapping(table.database(), table.table()));
        }
      }
      LOG.info("{} {} selects {} source table(s)", pattern.entry(), pattern.sourceName(), matched);
      if (matched == 0) {
        LOG.warn("{} {} matches no table in the source metastore {}", pattern.entry(), pattern.sourceName(),
            source.uris());
      }
    }
    List<TableMapping> all = new ArrayList<>(explicit);
    selected.values().stream().filter(m -> !explicit.contains(m)).forEach(all::add);
    return all;
  }

  /** Every table of the databases some pattern can match, lower case, sorted. */
  private static List<TableName> sourceTables(Metastore source, List<TableSelection> patterns) {
    List<TableName> tables = new ArrayList<>();
    for (String database : source.listDatabases().stream().map(d -> d.toLowerCase(Locale.ROOT)).sorted().toList()) {
      if (patterns.stream().anyMatch(p -> p.matchesDatabase(database))) {
        for (String table : source.listTables(database).stream().map(t -> t.toLowerCase(Locale.ROOT)).sorted().toList()) {
          tables.add(new TableName(database, table));
        }
      }
    }
    return tables;
  }
}
