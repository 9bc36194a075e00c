package io.partsync.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The parsed form of a partition filter. {@code toString} gives the normalized text, which parses back. */
sealed interface FilterNode {

  Truth eval(PartitionRow row);

  void collectKeys(Set<String> into);

  /** Conjunction of the parts, flattened so that normalized text has no redundant parentheses. */
  static FilterNode allOf(List<FilterNode> parts) {
    List<FilterNode> flat = new ArrayList<>();
    for (FilterNode part : parts) {
      if (part instanceof AllOf all) {
        flat.addAll(all.children());
      } else {
        flat.add(part);
      }
    }
    return flat.size() == 1 ? flat.get(0) : new AllOf(flat);
  }

  static FilterNode anyOf(List<FilterNode> parts) {
    List<FilterNode> flat = new ArrayList<>();
    for (FilterNode part : parts) {
      if (part instanceof AnyOf any) {
        flat.addAll(any.children());
      } else {
        flat.add(part);
      }
    }
    return flat.size() == 1 ? flat.get(0) : new AnyOf(flat);
  }

  /** Parenthesized when nested in another connective: not needed for 'and' inside 'or', but easier to read. */
  private static String operand(FilterNode node) {
    return node instanceof AllOf || node instanceof AnyOf ? "(" + node + ")" : node.toString();
  }

  record AllOf(List<FilterNode> children) implements FilterNode {
    public AllOf {
      children = List.copyOf(children);
    }

    @Override
    public Truth eval(PartitionRow row) {
      Truth result = Truth.TRUE;
      for (FilterNode child : children) {
        result = result.and(child.eval(row));
      }
      return result;
    }

    @Override
    public void collectKeys(Set<String> into) {
      children.forEach(child -> child.collectKeys(into));
    }

    @Override
    public String toString() {
      return children.stream().map(FilterNode::operand).collect(Collectors.joining(" and "));
    }
  }

  record AnyOf(List<FilterNode> children) implements FilterNode {
    public AnyOf {
      children = List.copyOf(children);
    }

    @Override
    public Truth eval(PartitionRow row) {
      Truth result = Truth.FALSE;
      for (FilterNode child : children) {
        result = result.or(child.eval(row));
      }
      return result;
    }

    @Override
    public void collectKeys(Set<String> into) {
      children.forEach(child -> child.collectKeys(into));
    }

    @Override
    public String toString() {
      return children.stream().map(FilterNode::operand).collect(Collectors.joining(" or "));
    }
  }

  record Negation(FilterNode child) implements FilterNode {
    @Override
    public Truth eval(PartitionRow row) {
      return child.eval(row).not();
    }

    @Override
    public void collectKeys(Set<String> into) {
      child.collectKeys(into);
    }

    @Override
    public String toString() {
      return "not " + operand(child);
    }
  }

  record Comparison(String key, Op op, Literal literal) implements FilterNode {
    @Override
    public Truth eval(PartitionRow row) {
      return row.test(key, literal, op::accepts);
    }

    @Override
    public void collectKeys(Set<String> into) {
      into.add(key);
    }

    @Override
    public String toString() {
      return key + " " + op.symbol() + " " + literal;
    }
  }

  /**
   * A relative window's {@code key >= start}: as the comparison, except that a value {@code format} does not
   * read (a key value such as 'latest' next to dates) is UNKNOWN, neither in nor out, like Hive's NULL
   * partition, instead of comparing as text with the start.
   */
  record WindowStart(String key, Literal start, String format) implements FilterNode {
    @Override
    public Truth eval(PartitionRow row) {
      String value = row.values().get(key);
      if (value != null && !value.equals(PartitionFilter.HIVE_NULL_PARTITION) && !WindowFormat.reads(format, value)) {
        return Truth.UNKNOWN;
      }
      return row.test(key, start, Op.GE::accepts);
    }

    @Override
    public void collectKeys(Set<String> into) {
      into.add(key);
    }

    @Override
    public String toString() {
      return key + " " + Op.GE.symbol() + " " + start;
    }
  }

  record InList(String key, List<Literal> literals, boolean negated) implements FilterNode {
    public InList {
      literals = List.copyOf(literals);
    }

    @Override
    public Truth eval(PartitionRow row) {
      Truth found = Truth.FALSE;
      for (Literal literal : literals) {
        found = found.or(row.test(key, literal, Op.EQ::accepts));
      }
      return negated ? found.not() : found;
    }

    @Override
    public void collectKeys(Set<String> into) {
      into.add(key);
    }

    @Override
    public String toString() {
      String list = literals.stream().map(Literal::toString).collect(Collectors.joining(", "));
      return key + (negated ? " not in (" : " in (") + list + ")";
    }
  }

  record Between(String key, Literal low, Literal high) implements FilterNode {
    @Override
    public Truth eval(PartitionRow row) {
      return row.test(key, low, Op.GE::accepts).and(row.test(key, high, Op.LE::accepts));
    }

    @Override
    public void collectKeys(Set<String> into) {
      into.add(key);
    }

    @Override
    public String toString() {
      return key + " between " + low + " and " + high;
    }
  }
}
