package dev.podnet.lab;

import dev.podnet.agent.NodeAgent;
import dev.podnet.agent.routing.Backends;
import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.RoutingBackend;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.kernel.Cidr;
import dev.podnet.kernel.IpCommand;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.LinkSpec;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Route;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Uts;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole cluster network on one host: a LAN namespace with a bridge (the switch), N node
 * namespaces on it (net + UTS), each with its agent, and the pods' sandboxes. Nothing is created
 * in the root namespace; {@link #close()} removes everything and {@link #cleanup} removes what a
 * crashed run left, by prefix.
 *
 * <pre>
 *   [pn-X-lan]  lan0 ──┬── lan-cp ═ eth0 [pn-X-control-plane] 172.18.0.1  (the API, :6443)
 *                      ├── lan-node-1 ═ eth0 [pn-X-node-1] 172.18.0.2  cni0 10.244.0.1 ── pods
 *                      ├── lan-node-2 ═ eth0 [pn-X-node-2] 172.18.0.3  cni0 10.244.1.1 ── pods
 *                      └── lan-node-3 ═ eth0 [pn-X-node-3] 172.18.0.4  cni0 10.244.2.1 ── pods
 * </pre>
 */
public final class Lab implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Lab.class);
  private static final int LAN_MTU = 1500;
  /** Below the lab's state directory: the edge router's config, pid file, socket and log. */
  public static final String EDGE_DIR = "edge";

  private final LabConfig config;
  private final Kernel kernel;
  private final LabNames names;
  private final RoutingBackend backend;
  private final Map<String, LabNode> nodes = new LinkedHashMap<>();
  private final Duration resync;
  private ControlPlane controlPlane;
  private Outside outside;
  private Optional<Edge> edge = Optional.empty();
  private int nextIndex = 1;

  private Lab(LabConfig config, Kernel kernel, Duration resync) {
    this.config = config;
    this.kernel = kernel;
    this.names = new LabNames(config.prefix());
    this.backend = Backends.byName(config.routing());
    this.resync = resync;
  }

  /** Creates the LAN and {@code config.nodes()} nodes, all routed to each other; on failure removes what it made. */
  public static Lab create(LabConfig config, Kernel kernel) {
    return create(config, kernel, Duration.ofSeconds(10));
  }

  public static Lab create(LabConfig config, Kernel kernel, Duration resync) {
    Lab lab = network(config, kernel, resync);
    try {
      List<LabNode> made = new ArrayList<>();
      for (int i = 0; i < config.nodes(); i++) {
        made.add(lab.makeNode());
      }
      lab.syncAll();
      log.info("lab up cluster={} nodes={} routing={}", config.cluster(), made.size(), config.routing());
      return lab;
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  /** Just the LAN (or the one a previous run left); nodes come with {@link #addNode(NodeInfo)}. */
  public static Lab network(LabConfig config, Kernel kernel, Duration resync) {
    Lab lab = new Lab(config, kernel, resync);
    try {
      lab.createLan();
      lab.controlPlane = ControlPlane.ensure(kernel, lab.names, config, LAN_MTU);
      lab.outside = Outside.ensure(kernel, lab.names, config, LAN_MTU);
      return lab;
    } catch (RuntimeException e) {
      lab.close();
      throw e;
    }
  }

  /** The LAN address the lab gives node number {@code index} (1-based): 172.18.0.2 for node-1. */
  public InetAddress lanAddress(int index) {
    return config.lanCidr().addressAt(index + 1);
  }

  /** Adds (or re-attaches after a restart) a node with a given name, LAN address and pod CIDR; every node is routed to it on return. */
  public synchronized LabNode addNode(NodeInfo info) {
    if (nodes.containsKey(info.name())) {
      return nodes.get(info.name());
    }
    LabNode n = makeNode(info);
    syncAll();
    return n;
  }

  public LabConfig config() {
    return config;
  }

  /** The control plane's namespace and address on the LAN. */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  /**
   * Adds the edge router and its routed client (or finds them after a restart); nodes made after
   * this route the routed segment through it. {@code dir}: BIRD's config, socket and log.
   */
  public synchronized Edge ensureEdge(Path dir) {
    if (edge.isEmpty()) {
      edge = Optional.of(Edge.ensure(kernel, names, config, LAN_MTU, dir));
    }
    return edge.get();
  }

  public Optional<Edge> edge() {
    return edge;
  }

  /** The outside client on the LAN; present in labs made by {@link #network}. */
  public Outside outside() {
    return outside;
  }

  public LabNames names() {
    return names;
  }

  public synchronized List<LabNode> nodes() {
    return List.copyOf(nodes.values());
  }

  public synchronized LabNode node(String name) {
    LabNode n = nodes.get(name);
    if (n == null) {
      throw new LabException("no node '" + name + "' in cluster " + config.cluster() + " (nodes: " + String.join(", ", nodes.keySet()) + ")");
    }
    return n;
  }

  /** Adds a node; every other node learns its route before this returns. */
  public synchronized LabNode addNode() {
    LabNode n = makeNode();
    syncAll();
    return n;
  }

  /** Removes a node with its pods; every other node forgets it before this returns. */
  public synchronized void removeNode(String name) {
    LabNode n = node(name);
    n.sandboxes().killAll();
    n.agent().close();
    nodes.remove(name);
    kernel.deleteNetns(n.netns().toString());
    Uts.delete(names.node(name));
    for (LabNode other : nodes.values()) {
      other.agent().routing().onNodeDeleted(name);
      other.agent().routing().syncNow();
    }
    controlPlane.sync(nodes.values().stream().map(LabNode::info).toList());
  }

  private void createLan() {
    Netns lan = kernel.ensureNetns(names.lan());
    if (kernel.linkExists(lan, LabNames.LAN_BRIDGE)) {
      return; // a restarted podnetd finds its LAN as it left it
    }
    kernel.apply(lan, List.of(new IpCommand.LinkUp("lo"), new IpCommand.LinkAdd(new LinkSpec.Bridge(LabNames.LAN_BRIDGE, LAN_MTU)),
        new IpCommand.LinkUp(LabNames.LAN_BRIDGE)));
    // The LAN is a switch, not a host: no addresses, no IPv6 chatter of its own.
    kernel.sysctl(lan, Map.of("net.ipv6.conf.all.disable_ipv6", "1"));
    switchOnly(lan);
  }

  /**
   * A switch does not run the host's firewall on the frames it forwards: with br_netfilter loaded
   * (Kubernetes hosts load it for their pod bridges) every frame across lan0 would also walk the
   * IP hooks of the LAN namespace, which has no rules; off, the lab's wire costs about 3% less CPU
   * per byte (bench/results/bgp-throughput.md). Node namespaces keep it: their cni0 needs it so
   * a Service's reply bridged between two pods of one node is un-DNATed.
   */
  private void switchOnly(Netns lan) {
    String key = "net.bridge.bridge-nf-call-iptables";
    try {
      kernel.sysctl(lan, key);
    } catch (dev.podnet.kernel.KernelException absent) {
      return; // br_netfilter not loaded: bridged frames meet no IP hooks anyway
    }
    kernel.sysctl(lan, Map.of(key, "0", "net.bridge.bridge-nf-call-ip6tables", "0", "net.bridge.bridge-nf-call-arptables", "0"));
  }

  private LabNode makeNode() {
    int index = nextIndex++;
    return makeNode(new NodeInfo("node-" + index, lanAddress(index), config.podCidr().subnet(24, index - 1)));
  }

  private LabNode makeNode(NodeInfo info) {
    NamespaceSet machine = machine(info.name(), info.lanAddress());
    NodeAgent agent = new NodeAgent(kernel, machine.net(), info, backend, new Underlay(LabNames.UPLINK, LAN_MTU),
        config.stateDir().resolve(info.name()), resync);
    LabNode node = new LabNode(info, machine, agent, kernel, names);
    for (LabNode other : nodes.values()) {
      other.agent().routing().onNodeAdded(info);
      agent.routing().onNodeAdded(other.info());
    }
    nodes.put(info.name(), node);
    return node;
  }

  /**
   * A node's machine without its software: network and UTS namespaces, its cable to the LAN and
   * its address there, forwarding on. What runs on it (the node's own process) comes after.
   * Idempotent: a restarted podnetd finds the machine as it was.
   */
  public synchronized NamespaceSet machine(String name, InetAddress lanIp) {
    Netns ns = kernel.ensureNetns(names.node(name));
    Path uts = Uts.ensure(names.node(name), name);
    if (!kernel.linkExists(ns, LabNames.UPLINK)) {
      kernel.apply(Netns.named(names.lan()), List.of(
          new IpCommand.LinkAdd(new LinkSpec.Veth(LabNames.lanPort(name), LabNames.UPLINK, Optional.of(ns), LAN_MTU)),
          new IpCommand.LinkMaster(LabNames.lanPort(name), LabNames.LAN_BRIDGE), new IpCommand.LinkUp(LabNames.lanPort(name))));
    }
    // A node has no default route in the lab, so its own connections to ClusterIPs (hostNetwork
    // pods, exec --node) need one for the service CIDR: the output hook's DNAT then reroutes them.
    // Protocol "static", not podnet's routing protocol, so the routing reconciler leaves it alone.
    kernel.apply(ns, List.of(new IpCommand.LinkUp("lo"), new IpCommand.LinkUp(LabNames.UPLINK),
        new IpCommand.AddressReplace(LabNames.UPLINK, new Cidr(lanIp, config.lanCidr().prefix())),
        new IpCommand.RouteReplace(new Route(LabConfig.DEFAULT_SERVICES, Optional.empty(), LabNames.UPLINK, false, Route.PROTO_STATIC))));
    edge.ifPresent(e -> kernel.apply(ns, List.of(new IpCommand.RouteReplace(e.routeFromNodes()))));
    kernel.sysctl(ns, Map.of("net.ipv4.ip_forward", "1", "net.ipv4.conf.all.rp_filter", "0", "net.ipv4.conf.default.rp_filter", "0"));
    return NamespaceSet.of(ns, uts);
  }

  /** Routes from the control plane to every node's pods, so the API answers pods that call it. */
  public void syncControlPlane(List<NodeInfo> nodeInfos) {
    controlPlane.sync(nodeInfos);
  }

  private void syncAll() {
    for (LabNode n : nodes.values()) {
      n.agent().routing().syncNow();
    }
    controlPlane.sync(nodes.values().stream().map(LabNode::info).toList());
  }

  /**
   * Creates a pod sandbox on {@code node} and wires it with CNI ADD, through the {@code podnet-cni}
   * executable and the node agent's socket as containerd would; on failure nothing is left.
   */
  public Sandbox createPod(LabNode node, String namespace, String podName) {
    return node.sandboxes().create(namespace, podName, podName);
  }

  /** A hostNetwork pod: the node's own namespaces, the node's address. */
  public Sandbox hostNetworkPod(LabNode node, String podName) {
    return node.sandboxes().hostNetwork(podName);
  }

  /** Kills the pod's processes, CNI DEL, removes its namespaces. Absent counts as success. */
  public synchronized void deletePod(Sandbox s) {
    for (LabNode n : nodes.values()) {
      if (s.hostNetwork() || n.info().podCidr().contains(s.ip())) {
        n.sandboxes().delete(s);
        return;
      }
    }
  }

  /**
   * Removes every pod, node and the LAN. Safe to call twice. No pod gets its CNI DEL: its veth
   * goes with its namespace, its lease with the state directory, and removing all namespaces in
   * one batch lets the kernel free them together (one pod at a time, 1000 pods took 90 s).
   */
  @Override
  public synchronized void close() {
    nodes.values().forEach(n -> n.sandboxes().killAll());
    nodes.values().forEach(n -> n.agent().close());
    nodes.clear();
    cleanup(kernel, config.prefix(), config.stateDir());
  }

  /** Removes everything named with {@code prefix}: what {@code podnet down} does, also after a crash. */
  public static void cleanup(Kernel kernel, String prefix, Path stateDir) {
    Edge.stop(stateDir.resolve(EDGE_DIR)); // a daemon, not a child: found by its pid file, ended before its namespace goes
    kernel.deleteAllNamed(prefix);
    Uts.deleteDirIfEmpty();
    deleteTree(stateDir);
  }

  /** Removes a state directory and everything below it; absent counts as success. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new LabException("remove state directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
