package dev.podnet.lab;

import dev.podnet.agent.routing.Backends;
import dev.podnet.kernel.Cidr;
import java.nio.file.Path;

/**
 * A lab cluster network: how many nodes, which routing backend, the address plan and the prefix
 * every namespace name starts with (so leftovers of a crashed run are found by it).
 */
public record LabConfig(String cluster, String prefix, int nodes, String routing, Cidr lanCidr, Cidr podCidr, Path stateDir) {

  public static final Cidr DEFAULT_LAN = Cidr.parse("172.18.0.0/16");
  public static final Cidr DEFAULT_PODS = Cidr.parse("10.244.0.0/16");
  /** The Service CIDR: nodes route it to their uplink so their own connections reach the proxy's DNAT. */
  public static final Cidr DEFAULT_SERVICES = Cidr.parse("10.96.0.0/12");

  public LabConfig {
    if (!cluster.matches("[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?")) {
      throw new IllegalArgumentException("cluster name '" + cluster + "': use 1-20 lower-case letters, digits and '-'");
    }
    if (nodes < 0 || nodes > 250) {
      throw new IllegalArgumentException("nodes: " + nodes + " is outside 0-250 (0: a control plane only, nodes join it)");
    }
    Backends.byName(routing);
    if (podCidr.prefix() > 24) {
      throw new IllegalArgumentException("pod CIDR " + podCidr + " is smaller than one /24 per node");
    }
  }

  /** The default lab: cluster {@code name}, 3 nodes, vxlan, namespaces named {@code pn-NAME-...}. */
  public static LabConfig defaults(String cluster) {
    return new LabConfig(cluster, "pn-" + cluster + "-", 3, "vxlan", DEFAULT_LAN, DEFAULT_PODS, Path.of("/run/podnet", cluster));
  }

  public LabConfig withNodes(int n) {
    return new LabConfig(cluster, prefix, n, routing, lanCidr, podCidr, stateDir);
  }

  public LabConfig withRouting(String r) {
    return new LabConfig(cluster, prefix, nodes, r, lanCidr, podCidr, stateDir);
  }

  public LabConfig withPrefix(String p, Path state) {
    return new LabConfig(cluster, p, nodes, routing, lanCidr, podCidr, state);
  }
}
