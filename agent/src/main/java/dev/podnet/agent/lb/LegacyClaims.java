package dev.podnet.agent.lb;

import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.kernel.Address;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.IpCommand;
import java.net.InetAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Claims an older announcer left in the kernel: it put each LoadBalancer IP it held on the node's
 * {@code lo}, so the node's kernel answered ARP for it, and kept answering after the agent died.
 * An agent of this version answers from user space instead; on start it removes every host
 * address on {@code lo} that is a LoadBalancer IP (in a pool, or a Service's ingress), whether an
 * old agent or a crash left it. Other addresses on {@code lo} are not the announcer's and stay.
 */
final class LegacyClaims {
  /** Where the older announcer put its claims. */
  static final String DEV = "lo";

  private LegacyClaims() {}

  /** The deletes that clear old claims from {@code addresses}; empty when there are none (the usual case). */
  static List<IpCommand> planRemoval(List<Address> addresses, L2Inputs in) {
    Set<InetAddress> ingress = new HashSet<>();
    in.services().forEach(s -> ingress.addAll(L2Election.ingress(s)));
    return addresses.stream().filter(a -> a.dev().equals(DEV)).map(Address::address)
        .filter(c -> c.prefix() == c.bits() && !c.address().isLoopbackAddress())
        .filter(c -> ingress.contains(c.address()) || inAnyPool(c.address(), in.pools()))
        .<IpCommand>map(c -> new IpCommand.AddressDelete(DEV, Cidr.host(c.address()))).toList();
  }

  private static boolean inAnyPool(InetAddress ip, List<IpAddressPool> pools) {
    return pools.stream().anyMatch(p -> L2Election.contains(p, ip));
  }
}
