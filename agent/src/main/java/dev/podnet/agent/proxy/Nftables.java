package dev.podnet.agent.proxy;

import java.util.List;

/** The nft objects the renderer produces: values, compared to decide what to rewrite. */
final class Nftables {
  private Nftables() {}

  /**
   * A chain and its rules (each rule the text after {@code add rule FAMILY TABLE NAME}).
   * {@code hook} is empty for a regular chain, else e.g. {@code type nat hook output priority dstnat}.
   */
  record Chain(String name, String hook, List<String> rules) {
    Chain {
      rules = List.copyOf(rules);
    }

    static Chain regular(String name, List<String> rules) {
      return new Chain(name, "", rules);
    }
  }

  /** A set or map: {@code kind} is "set" or "map", {@code spec} the body between braces. */
  record Container(String kind, String name, String spec) {}

  /** A set or map element: {@code value} is empty for a set element. */
  record Element(String container, String key, String value, String comment) {
    /** The element as {@code add element} writes it. */
    String text() {
      return key + " comment " + quote(comment) + (value.isEmpty() ? "" : " : " + value);
    }
  }

  static String quote(String comment) {
    return "\"" + comment.replace("\"", "'") + "\"";
  }
}
