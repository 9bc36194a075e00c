package io.partsync.select;

import io.partsync.failure.Echo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Recursive-descent parser for the partition filter grammar (see {@link PartitionFilter#parse}). Tokens are
 * read one at a time so that an error names the first place the text stops making sense.
 */
final class FilterParser {
  private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "between");

  private enum Kind { KEY, KEYWORD, STRING, INTEGER, OPERATOR, LPAREN, RPAREN, COMMA, OTHER, END }

  private record Token(Kind kind, String text, String value, int position) {
    boolean is(String keyword) {
      return kind == Kind.KEYWORD && value.equals(keyword);
    }
  }

  private final String text;
  private int offset;
  private Token lookahead;

  private FilterParser(String text) {
    this.text = text;
  }

  static boolean isKeyword(String word) {
    return KEYWORDS.contains(word.toLowerCase(Locale.ROOT));
  }

  static FilterNode parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("partition filter is empty");
    }
    FilterParser parser = new FilterParser(text);
    FilterNode node = parser.or();
    if (parser.peek().kind() != Kind.END) {
      throw parser.error("expected 'and', 'or' or the end of the filter", parser.peek());
    }
    return node;
  }

  private FilterNode or() {
    List<FilterNode> parts = new ArrayList<>(List.of(and()));
    while (acceptKeyword("or")) {
      parts.add(and());
    }
    return FilterNode.anyOf(parts);
  }

  private FilterNode and() {
    List<FilterNode> parts = new ArrayList<>(List.of(not()));
    while (acceptKeyword("and")) {
      parts.add(not());
    }
    return FilterNode.allOf(parts);
  }

  private FilterNode not() {
    return acceptKeyword("not") ? new FilterNode.Negation(not()) : primary();
  }

  private FilterNode primary() {
    Token token = peek();
    if (token.kind() == Kind.LPAREN) {
      take();
      FilterNode inner = or();
      if (peek().kind() != Kind.RPAREN) {
        throw error("expected ')' to close the '(' at position " + token.position() + ",", peek());
      }
      take();
      return inner;
    }
    if (token.kind() == Kind.KEY) {
      take();
      return comparison(token);
    }
    throw error("expected a partition key, 'not' or '('", token);
  }

  private FilterNode comparison(Token keyToken) {
    String key = keyToken.value();
    Token token = peek();
    if (token.kind() == Kind.OPERATOR) {
      take();
      return new FilterNode.Comparison(key, Op.of(token.text()), literal("after '" + token.text() + "'"));
    }
    if (acceptKeyword("in")) {
      return new FilterNode.InList(key, list(), false);
    }
    if (acceptKeyword("not")) {
      if (!acceptKeyword("in")) {
        throw error("expected 'in' after 'not'", peek());
      }
      return new FilterNode.InList(key, list(), true);
    }
    if (acceptKeyword("between")) {
      Literal low = literal("after 'between'");
      if (!acceptKeyword("and")) {
        throw error("expected 'and' between the bounds of 'between'", peek());
      }
      return new FilterNode.Between(key, low, literal("after 'and'"));
    }
    throw error("expected a comparison operator after '" + Echo.of(keyToken.text()) + "'", token);
  }

  private List<Literal> list() {
    if (peek().kind() != Kind.LPAREN) {
      throw error("expected '(' after 'in'", peek());
    }
    take();
    List<Literal> literals = new ArrayList<>(List.of(literal("in the 'in' list")));
    while (peek().kind() == Kind.COMMA) {
      take();
      literals.add(literal("after ','"));
    }
    if (peek().kind() != Kind.RPAREN) {
      throw error("expected ',' or ')' in the 'in' list", peek());
    }
    take();
    return literals;
  }

  private Literal literal(String context) {
    Token token = peek();
    if (token.kind() == Kind.STRING || token.kind() == Kind.INTEGER) {
      take();
      return new Literal(token.value(), token.kind() == Kind.INTEGER);
    }
    // A bare word here is most likely a string someone forgot to quote.
    String hint = token.kind() == Kind.KEY || token.kind() == Kind.KEYWORD ? " (strings must be quoted)" : "";
    throw error("expected a quoted string or an integer " + context + hint, token);
  }

  private boolean acceptKeyword(String keyword) {
    if (peek().is(keyword)) {
      take();
      return true;
    }
    return false;
  }

  private Token peek() {
    if (lookahead == null) {
      lookahead = lex();
    }
    return lookahead;
  }

  private void take() {
    peek();
    lookahead = null;
  }

  private IllegalArgumentException error(String expected, Token at) {
    return error(expected, at.position());
  }

  private IllegalArgumentException error(String message, int position) {
    String where = position >= text.length() ? "at the end of the filter"
        : "at position " + position + ": \"" + Echo.of(text.substring(position)) + "\"";
    return new IllegalArgumentException(message + " " + where);
  }

  private Token lex() {
    while (offset < text.length() && Character.isWhitespace(text.charAt(offset))) {
      offset++;
    }
    int start = offset;
    if (start >= text.length()) {
      return new Token(Kind.END, "", "", start);
    }
    char c = text.charAt(start);
    if (c == '\'' || c == '"') {
      return string(c, start);
    }
    if (isDigit(c) || (c == '-' && start + 1 < text.length() && isDigit(text.charAt(start + 1)))) {
      return integer(start);
    }
    if (isIdentifierStart(c)) {
      return word(start);
    }
    return symbol(c, start);
  }

  private Token string(char quote, int start) {
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < text.length() && text.charAt(i) != quote) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char escaped = text.charAt(i + 1);
        if (escaped != '\\' && escaped != '\'' && escaped != '"') {
          throw error("unsupported escape '\\" + escaped + "' in a string literal (only \\', \\\" and \\\\ are"
              + " allowed)", i);
        }
        value.append(escaped);
        i += 2;
      } else {
        value.append(c);
        i++;
      }
    }
    if (i >= text.length()) {
      throw error("unterminated string literal (no closing " + quote + ")", start);
    }
    offset = i + 1;
    return new Token(Kind.STRING, text.substring(start, offset), value.toString(), start);
  }

  private Token integer(int start) {
    int i = start + 1;
    while (i < text.length() && isDigit(text.charAt(i))) {
      i++;
    }
    String digits = text.substring(start, i);
    try {
      Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw error("integer literal out of range", start);
    }
    offset = i;
    return new Token(Kind.INTEGER, digits, digits, start);
  }

  private Token word(int start) {
    int i = start + 1;
    while (i < text.length() && (isIdentifierStart(text.charAt(i)) || isDigit(text.charAt(i)))) {
      i++;
    }
    offset = i;
    String word = text.substring(start, i);
    String lower = word.toLowerCase(Locale.ROOT);
    return new Token(KEYWORDS.contains(lower) ? Kind.KEYWORD : Kind.KEY, word, lower, start);
  }

  private Token symbol(char c, int start) {
    String two = text.substring(start, Math.min(start + 2, text.length()));
    if (Set.of("==", "!=", "<>", "<=", ">=").contains(two)) {
      offset = start + 2;
      return new Token(Kind.OPERATOR, two, two, start);
    }
    offset = start + 1;
    String one = String.valueOf(c);
    switch (c) {
      case '=': case '<': case '>': return new Token(Kind.OPERATOR, one, one, start);
      case '(': return new Token(Kind.LPAREN, one, one, start);
      case ')': return new Token(Kind.RPAREN, one, one, start);
      case ',': return new Token(Kind.COMMA, one, one, start);
      default: return new Token(Kind.OTHER, one, one, start);
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }
}
