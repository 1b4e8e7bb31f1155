package dev.podnet.api;

import dev.podnet.api.LabelSelector.Operator;
import dev.podnet.api.LabelSelector.Requirement;
import java.util.ArrayList;
import java.util.List;

/** kubectl's label selector syntax, read left to right; every failure says where and what was expected. */
final class SelectorParser {
  private static final String SPECIAL = "!=(),";

  private final String text;
  private int pos;

  SelectorParser(String text) {
    this.text = text;
  }

  List<Requirement> parse() {
    List<Requirement> requirements = new ArrayList<>();
    skipSpace();
    while (pos < text.length()) {
      requirements.add(requirement());
      skipSpace();
      if (pos < text.length()) {
        expect(',', "\",\" between requirements");
        skipSpace();
        if (pos == text.length()) {
          throw fail("a requirement after \",\"");
        }
      }
    }
    return requirements;
  }

  private Requirement requirement() {
    if (next('!')) {
      return checked(new Requirement(word("a label key after \"!\""), Operator.DOES_NOT_EXIST, List.of()));
    }
    String key = word("a label key");
    skipSpace();
    if (pos == text.length() || text.charAt(pos) == ',') {
      return checked(new Requirement(key, Operator.EXISTS, List.of()));
    }
    if (next('!')) {
      expect('=', "\"=\" after \"!\"");
      return checked(new Requirement(key, Operator.NOT_EQUALS, List.of(value())));
    }
    if (next('=')) {
      next('=');
      return checked(new Requirement(key, Operator.EQUALS, List.of(value())));
    }
    int at = pos;
    String op = word("an operator (=, ==, !=, in, notin)");
    if (op.equals("in") || op.equals("notin")) {
      return checked(new Requirement(key, op.equals("in") ? Operator.IN : Operator.NOT_IN, set(op)));
    }
    pos = at;
    throw fail("an operator (=, ==, !=, in, notin) after \"" + key + "\"");
  }

  private List<String> set(String op) {
    skipSpace();
    expect('(', "\"(\" after \"" + op + "\"");
    List<String> values = new ArrayList<>();
    while (true) {
      skipSpace();
      if (values.isEmpty() && pos < text.length() && text.charAt(pos) == ')') {
        throw fail("at least one value in the set of \"" + op + "\"");
      }
      values.add(value());
      skipSpace();
      if (next(')')) {
        return values;
      }
      expect(',', "\",\" or \")\" in the set of \"" + op + "\"");
    }
  }

  /** A value may be empty: {@code app=} selects labels whose value is empty. */
  private String value() {
    skipSpace();
    int start = pos;
    while (pos < text.length() && !Character.isWhitespace(text.charAt(pos)) && SPECIAL.indexOf(text.charAt(pos)) < 0) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private String word(String expected) {
    skipSpace();
    String w = value();
    if (w.isEmpty()) {
      throw fail(expected);
    }
    return w;
  }

  private Requirement checked(Requirement r) {
    List<String> problems = LabelSelector.problems(r.key(), r.values());
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid label selector \"" + text + "\": " + problems.get(0));
    }
    return r;
  }

  private boolean next(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c, String expected) {
    if (!next(c)) {
      throw fail(expected);
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException fail(String expected) {
    String found = pos >= text.length() ? "end of input" : "\"" + text.charAt(pos) + "\"";
    return new IllegalArgumentException("invalid label selector \"" + text + "\": expected " + expected + " at position " + (pos + 1)
        + ", found " + found);
  }
}
