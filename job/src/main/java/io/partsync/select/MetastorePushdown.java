package io.partsync.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the part of a filter that Hive 2.3's metastore filter language can take. The metastore only has
 * to return a superset of what the filter selects, because the whole filter is evaluated afterwards; every
 * rule here keeps that superset guarantee.
 *
 * <p>Format: a comparison is {@code key op "value"} with op one of {@code = <> < <= > >=}; a connective
 * joins its operands with {@code " and "} or {@code " or "}, each operand in parentheses; IN becomes an
 * or-chain of {@code =}, BETWEEN a {@code >= and <=} pair.
 */
final class MetastorePushdown {
  // Hive's filter lexer: identifiers start with a letter or digit, and these words are its keywords.
  private static final Pattern HIVE_IDENTIFIER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_]*");
  private static final Set<String> HIVE_KEYWORDS =
      Set.of("and", "or", "not", "like", "in", "between", "date", "const", "struct");

  /** Filter text, and whether it says exactly what the node says rather than something weaker. */
  private record Pushed(String text, boolean complete) {}

  private MetastorePushdown() {}

  static Optional<String> render(FilterNode root, Map<String, String> keyTypes) {
    return push(root, keyTypes).map(Pushed::text);
  }

  private static Optional<Pushed> push(FilterNode node, Map<String, String> keyTypes) {
    if (node instanceof FilterNode.AllOf all) {
      return conjunction(all.children(), keyTypes);
    }
    if (node instanceof FilterNode.AnyOf any) {
      return disjunction(any.children(), keyTypes);
    }
    if (node instanceof FilterNode.Comparison c) {
      return comparison(c.key(), c.op(), c.literal(), keyTypes).map(text -> new Pushed(text, true));
    }
    if (node instanceof FilterNode.WindowStart w) {
      // The metastore compares the text; what it sends is then checked for values the format reads.
      return comparison(w.key(), Op.GE, w.start(), keyTypes).map(text -> new Pushed(text, false));
    }
    if (node instanceof FilterNode.InList in && !in.negated()) {
      return all(in.literals().stream().map(l -> comparison(in.key(), Op.EQ, l, keyTypes)).toList(), " or ");
    }
    if (node instanceof FilterNode.Between b) {
      return all(List.of(comparison(b.key(), Op.GE, b.low(), keyTypes),
          comparison(b.key(), Op.LE, b.high(), keyTypes)), " and ");
    }
    // NOT and NOT IN: the negation of a weaker filter is not weaker, so nothing under a NOT may be pushed.
    return Optional.empty();
  }

  /** Dropping a conjunct only widens the result, so push whichever conjuncts can be pushed. */
  private static Optional<Pushed> conjunction(List<FilterNode> children, Map<String, String> keyTypes) {
    List<Pushed> parts = new ArrayList<>();
    children.forEach(child -> push(child, keyTypes).ifPresent(parts::add));
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    boolean complete = parts.size() == children.size() && parts.stream().allMatch(Pushed::complete);
    return Optional.of(new Pushed(join(parts.stream().map(Pushed::text).toList(), " and "), complete));
  }

  /** A disjunction is pushed only when each alternative is pushed exactly. */
  private static Optional<Pushed> disjunction(List<FilterNode> children, Map<String, String> keyTypes) {
    List<String> parts = new ArrayList<>();
    for (FilterNode child : children) {
      Optional<Pushed> pushed = push(child, keyTypes);
      if (pushed.isEmpty() || !pushed.get().complete()) {
        return Optional.empty();
      }
      parts.add(pushed.get().text());
    }
    return Optional.of(new Pushed(join(parts, " or "), true));
  }

  private static Optional<Pushed> all(List<Optional<String>> parts, String connective) {
    if (parts.stream().anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    return Optional.of(new Pushed(join(parts.stream().map(Optional::get).toList(), connective), true));
  }

  private static String join(List<String> parts, String connective) {
    return parts.size() == 1 ? parts.get(0)
        : parts.stream().map(part -> "(" + part + ")").collect(Collectors.joining(connective));
  }

  /**
   * Only string-typed keys: Hive 2.3's JDO path refuses the others. An integer literal goes as a string,
   * which is how we compare it with a string key too. Hive's lexer does not unescape, so a value holding a
   * double quote or backslash cannot be written.
   */
  private static Optional<String> comparison(String key, Op op, Literal literal, Map<String, String> keyTypes) {
    boolean pushable = HiveTypes.stringLike(keyTypes.get(key))
        && HIVE_IDENTIFIER.matcher(key).matches()
        && !HIVE_KEYWORDS.contains(key)
        && literal.value().indexOf('"') < 0
        && literal.value().indexOf('\\') < 0;
    return pushable ? Optional.of(key + " " + op.hiveSymbol() + " \"" + literal.value() + "\"") : Optional.empty();
  }
}
