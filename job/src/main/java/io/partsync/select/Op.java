package io.partsync.select;

/** A comparison operator, with the spelling we print and the one Hive's metastore filter takes. */
enum Op {
  EQ("=", "="),
  NE("!=", "<>"),
  LT("<", "<"),
  LE("<=", "<="),
  GT(">", ">"),
  GE(">=", ">=");

  private final String symbol;
  private final String hiveSymbol;

  Op(String symbol, String hiveSymbol) {
    this.symbol = symbol;
    this.hiveSymbol = hiveSymbol;
  }

  static Op of(String symbol) {
    switch (symbol) {
      case "=": case "==": return EQ;
      case "!=": case "<>": return NE;
      case "<": return LT;
      case "<=": return LE;
      case ">": return GT;
      case ">=": return GE;
      default: throw new IllegalArgumentException("not a comparison operator: '" + symbol + "'");
    }
  }

  /** Whether a {@code compareTo} result between partition value and literal satisfies this operator. */
  boolean accepts(int comparison) {
    switch (this) {
      case EQ: return comparison == 0;
      case NE: return comparison != 0;
      case LT: return comparison < 0;
      case LE: return comparison <= 0;
      case GT: return comparison > 0;
      default: return comparison >= 0;
    }
  }

  String symbol() {
    return symbol;
  }

  /** {@code <>} rather than {@code !=}: every Hive filter lexer version knows it. */
  String hiveSymbol() {
    return hiveSymbol;
  }
}
