package dev.podnet.agent;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a node translates Service addresses for its pods ({@code --datapath}). nftables is the
 * default and always runs (NodePorts and traffic from outside a node stay on it); ebpf adds the
 * socket LB for the node's pod processes, which then never meet the DNAT rules.
 */
public enum Datapath {
  NFTABLES,
  EBPF;

  /** {@code nftables} or {@code ebpf}, as the flag is spelled. */
  public static Datapath parse(String s) {
    return Arrays.stream(values()).filter(d -> d.flag().equals(s.toLowerCase(Locale.ROOT))).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown datapath '" + s + "': use nftables or ebpf"));
  }

  public String flag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
