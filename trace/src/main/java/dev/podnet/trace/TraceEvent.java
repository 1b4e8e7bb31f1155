package dev.podnet.trace;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of {@code nft monitor} trace output: the packet as a base chain saw it, a rule it
 * matched, a chain's verdict or policy. nft prints these for every packet with {@code meta
 * nftrace} set, in every table whose chains it passes, e.g.
 * <pre>
 * trace id 2a6e3c1b ip podnet nat-prerouting packet: iif "veth1a2b" ip saddr 10.244.1.5 ip daddr 10.96.0.20 ... tcp sport 61234 tcp dport 80 ...
 * trace id 2a6e3c1b ip podnet services rule ip daddr . meta l4proto . th dport vmap @service-ips (verdict goto service-...)
 * trace id 2a6e3c1b ip podnet reject-chain rule reject comment "default/empty:80" (verdict drop)
 * </pre>
 */
record TraceEvent(String id, String family, String table, String chain, Type type, String text, long nanos) {

  enum Type { PACKET, RULE, VERDICT, POLICY }

  private static final Pattern LINE = Pattern.compile("^trace id ([0-9a-f]+) (\\S+) (\\S+) (\\S+) (packet: |rule |verdict |policy )(.*)$");
  private static final Pattern COMMENT = Pattern.compile("comment \"([^\"]*)\"");
  private static final Pattern VERDICT = Pattern.compile("\\(verdict ([^)]*)\\)\\s*$");

  /** The event on {@code line}, or empty for anything that is not a trace event (ruleset changes, noise). */
  static Optional<TraceEvent> parse(String line, long nanos) {
    Matcher m = LINE.matcher(line);
    if (!m.matches()) {
      return Optional.empty();
    }
    Type type = switch (m.group(5)) {
      case "packet: " -> Type.PACKET;
      case "rule " -> Type.RULE;
      case "verdict " -> Type.VERDICT;
      default -> Type.POLICY;
    };
    return Optional.of(new TraceEvent(m.group(1), m.group(2), m.group(3), m.group(4), type, m.group(6).strip(), nanos));
  }

  /** The packet's header fields, for {@link Type#PACKET}. */
  PacketFields packet() {
    return PacketFields.parse(text);
  }

  /** The rule's comment ({@code default/hello:80}), if it has one. */
  Optional<String> comment() {
    Matcher m = COMMENT.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * The verdict: for a rule what follows {@code verdict} in its parentheses ({@code goto
   * service-x}, {@code drop}), for a chain's verdict or policy line the line itself.
   */
  String verdict() {
    if (type == Type.RULE) {
      Matcher m = VERDICT.matcher(text);
      return m.find() ? m.group(1) : "";
    }
    return text;
  }

  /** The rule without its trailing verdict. */
  String rule() {
    return VERDICT.matcher(text).replaceFirst("").strip();
  }

  boolean rejects() {
    return type == Type.RULE && rule().matches("(^|.*\\s)reject(\\s.*|$)");
  }

  boolean drops() {
    return (type == Type.VERDICT || type == Type.POLICY) && text.startsWith("drop")
        || type == Type.RULE && verdict().equals("drop") && !rejects();
  }
}
