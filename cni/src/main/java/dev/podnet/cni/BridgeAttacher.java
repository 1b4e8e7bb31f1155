package dev.podnet.cni;

import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.KernelException;
import dev.podnet.kernel.Link;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Route;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches pods to the node bridge with a veth pair and a lease. ADD keeps an undo list: a
 * failure at any step releases the lease and deletes the pair before the error goes back.
 */
final class BridgeAttacher {
  private static final Logger log = LoggerFactory.getLogger(BridgeAttacher.class);

  private final Kernel kernel;
  private final Netns host;
  private final NodeNetwork node;
  private final LeaseStore leases;
  private volatile boolean bridgeReady;

  BridgeAttacher(Kernel kernel, Netns host, NodeNetwork node, LeaseStore leases) {
    this.kernel = kernel;
    this.host = host;
    this.node = node;
    this.leases = leases;
  }

  CniResult add(Attachment a, Netns pod, String sandbox, int mtu) {
    ensureBridge();
    InetAddress ip = leases.allocate(a);
    VethPlan plan = VethPlan.of(node, a, pod, ip, mtu);
    List<Runnable> undo = new ArrayList<>();
    undo.add(() -> leases.release(ip));
    try {
      undo.add(() -> kernel.apply(host, List.of(new IpCommand.LinkDelete(plan.hostVeth()))));
      applyHost(plan, a, pod);
      kernel.apply(pod, plan.pod());
    } catch (RuntimeException e) {
      undo(undo, a);
      throw e;
    }
    log.info("pod attached netns={} pod={} ifname={} ip={} veth={}", host, a.containerId(), a.ifname(), ip.getHostAddress(), plan.hostVeth());
    List<CniResult.Interface> ifs = List.of(
        new CniResult.Interface(node.bridge(), CniNames.macFor(node.gateway()), OptionalInt.empty(), Optional.empty()),
        new CniResult.Interface(plan.hostVeth(), plan.hostMac(), OptionalInt.empty(), Optional.empty()),
        new CniResult.Interface(a.ifname(), plan.podMac(), OptionalInt.of(mtu), Optional.of(sandbox)));
    return new CniResult(ifs, List.of(new CniResult.IpConfig(plan.podAddress(), node.gateway(), 2)),
        List.of(new CniResult.RouteEntry(VethPlan.defaultRoute(ip), node.gateway())), Optional.empty());
  }

  /** The host batch; a bridge that vanished (node netns rebuilt) is re-made once. */
  private void applyHost(VethPlan plan, Attachment a, Netns pod) {
    try {
      kernel.apply(host, plan.host());
    } catch (KernelException e) {
      if (e.request().startsWith("add link") && e.reason().contains("File exists") && !kernel.linkExists(host, plan.hostVeth())) {
        throw new CniException(CniException.INTERNAL, "interface " + a.ifname() + " already exists in netns " + pod,
            "CNI_IFNAME must name a new interface (" + e.getMessage() + ")");
      }
      if (!e.isAbsent() || kernel.linkExists(host, node.bridge())) {
        throw e;
      }
      bridgeReady = false;
      kernel.apply(host, List.of(new IpCommand.LinkDelete(plan.hostVeth())));
      ensureBridge();
      kernel.apply(host, plan.host());
    }
  }

  private static void undo(List<Runnable> undo, Attachment a) {
    for (int i = undo.size() - 1; i >= 0; i--) {
      try {
        undo.get(i).run();
      } catch (RuntimeException e) {
        log.warn("undo failed pod={} ifname={} error={}", a.containerId(), a.ifname(), e.getMessage());
      }
    }
  }

  /** Bridge up with the gateway address, forwarding on. Checked once, again after it went missing. */
  synchronized void ensureBridge() {
    if (bridgeReady) {
      return;
    }
    boolean exists = kernel.linkExists(host, node.bridge());
    kernel.apply(host, VethPlan.bridge(node, exists));
    if (!"1".equals(kernel.sysctl(host, "net.ipv4.ip_forward"))) {
      kernel.sysctl(host, Map.of("net.ipv4.ip_forward", "1"));
    }
    bridgeReady = true;
  }

  /** Best effort and idempotent: releases the lease and deletes the host veth (its peer goes with it). */
  void delete(Attachment a) {
    Optional<InetAddress> ip = leases.release(a);
    kernel.apply(host, List.of(new IpCommand.LinkDelete(CniNames.hostVeth(a))));
    log.info("pod detached netns={} pod={} ifname={} ip={}", host, a.containerId(), a.ifname(),
        ip.map(InetAddress::getHostAddress).orElse("none"));
  }

  /** Lists what is wrong with the attachment; empty when it is as ADD left it. */
  List<String> check(Attachment a, Netns pod, List<String> expectedAddresses) {
    List<String> wrong = new ArrayList<>();
    Optional<InetAddress> ip = leases.find(a);
    if (ip.isEmpty()) {
      return List.of("no lease for " + a + " in " + leases.dir());
    }
    String address = ip.get().getHostAddress() + "/" + node.podCidr().prefix();
    expectedAddresses.stream().filter(x -> !x.equals(address))
        .forEach(x -> wrong.add("prevResult has address " + x + " but the lease is " + address));
    if (!kernel.linkExists(pod, a.ifname())) {
      wrong.add("no interface " + a.ifname() + " in netns " + pod);
    }
    if (kernel.addresses(pod).stream().noneMatch(x -> x.dev().equals(a.ifname()) && x.address().toString().equals(address))) {
      wrong.add("no address " + address + " on " + a.ifname() + " in netns " + pod);
    }
    Route want = Route.via(VethPlan.defaultRoute(ip.get()), node.gateway(), a.ifname());
    if (kernel.routes(pod).stream().noneMatch(r -> r.isDefault() && r.via().equals(want.via()) && r.dev().equals(a.ifname()))) {
      wrong.add("no route " + want.spec() + " in netns " + pod);
    }
    String veth = CniNames.hostVeth(a);
    Optional<Link> l = kernel.links(host).stream().filter(x -> x.name().equals(veth)).findFirst();
    if (l.isEmpty() || !l.get().master().equals(Optional.of(node.bridge()))) {
      wrong.add("host veth " + veth + " is not a port of " + node.bridge() + " in netns " + host);
    }
    return wrong;
  }

  /** Removes leases and host veths of attachments not in {@code valid}; returns the errors it carried on past. */
  List<String> gc(List<Attachment> valid) {
    Set<Attachment> keep = Set.copyOf(valid);
    List<String> errors = new ArrayList<>();
    leases.all().forEach((ip, owner) -> {
      if (!keep.contains(owner)) {
        try {
          leases.release(ip);
          log.info("gc lease netns={} pod={} ip={}", host, owner.containerId(), ip.getHostAddress());
        } catch (CniException e) {
          errors.add(e.getMessage());
        }
      }
    });
    Set<String> keepVeths = keep.stream().map(CniNames::hostVeth).collect(Collectors.toSet());
    for (Link l : kernel.links(host)) {
      boolean ours = CniNames.HOST_VETH.matcher(l.name()).matches() && l.master().equals(Optional.of(node.bridge()));
      if (ours && !keepVeths.contains(l.name())) {
        try {
          kernel.apply(host, List.of(new IpCommand.LinkDelete(l.name())));
          log.info("gc veth netns={} veth={}", host, l.name());
        } catch (KernelException e) {
          errors.add(e.getMessage());
        }
      }
    }
    return errors;
  }

}
