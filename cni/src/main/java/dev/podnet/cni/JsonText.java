package dev.podnet.cni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain JSON to Java values (Map, List, String, Long, Double, Boolean, null) and back for strings.
 * It exists for start-up time: podnet-cni runs once per CNI call, and loading Jackson cost more
 * than the rest of the JVM start. The agent side parses configs with Jackson.
 */
final class JsonText {
  private final String s;
  private int i;

  private JsonText(String s) {
    this.s = s;
  }

  /** Parses one JSON value; IllegalArgumentException says where it went wrong. */
  static Object parse(String text) {
    JsonText p = new JsonText(text);
    Object v = p.value();
    p.space();
    if (p.i != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  /** The top-level object's members; code 6 when the text is not a JSON object. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String text, String what) {
    Object v;
    try {
      v = parse(text);
    } catch (IllegalArgumentException e) {
      throw new CniException(CniException.DECODE_FAILURE, "error unmarshalling " + what, e.getMessage());
    }
    if (!(v instanceof Map)) {
      throw new CniException(CniException.DECODE_FAILURE, "error unmarshalling " + what, "not a JSON object");
    }
    return (Map<String, Object>) v;
  }

  static String quote(String v) {
    StringBuilder b = new StringBuilder(v.length() + 2).append('"');
    for (char c : v.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private Object value() {
    space();
    if (i >= s.length()) {
      throw error("unexpected end of input");
    }
    char c = s.charAt(i);
    return switch (c) {
      case '{' -> members();
      case '[' -> elements();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> number();
    };
  }

  private Map<String, Object> members() {
    Map<String, Object> m = new LinkedHashMap<>();
    i++;
    if (peek() == '}') {
      i++;
      return m;
    }
    while (true) {
      space();
      if (peek() != '"') {
        throw error("expected a member name");
      }
      String k = string();
      expect(':');
      m.put(k, value());
      if (next(',', '}') == '}') {
        return m;
      }
    }
  }

  private List<Object> elements() {
    List<Object> l = new ArrayList<>();
    i++;
    if (peek() == ']') {
      i++;
      return l;
    }
    while (true) {
      l.add(value());
      if (next(',', ']') == ']') {
        return l;
      }
    }
  }

  private String string() {
    StringBuilder b = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) {
        break;
      }
      char e = s.charAt(i++);
      switch (e) {
        case 'n' -> b.append('\n');
        case 't' -> b.append('\t');
        case 'r' -> b.append('\r');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'u' -> {
          if (i + 4 > s.length()) {
            throw error("short \\u escape");
          }
          b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          i += 4;
        }
        default -> b.append(e);
      }
    }
    throw error("unterminated string");
  }

  private Object number() {
    int start = i;
    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    String n = s.substring(start, i);
    try {
      return n.matches("-?\\d{1,18}") ? (Object) Long.parseLong(n) : (Object) Double.parseDouble(n);
    } catch (NumberFormatException e) {
      i = start;
      throw error("invalid character '" + (start < s.length() ? s.charAt(start) : ' ') + "' looking for beginning of value");
    }
  }

  private Object literal(String word, Object v) {
    if (!s.startsWith(word, i)) {
      throw error("invalid literal");
    }
    i += word.length();
    return v;
  }

  private void expect(char c) {
    space();
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    i++;
  }

  private char next(char more, char end) {
    space();
    char c = peek();
    if (c != more && c != end) {
      throw error("expected '" + more + "' or '" + end + "'");
    }
    i++;
    return c;
  }

  private char peek() {
    space();
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private void space() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private IllegalArgumentException error(String why) {
    return new IllegalArgumentException(why + " at offset " + i);
  }
}
