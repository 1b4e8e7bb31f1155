package dev.podnet.agent;

import dev.podnet.agent.cni.CniServer;
import dev.podnet.agent.lb.Announcer;
import dev.podnet.agent.lb.ArpAnnouncer;
import dev.podnet.agent.lb.bgp.BgpAnnouncer;
import dev.podnet.api.EventRecorder;
import dev.podnet.api.Parts;
import dev.podnet.kernel.Arp;
import dev.podnet.kernel.Ndp;
import io.fabric8.kubernetes.api.model.HasMetadata;
import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.ebpf.SocketLb;
import dev.podnet.agent.ebpf.SocketLbHooks;
import dev.podnet.agent.proxy.ServiceDatapath;
import dev.podnet.agent.proxy.ServiceProxy;
import dev.podnet.kernel.bpf.BpfPrograms;
import dev.podnet.agent.routing.Backends;
import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.agent.routing.NodeRouting;
import dev.podnet.agent.routing.RoutingAgent;
import dev.podnet.agent.routing.bgp.BgpBackend;
import dev.podnet.agent.routing.bgp.BgpFeed;
import dev.podnet.agent.routing.bgp.BgpRouting;
import dev.podnet.agent.routing.bgp.BgpRoutingConfig;
import dev.podnet.agent.routing.bgp.BgpStatusWriter;
import dev.podnet.agent.routing.RoutingBackend;
import dev.podnet.agent.routing.RoutingReconciler;
import dev.podnet.agent.routing.Underlay;
import dev.podnet.api.Resources;
import dev.podnet.cni.CniHandler;
import dev.podnet.cni.NodeNetwork;
import dev.podnet.kernel.Conntrack;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Nft;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import dev.podnet.agent.metrics.AgentMetrics;
import dev.podnet.agent.metrics.MetricsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one node runs for the pod network, as flannel plus kube-proxy do: the routing backend
 * that reaches other nodes' pods, the CNI handler that wires this node's pods to its bridge (served
 * to the {@code podnet-cni} executable on {@link #cniSocket()}), the service proxy, and MetalLB's
 * L2 speaker for LoadBalancer IPs. Fed from the Kubernetes API by {@link #start}: its own Node and
 * the others, Services, EndpointSlices, IPAddressPools and L2Advertisements. The
 * plain constructor builds only routing and CNI, fed by its caller (the in-process lab of tests).
 */
public final class NodeAgent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);
  /** The socket file below the agent's state directory. */
  public static final String CNI_SOCKET = "cni.sock";

  private final NodeInfo self;
  private final NodeRouting routing;
  private final CniHandler cni;
  private final CniServer cniServer;
  private final Parts fed;
  private final Optional<MetricsServer> metrics;
  /** The cgroup.procs file pod processes join with the ebpf datapath (empty with nftables alone). */
  private Optional<Path> podCgroup = Optional.empty();

  public NodeAgent(Kernel kernel, Netns netns, NodeInfo self, RoutingBackend backend, Underlay underlay, Path stateDir, Duration resync) {
    this.self = self;
    this.fed = new Parts(self.name());
    this.routing = backend instanceof BgpBackend
        ? BgpRouting.start(new BgpRouting.Node(kernel, netns, self, underlay), BgpRoutingConfig.DEFAULT)
        : new RoutingAgent(self, new RoutingReconciler(kernel, Nft.tool(), netns, backend, underlay), resync);
    this.cni = new CniHandler(kernel, netns, new NodeNetwork(AgentNames.BRIDGE, self.podCidr(), backend.podMtu(underlay)),
        stateDir.resolve("ipam"));
    this.cniServer = new CniServer(stateDir.resolve(CNI_SOCKET), cni).start();
    this.metrics = serveMetrics(self);
  }

  /**
   * The agent's Prometheus metrics on the node's InternalIP, port 10249 as kube-proxy's. An agent whose
   * namespace does not hold that address (one run inside a test's JVM) serves none rather than bind elsewhere.
   */
  private static Optional<MetricsServer> serveMetrics(NodeInfo self) {
    try {
      return Optional.of(AgentMetrics.serve(new InetSocketAddress(self.lanAddress(), MetricsServer.PORT)));
    } catch (IOException e) {
      log.warn("no metrics node={} address={}:{} error={}", self.name(), self.lanAddress().getHostAddress(), MetricsServer.PORT, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The node's agent fed from the API, in order: wait for its own Node to have a pod CIDR and an
   * address; routing and CNI for it; the routing backend follows every Node; the service proxy
   * follows Services and EndpointSlices and writes its first rules once both have listed.
   */
  public static NodeAgent start(Store api, AgentConfig c, Kernel kernel, Duration selfTimeout) {
    return start(api, c, kernel, selfTimeout, EventRecorder.NONE);
  }

  /** As above; {@code events}: where the LoadBalancer announcer records what it claims and gives up (MetalLB's speaker events). */
  public static NodeAgent start(Store api, AgentConfig c, Kernel kernel, Duration selfTimeout, EventRecorder events) {
    Informer<Node> nodes = new Informer<>(api, Resources.NODES, "");
    nodes.start();
    NodeAgent agent;
    String dev;
    try {
      NodeInfo self = awaitSelf(nodes, c.node(), selfTimeout);
      RoutingBackend backend = Backends.byName(c.routing());
      dev = c.underlayDev().isEmpty() ? deviceOf(kernel, c.netns(), self) : c.underlayDev();
      agent = new NodeAgent(kernel, c.netns(), self, backend, new Underlay(dev, c.underlayMtu()), c.stateDir(), c.resync());
    } catch (RuntimeException e) {
      nodes.close();
      throw e;
    }
    try {
      if (agent.routing instanceof BgpRouting bgp) {
        BgpFeed.follow(api, nodes, bgp, agent.fed); // before the plain node events, so sessions wait for the whole configuration
      }
      agent.followNodes(nodes);
      ProxyConfig proxyConfig = new ProxyConfig(c.node(), List.of(agent.self.lanAddress()), c.clusterCidr(), c.serviceCidr(), Duration.ofMillis(100),
          c.resync());
      List<ServiceDatapath> datapaths = new java.util.ArrayList<>(List.of(new ServiceProxy(Nft.session(), Conntrack.tool(), c.netns(), proxyConfig)));
      if (c.datapath() == Datapath.EBPF) {
        // Before any pod starts: the pods' cgroup must exist with the socket programs attached.
        // Pins and attachments outlive the agent (a restart adopts them); down removes them.
        SocketLbHooks hooks = SocketLbHooks.ensure(BpfPrograms.tool(), c.owner(), c.node());
        agent.podCgroup = Optional.of(hooks.cgroup().dir().resolve("cgroup.procs"));
        datapaths.add(new SocketLb(hooks.openMaps(), proxyConfig));
      }
      annotate(api, c);
      ArpAnnouncer announcer = new ArpAnnouncer(c.node(), new ArpAnnouncer.Wiring(kernel, Arp.packetSocket(), Ndp.packetSocket(), c.netns(), dev, agent.self.lanAddress(),
          events));
      List<Announcer> announcers = new java.util.ArrayList<>(List.of(announcer));
      // Every BGP session the node has (routing backend's and MetalLB's) goes into one BGPStatus.
      List<java.util.function.Supplier<List<BgpStatusWriter.Reported>>> bgpSessions = new java.util.ArrayList<>();
      if (agent.routing instanceof BgpRouting bgp) {
        bgpSessions.add(bgp::reported);
      }
      if (agent.self.lanAddress() instanceof java.net.Inet4Address v4) {
        BgpAnnouncer lb = new BgpAnnouncer(new BgpAnnouncer.Wiring(c.node(), c.netns(), v4, events));
        announcers.add(lb);
        bgpSessions.add(() -> BgpStatusWriter.Reported.metalLb(lb.sessionsByPeer()));
      }
      agent.followServices(api, nodes, datapaths, announcers);
      agent.fed.add(BgpStatusWriter.start(api, c.node(), bgpSessions));
      return agent;
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
  }

  /** The node says which datapath it runs; a refusal (a Kubernetes whose RBAC gives agents no Node update) costs only the annotation. */
  private static void annotate(Store api, AgentConfig c) {
    try {
      NodeAnnotations.ensure(api, c.node(), NodeAnnotations.of(c));
    } catch (RuntimeException e) {
      log.warn("node annotations not written node={} error={}", c.node(), e.getMessage());
    }
  }

  /** The device that holds the node's InternalIP: the link to the other nodes, as flannel's --iface default finds it. */
  private static String deviceOf(Kernel kernel, Netns netns, NodeInfo self) {
    return kernel.addresses(netns).stream().filter(a -> a.address().address().equals(self.lanAddress())).map(a -> a.dev()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no device in " + netns + " holds node " + self.name() + "'s InternalIP "
            + self.lanAddress().getHostAddress() + ": is the Node's address this host's?"));
  }

  private static NodeInfo awaitSelf(Informer<Node> nodes, String name, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      Optional<NodeInfo> self = nodes.get("", name).flatMap(NodeObjects::info);
      if (self.isPresent()) {
        return self.get();
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new IllegalStateException("node " + name + " has no InternalIP and spec.podCIDR after " + timeout.toSeconds()
        + " s: is the Node registered, and does the cluster allocate node CIDRs (the node IPAM controller)?");
  }

  private void followNodes(Informer<Node> nodes) {
    fed.add(nodes);
    nodes.addHandler(n -> NodeObjects.info(n).ifPresent(routing::onNodeAdded), (o, n) -> NodeObjects.info(n).ifPresent(routing::onNodeUpdated),
        n -> routing.onNodeDeleted(n.getMetadata().getName()));
    nodes.awaitSynced(Duration.ofSeconds(30));
    if (routing instanceof RoutingAgent r) {
      r.syncNow();
    }
  }

  /**
   * The service proxy on Services and EndpointSlices, and MetalLB's L2 and BGP speakers on those,
   * the Nodes, the pools, advertisements and BGP peers: each writes its first state once all it
   * follows has listed.
   */
  private void followServices(Store api, Informer<Node> nodes, List<ServiceDatapath> datapaths, List<Announcer> announcers) {
    Informer<Service> services = new Informer<>(api, Resources.SERVICES, "");
    Informer<EndpointSlice> slices = new Informer<>(api, Resources.ENDPOINTSLICES, "");
    for (ServiceDatapath d : datapaths) {
      fed.add(d);
      d.start();
      services.addHandler(d::onServiceAdded, (o, s) -> d.onServiceUpdated(s), d::onServiceDeleted);
      slices.addHandler(d::onSliceAdded, (o, s) -> d.onSliceUpdated(s), d::onSliceDeleted);
    }
    Informer<HasMetadata> pools = new Informer<>(api, Resources.IPADDRESSPOOLS, "");
    Informer<HasMetadata> l2 = new Informer<>(api, Resources.L2ADVERTISEMENTS, "");
    Informer<HasMetadata> bgpPeers = new Informer<>(api, Resources.METALLB_BGPPEERS, "");
    Informer<HasMetadata> bgpAds = new Informer<>(api, Resources.BGPADVERTISEMENTS, "");
    List<Informer<? extends HasMetadata>> lb = List.of(services, slices, pools, l2, bgpPeers, bgpAds);
    for (Announcer announcer : announcers) {
      fed.add(announcer);
      announcer.start();
      for (Informer<? extends HasMetadata> i : java.util.stream.Stream.concat(java.util.stream.Stream.of(nodes), lb.stream()).toList()) {
        i.addHandler(announcer::onUpdated, (o, x) -> announcer.onUpdated(x), announcer::onDeleted);
      }
    }
    for (Informer<? extends HasMetadata> i : lb) {
      fed.add(i);
      i.start();
    }
    for (Informer<? extends HasMetadata> i : lb) {
      i.awaitSynced(Duration.ofSeconds(30));
    }
    datapaths.forEach(ServiceDatapath::markServicesSynced);
    datapaths.forEach(ServiceDatapath::markSlicesSynced);
    announcers.forEach(Announcer::markSynced);
    log.info("node agent following the API node={} podCIDR={}", self.name(), self.podCidr());
  }

  public NodeInfo self() {
    return self;
  }

  /** The route reconciler of a vxlan or host-gw node (the in-process lab drives it directly). */
  public RoutingAgent routing() {
    if (routing instanceof RoutingAgent r) {
      return r;
    }
    throw new IllegalStateException("node " + self.name() + " routes with BGP: its routes come from its peers, not a RoutingAgent");
  }

  /** The node's BGP sessions, if it routes with BGP. */
  public java.util.List<dev.podnet.bgp.PeerStatus> bgpSessions() {
    return routing instanceof BgpRouting b ? b.sessions() : java.util.List.of();
  }

  public CniHandler cni() {
    return cni;
  }

  /** The cgroup.procs file the node's pod processes must join before they open sockets, with the ebpf datapath. */
  public Optional<Path> podCgroup() {
    return podCgroup;
  }

  /** Where {@code podnet-cni} reaches this agent: the network config's {@code "socket"}. */
  public Path cniSocket() {
    return cniServer.socket();
  }

  /** Stops following the API and serving CNI; routes, rules and pods stay as they are (a restarted agent finds them right). */
  @Override
  public void close() {
    fed.close();
    cniServer.close();
    routing.close();
    metrics.ifPresent(MetricsServer::close);
  }
}
