package dev.podnet.trace;

import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.bpf.AttachType;
import dev.podnet.kernel.bpf.BpfPrograms;
import dev.podnet.kernel.bpf.Cgroup;
import java.util.Optional;

/**
 * Where the ebpf datapath translates a pod's connections: the cgroup the FROM namespace's own
 * processes are in, and the program attached there at connect() (TCP) or sendmsg() (UDP). The
 * probe's socket is made in that cgroup, so it is translated as the pod's sockets are; the
 * translation shows as the first packet leaving already addressed to an endpoint (no netfilter
 * hook saw the ClusterIP), and a Service without endpoints as connect() refused with no packet
 * sent. With the nftables datapath the pods are in no podnet cgroup and nothing changes.
 */
record SocketLb(Cgroup cgroup, String hook) {

  /** The socket LB of the processes in {@code from}, if they are in a podnet cgroup with a program at the probe's hook. */
  static Optional<SocketLb> of(Place from, String proto) {
    if (proto.equals("icmp")) {
      return Optional.empty();
    }
    try {
      Optional<Cgroup> cg = Cgroup.ofProcessesIn(from.netns());
      if (cg.isEmpty()) {
        return Optional.empty();
      }
      AttachType at = proto.equals("udp") ? AttachType.SENDMSG4 : AttachType.CONNECT4;
      return BpfPrograms.tool().attached(cg.get()).stream().filter(a -> a.type() == at).findFirst()
          .map(a -> new SocketLb(cg.get(), "cgroup/" + at.word + " program " + a.programName() + " (id " + a.programId() + ") on cgroup "
              + cg.get().dir().getParent().getFileName() + "/" + cg.get().dir().getFileName()));
    } catch (KernelException e) {
      return Optional.empty(); // no cgroup v2 here: no socket programs either
    }
  }

  /** The first hop of a probe whose first packet left for {@code sentTo} instead of the address it connected to. */
  Hop translated(Place from, Target to, String proto, String source, String sentTo) {
    String call = proto.equals("udp") ? "sendmsg()" : "connect()";
    String asked = to.ip() + ":" + to.port();
    String endpoint = Optional.ofNullable(to.pods().get(sentTo.substring(0, sentTo.lastIndexOf(':')))).map(p -> "pod " + p + " ").orElse("");
    return new Hop(0, "request", from.node().orElse(null), from.name(), "socket", null,
        call + " to " + asked + " translated at the socket by " + hook + ": its first packet left for endpoint " + endpoint + sentTo
            + " (no DNAT, no conntrack NAT on the way)", to.services().get(asked), source, asked, source, sentTo);
  }

  /** The only hop of a probe the program refused before any packet: the socket-level REJECT of a Service without endpoints. */
  Hop refused(Place from, Target to, String proto, String source) {
    String call = proto.equals("udp") ? "sendmsg()" : "connect()";
    String asked = to.ip() + ":" + to.port();
    String service = to.services().get(asked);
    String why = service != null ? ": Service " + service + " has no ready endpoint" : "";
    return new Hop(0, "request", from.node().orElse(null), from.name(), "reject", null,
        "REJECT at the socket: " + call + " to " + asked + " refused by " + hook + " before any packet was sent" + why, service, source, asked,
        null, null);
  }
}
