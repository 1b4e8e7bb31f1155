package dev.podnet.lab.runtime;

import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * In a pod's own namespace: UDP to a declared UDP container port that no socket is bound to is
 * dropped, where the kernel would answer ICMP port unreachable.
 *
 * <p>Why: a container that dies (a DNS server killed with SIGKILL) stays a Service endpoint until
 * the API and every node's proxy have heard of it. A refusal in that window is worse than silence:
 * a resolver retries a refused query at once, through the same Service VIP, and may be DNATed to
 * the same dead server again, so the query fails. Silence makes it wait out its time-out (1 s for
 * dig, glibc's {@code timeout}), by which time the proxies have dropped the endpoint and flushed the
 * flow's conntrack entry, so the retry is answered. The check is the kernel's own socket lookup at
 * input, so there is no window between the death and the rule: the rule is always there, and
 * matches only while nothing listens. TCP keeps its resets (proxies and TCP clients fail over
 * on them at once), and a pod that declares no UDP port gets no table.
 *
 * <pre>
 *   client pod ─► node proxy DNAT (VIP → pod IP:53) ─► pod netns input
 *                                          socket bound to :53? ─ yes ─► the server
 *                                                               └ no ──► drop (no ICMP)
 * </pre>
 */
final class SilentUdpPorts {
  /** The table in the pod's namespace (no other podnet table lives there). */
  static final String TABLE = "podnet-pod";
  private final Nft nft;

  SilentUdpPorts(Nft nft) {
    this.nft = nft;
  }

  /** Writes the pod's table (replacing what a previous runtime wrote); nothing for a pod without UDP ports. */
  void ensure(Netns netns, Pod pod) {
    plan(pod).ifPresent(script -> nft.apply(netns, script));
  }

  /** The whole table as one transaction, or empty when the pod declares no UDP container port. */
  static Optional<String> plan(Pod pod) {
    SortedSet<Integer> ports = udpPorts(pod);
    if (ports.isEmpty()) {
      return Optional.empty();
    }
    String list = ports.stream().map(String::valueOf).collect(Collectors.joining(", "));
    String who = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    return Optional.of("table inet " + TABLE + " {}\n"
        + "delete table inet " + TABLE + "\n"
        + "table inet " + TABLE + " {\n"
        + "  chain input {\n"
        + "    type filter hook input priority filter; policy accept;\n"
        + "    udp dport { " + list + " } jump unbound\n"
        + "  }\n"
        + "  chain unbound {\n"
        + "    socket transparent 0 return\n"
        + "    socket transparent 1 return\n"
        + "    drop comment \"" + who + ": no socket bound, container down: silence, not port unreachable\"\n"
        + "  }\n"
        + "}\n");
  }

  private static SortedSet<Integer> udpPorts(Pod pod) {
    SortedSet<Integer> out = new TreeSet<>();
    for (Container c : pod.getSpec().getContainers()) {
      for (ContainerPort p : c.getPorts()) {
        if ("UDP".equals(p.getProtocol()) && p.getContainerPort() != null) {
          out.add(p.getContainerPort());
        }
      }
    }
    return out;
  }
}
