package io.partsync.select;

import io.partsync.failure.Echo;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which partitions of a table to copy: a predicate on partition key values such as
 * {@code dt >= '2026-01-01' and region = 'eu'}.
 *
 * <p>Grammar (keywords case-insensitive, keys compared lower-cased):
 * <pre>
 * expr       := or
 * or         := and ('or' and)*
 * and        := not ('and' not)*
 * not        := 'not' not | primary
 * primary    := '(' expr ')' | comparison
 * comparison := key op literal | key ['not'] 'in' '(' literal (',' literal)* ')'
 *             | key 'between' literal 'and' literal
 * op         := = | == | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=
 * key        := [A-Za-z_][A-Za-z0-9_]*   (not one of the keywords)
 * literal    := 'text' | "text" | integer   (backslash escapes \ ' and ")
 * </pre>
 * Error positions are 0-based character offsets into the filter text.
 */
public final class PartitionFilter {
  /** Hive's value for a partition whose key was NULL; it compares like SQL NULL (never TRUE). */
  public static final String HIVE_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

  private final FilterNode root;

  private PartitionFilter(FilterNode root) {
    this.root = root;
  }

  /** Parses filter text; throws IllegalArgumentException saying what was expected and where. */
  public static PartitionFilter parse(String text) {
    return new PartitionFilter(FilterParser.parse(text));
  }

  /** Both filters, e.g. a user predicate and a relative window. */
  public static PartitionFilter and(PartitionFilter a, PartitionFilter b) {
    return new PartitionFilter(FilterNode.allOf(List.of(a.root, b.root)));
  }

  /** {@code key >= 'value'} for values {@code format} reads, built directly so that the value needs no quoting. */
  static PartitionFilter windowStart(String key, String value, String format) {
    return new PartitionFilter(new FilterNode.WindowStart(key, Literal.string(value), format));
  }

  /** The partition keys the filter mentions, lower-cased and sorted. */
  public Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    root.collectKeys(keys);
    return Collections.unmodifiableSet(keys);
  }

  /** Fails naming any key that is not one of the table's partition keys. */
  public void checkKeys(Collection<String> partitionKeys) {
    Set<String> known = partitionKeys.stream().map(k -> k.toLowerCase(Locale.ROOT))
        .collect(Collectors.toCollection(LinkedHashSet::new));
    List<String> unknown = keys().stream().filter(key -> !known.contains(key)).toList();
    if (unknown.isEmpty()) {
      return;
    }
    String names = unknown.stream().map(key -> "'" + Echo.of(key) + "'").collect(Collectors.joining(", "));
    String table = known.isEmpty() ? "the table has no partition keys"
        : "the table's partition keys are " + String.join(", ", known);
    String what = unknown.size() == 1 ? "key " + names + ", which is not a partition key"
        : "keys " + names + ", which are not partition keys";
    throw new IllegalArgumentException("partition filter [" + Echo.of(toString(), 200) + "] uses " + what
        + " of the table; " + table);
  }

  /**
   * Whether the partition is selected. {@code values}: lower-case key to value; {@code keyTypes}: key to
   * Hive type name. Integral keys compare numerically, everything else as strings.
   */
  public boolean matches(Map<String, String> values, Map<String, String> keyTypes) {
    return root.eval(new PartitionRow(values, keyTypes)) == Truth.TRUE;
  }

  /**
   * The part of the filter a Hive 2.3 metastore can apply itself (see {@link MetastorePushdown} for the
   * format), or empty when no part can be pushed. It may select more than the filter, never less.
   */
  public Optional<String> metastoreFilter(Map<String, String> keyTypes) {
    return MetastorePushdown.render(root, keyTypes);
  }

  /** Normalized text: lower-case keys and keywords, single-quoted strings; it parses back to an equal filter. */
  @Override
  public String toString() {
    return root.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PartitionFilter filter && filter.root.equals(root);
  }

  @Override
  public int hashCode() {
    return root.hashCode();
  }
}
