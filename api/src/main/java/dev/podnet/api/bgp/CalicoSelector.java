package dev.podnet.api.bgp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Calico's label selector expressions, the subset its BGP kinds use: {@code all()},
 * {@code has(k)}, {@code k == 'v'}, {@code k != 'v'}, {@code k in {'a','b'}}, {@code k not in
 * {...}}, combined with {@code !}, {@code &&}, {@code ||} and parentheses. An empty expression
 * selects everything, as Calico's empty nodeSelector.
 */
public sealed interface CalicoSelector {
  boolean matches(Map<String, String> labels);

  record All() implements CalicoSelector {
    @Override
    public boolean matches(Map<String, String> labels) {
      return true;
    }
  }

  record Has(String key) implements CalicoSelector {
    @Override
    public boolean matches(Map<String, String> labels) {
      return labels.containsKey(key);
    }
  }

  /** {@code k == 'v'} is {@code In(k, {v}, false)}; {@code !=} and {@code not in} also match a missing label, as Calico. */
  record In(String key, Set<String> values, boolean negated) implements CalicoSelector {
    @Override
    public boolean matches(Map<String, String> labels) {
      String v = labels.get(key);
      return negated != (v != null && values.contains(v));
    }
  }

  record Not(CalicoSelector inner) implements CalicoSelector {
    @Override
    public boolean matches(Map<String, String> labels) {
      return !inner.matches(labels);
    }
  }

  record And(List<CalicoSelector> all) implements CalicoSelector {
    @Override
    public boolean matches(Map<String, String> labels) {
      return all.stream().allMatch(s -> s.matches(labels));
    }
  }

  record Or(List<CalicoSelector> any) implements CalicoSelector {
    @Override
    public boolean matches(Map<String, String> labels) {
      return any.stream().anyMatch(s -> s.matches(labels));
    }
  }

  /** @throws IllegalArgumentException saying where the expression stops making sense */
  static CalicoSelector parse(String text) {
    if (text == null || text.isBlank()) {
      return new All();
    }
    Parser p = new Parser(text);
    CalicoSelector s = p.or();
    p.skipSpace();
    if (p.at < text.length()) {
      throw p.error("unexpected text");
    }
    return s;
  }

  /** Recursive descent over the expression; {@code at} is the next character to read. */
  final class Parser {
    private final String text;
    private int at;

    private Parser(String text) {
      this.text = text;
    }

    private CalicoSelector or() {
      List<CalicoSelector> terms = new ArrayList<>(List.of(and()));
      while (take("||")) {
        terms.add(and());
      }
      return terms.size() == 1 ? terms.get(0) : new Or(List.copyOf(terms));
    }

    private CalicoSelector and() {
      List<CalicoSelector> terms = new ArrayList<>(List.of(unary()));
      while (take("&&")) {
        terms.add(unary());
      }
      return terms.size() == 1 ? terms.get(0) : new And(List.copyOf(terms));
    }

    private CalicoSelector unary() {
      if (take("!")) {
        return new Not(unary());
      }
      if (take("(")) {
        CalicoSelector inner = or();
        expect(")");
        return inner;
      }
      if (take("all()")) {
        return new All();
      }
      if (take("has(")) {
        String key = key();
        expect(")");
        return new Has(key);
      }
      String key = key();
      if (take("==")) {
        return new In(key, Set.of(string()), false);
      }
      if (take("!=")) {
        return new In(key, Set.of(string()), true);
      }
      if (take("not in")) {
        return new In(key, set(), true);
      }
      if (take("in")) {
        return new In(key, set(), false);
      }
      throw error("expected ==, !=, in or not in after label " + key);
    }

    private String key() {
      skipSpace();
      int start = at;
      while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || "-_./".indexOf(text.charAt(at)) >= 0)) {
        at++;
      }
      if (start == at) {
        throw error("expected a label key");
      }
      return text.substring(start, at);
    }

    private String string() {
      skipSpace();
      if (at >= text.length() || (text.charAt(at) != '\'' && text.charAt(at) != '"')) {
        throw error("expected a quoted value");
      }
      char quote = text.charAt(at);
      int end = text.indexOf(quote, at + 1);
      if (end < 0) {
        throw error("unterminated string");
      }
      String s = text.substring(at + 1, end);
      at = end + 1;
      return s;
    }

    private Set<String> set() {
      expect("{");
      Set<String> values = new TreeSet<>();
      if (!take("}")) {
        do {
          values.add(string());
        } while (take(","));
        expect("}");
      }
      return Set.copyOf(values);
    }

    private boolean take(String token) {
      skipSpace();
      if (text.startsWith(token, at)) {
        at += token.length();
        return true;
      }
      return false;
    }

    private void expect(String token) {
      if (!take(token)) {
        throw error("expected " + token);
      }
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("selector \"" + text + "\" at " + at + ": " + what
          + " (Calico's syntax: all(), has(k), k == 'v', k != 'v', k in {'a'}, k not in {'a'}, !, &&, ||, parentheses)");
    }
  }
}
