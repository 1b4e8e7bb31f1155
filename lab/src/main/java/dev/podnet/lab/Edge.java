package dev.podnet.lab;

import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Route;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The network's edge router: BIRD 2 in its own namespace, on the node LAN and on a second, routed
 * segment (the "internet") where a client lives that reaches the cluster only through the router.
 * BIRD accepts a BGP session from any node on the LAN (MetalLB's BGP mode: the nodes dial out,
 * AS 64500 here, any other AS there) and installs what it learns with every equal path as one
 * multipath route, so flows to a LoadBalancer IP spread over the nodes that announce it.
 *
 * <pre>
 *   [pn-X-lan] lan0 ── lan-edge ═ eth0 [pn-X-edge] 172.18.0.253/16      BIRD, AS 64500
 *                                      inet0 198.51.100.1/24 ═ eth0 [pn-X-outside-routed] 198.51.100.2/24
 *                                                                       default via 198.51.100.1
 *   nodes: 198.51.100.0/24 via 172.18.0.253 (their way back to the routed client)
 * </pre>
 */
public final class Edge {
  /** The edge router's place on the LAN: after the nodes (.2-.251), before the outside client (.254). */
  static final int LAN_INDEX = 253;
  public static final long ASN = 64500;
  /** The routed segment (RFC 5737's TEST-NET-2): nothing of the cluster is on it. */
  public static final Cidr INTERNET = Cidr.parse("198.51.100.0/24");
  static final String INTERNET_PORT = "inet0";
  private static final String BIRD_CONF = "bird.conf";

  private final Netns.Named netns;
  private final Netns.Named client;
  private final InetAddress lanAddress;
  private final Path dir;

  private Edge(Netns.Named netns, Netns.Named client, InetAddress lanAddress, Path dir) {
    this.netns = netns;
    this.client = client;
    this.lanAddress = lanAddress;
    this.dir = dir;
  }

  /** Creates (or finds after a restart) both namespaces, their links and addresses, and a running BIRD with its config in {@code dir}. */
  static Edge ensure(Kernel kernel, LabNames names, LabConfig config, int mtu, Path dir) {
    Netns.Named edge = kernel.ensureNetns(names.edge());
    Netns.Named client = kernel.ensureNetns(names.outsideRouted());
    if (!kernel.linkExists(edge, LabNames.UPLINK)) {
      kernel.apply(Netns.named(names.lan()), List.of(
          new IpCommand.LinkAdd(new LinkSpec.Veth(LabNames.EDGE_PORT, LabNames.UPLINK, Optional.of(edge), mtu)),
          new IpCommand.LinkMaster(LabNames.EDGE_PORT, LabNames.LAN_BRIDGE), new IpCommand.LinkUp(LabNames.EDGE_PORT)));
    }
    if (!kernel.linkExists(edge, INTERNET_PORT)) {
      kernel.apply(edge, List.of(new IpCommand.LinkAdd(new LinkSpec.Veth(INTERNET_PORT, LabNames.UPLINK, Optional.of(client), mtu))));
    }
    InetAddress lan = config.lanCidr().addressAt(LAN_INDEX);
    kernel.apply(edge, List.of(new IpCommand.LinkUp("lo"), new IpCommand.LinkUp(LabNames.UPLINK), new IpCommand.LinkUp(INTERNET_PORT),
        new IpCommand.AddressReplace(LabNames.UPLINK, new Cidr(lan, config.lanCidr().prefix())),
        new IpCommand.AddressReplace(INTERNET_PORT, new Cidr(INTERNET.addressAt(1), INTERNET.prefix()))));
    // multipath hashing on ports too (policy 1): with the default (addresses only) every flow of one
    // client to one LoadBalancer IP would take the same node
    kernel.sysctl(edge, Map.of("net.ipv4.ip_forward", "1", "net.ipv4.conf.all.rp_filter", "0", "net.ipv4.conf.default.rp_filter", "0",
        "net.ipv6.conf.all.disable_ipv6", "1", "net.ipv4.fib_multipath_hash_policy", "1"));
    kernel.apply(client, List.of(new IpCommand.LinkUp("lo"), new IpCommand.LinkUp(LabNames.UPLINK),
        new IpCommand.AddressReplace(LabNames.UPLINK, new Cidr(INTERNET.addressAt(2), INTERNET.prefix())),
        new IpCommand.RouteReplace(new Route(Cidr.parse("0.0.0.0/0"), Optional.of(INTERNET.addressAt(1)), LabNames.UPLINK, false,
            Route.PROTO_STATIC))));
    kernel.sysctl(client, Map.of("net.ipv6.conf.all.disable_ipv6", "1"));
    Edge e = new Edge(edge, client, lan, dir);
    e.ensureBird(config.lanCidr());
    return e;
  }

  /** A node's way back to the routed segment: its replies to the routed client go through the router, as through a default gateway. */
  public Route routeFromNodes() {
    return new Route(INTERNET, Optional.of(lanAddress), LabNames.UPLINK, false, Route.PROTO_STATIC);
  }

  private void ensureBird(Cidr lan) {
    if (birdPid().isPresent()) {
      return; // a restarted podnetd finds its router running, sessions and routes intact
    }
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(BIRD_CONF), BirdConfig.edge(lanAddress, lan, dir.resolve("bird.log")));
    } catch (IOException e) {
      throw new LabException("write the edge router's config in " + dir + ": " + e.getMessage(), e);
    }
    // BIRD daemonizes; its process lives in the edge namespace, so down's namespace sweep ends it
    List<String> argv = new ArrayList<>(List.of("nsenter"));
    argv.addAll(netns.nsenter());
    argv.addAll(List.of("--", "bird", "-c", dir.resolve(BIRD_CONF).toString(), "-s", socket().toString(), "-P", dir.resolve("bird.pid").toString()));
    Exec.Result r = Exec.run(argv, null);
    if (!r.ok()) {
      throw new LabException("start BIRD in " + netns + " (" + String.join(" ", argv) + "): " + r.stderr().strip()
          + "; is Debian's bird2 installed (bin/setup)? podnet up --no-edge skips the edge router");
    }
  }

  /**
   * Ends the BIRD of {@code dir} (what down does before the namespaces go) and waits for it: it
   * says goodbye to the nodes with a Cease, and nothing of the router outlives down.
   */
  static void stop(Path dir) {
    birdPid(dir).flatMap(ProcessHandle::of).ifPresent(p -> {
      p.destroy();
      try {
        p.onExit().get(3, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
        p.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private Optional<Long> birdPid() {
    return birdPid(dir);
  }

  private static Optional<Long> birdPid(Path dir) {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve("bird.pid")).strip());
      String cmd = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
      return cmd.equals("bird") ? Optional.of(pid) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public Netns.Named netns() {
    return netns;
  }

  /** The routed client's namespace ({@code podnet exec --outside-routed}). */
  public Netns.Named client() {
    return client;
  }

  public InetAddress clientAddress() {
    return INTERNET.addressAt(2);
  }

  /** The router's address on the node LAN: what the nodes' BGPPeer names. */
  public InetAddress lanAddress() {
    return lanAddress;
  }

  /** BIRD's control socket: {@code birdc -s SOCKET show route}. */
  public Path socket() {
    return dir.resolve("bird.ctl");
  }
}
