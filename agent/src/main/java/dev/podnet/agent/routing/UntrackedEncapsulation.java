package dev.podnet.agent.routing;

import java.util.List;

/**
 * The nft table that keeps a backend's encapsulation out of conntrack. VXLAN's outer UDP flows
 * between two VTEPs are never answered on the same 5-tuple, so their conntrack entries stay
 * unreplied and conntrack calls every one of their packets {@code ct state new}: each would walk
 * the Service proxy's new-connection chains (set lookups, a fib lookup) on both nodes, at the
 * cost of a conntrack entry that nothing uses (the outer packets are never NATed). Cilium's raw
 * table NOTRACK rules for its tunnel port do the same. The pod packets inside are tracked as ever
 * once decapsulated.
 */
final class UntrackedEncapsulation {
  /** nft family and table, apart from the proxy's {@code ip podnet}: routing owns it, with either service datapath. */
  static final String FAMILY = "inet";
  static final String TABLE = "podnet-routing";
  /** Base chains at raw priority, before conntrack sees the packet: arriving and sent by this node. */
  static final String PREROUTING = "untracked-prerouting";
  static final String OUTPUT = "untracked-output";

  private UntrackedEncapsulation() {}

  /** The rule both chains carry, as {@code nft list} prints it. */
  static String rule(String backend, int port) {
    return "udp dport " + port + " notrack comment \"" + backend + ": node-to-node encapsulation\"";
  }

  /** One transaction that (re)writes the whole table; safe to repeat. */
  static String script(String backend, int port) {
    StringBuilder b = new StringBuilder();
    b.append("add table ").append(FAMILY).append(' ').append(TABLE).append('\n');
    b.append("flush table ").append(FAMILY).append(' ').append(TABLE).append('\n');
    for (String[] c : List.of(new String[] {PREROUTING, "prerouting"}, new String[] {OUTPUT, "output"})) {
      b.append("add chain ").append(FAMILY).append(' ').append(TABLE).append(' ').append(c[0])
          .append(" { type filter hook ").append(c[1]).append(" priority raw ; policy accept ; }\n");
      b.append("add rule ").append(FAMILY).append(' ').append(TABLE).append(' ').append(c[0]).append(' ').append(rule(backend, port)).append('\n');
    }
    return b.toString();
  }

  /** Whether a listing of the table ({@code nft list table}) already has both chains with the rule. */
  static boolean matches(String listing, String backend, int port) {
    String r = rule(backend, port);
    return listing.contains("chain " + PREROUTING + " {") && listing.contains("chain " + OUTPUT + " {")
        && listing.indexOf(r) >= 0 && listing.indexOf(r) != listing.lastIndexOf(r);
  }
}
