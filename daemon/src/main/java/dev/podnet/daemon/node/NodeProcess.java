package dev.podnet.daemon.node;

import dev.podnet.agent.AgentConfig;
import dev.podnet.agent.NodeAgent;
import dev.podnet.agent.lb.LbNames;
import dev.podnet.api.Parts;
import dev.podnet.agent.install.CniInstallOptions;
import dev.podnet.client.ApiConnection;
import dev.podnet.client.ApiStore;
import dev.podnet.controller.events.EventBroadcaster;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Uts;
import dev.podnet.lab.LabNames;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.runtime.NodeRuntime;
import dev.podnet.lab.runtime.RuntimeConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's process, {@code podnet agent}: its composition root, built in order and closed in
 * reverse. Everything comes from the API at one URL: the node agent (routing, service proxy, CNI
 * server), and in the lab also what kubelet does there (registration, the pod runtime, the node
 * lease and Ready). Closing it, or killing it, leaves routes, rules and pods as they are: the
 * next process adopts them, and meanwhile the node simply stops renewing its lease.
 */
public final class NodeProcess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeProcess.class);

  /**
   * @param routing the backend; empty: the {@code backend} key of ConfigMap kube-system/podnet-config, else vxlan
   * @param lab the lab node this process is, or empty on a real host (its kubelet registers the node and runs pods)
   * @param cni whether to install the CNI config and plugin for the host's container runtime once the agent serves CNI
   */
  public record Options(String node, Optional<Path> kubeconfig, Optional<String> routing, Optional<LabNodeOptions> lab, CniInstallOptions cni) {}

  /**
   * A node whose pods this process runs (kubelet's part): pod namespace names come from the prefix,
   * state below {@code stateDir}, its address, its lease. {@code machine} empty: a lab node, whose
   * namespaces are named by the prefix too; present: this machine's own ({@code podnet join}).
   */
  public record LabNodeOptions(String prefix, Path stateDir, InetAddress nodeIp, Duration leaseDuration, Optional<NamespaceSet> machine) {
    public LabNodeOptions(String prefix, Path stateDir, InetAddress nodeIp, Duration leaseDuration) {
      this(prefix, stateDir, nodeIp, leaseDuration, Optional.empty());
    }

    /** The cluster's name in the prefix ({@code pn-NAME-}): whose eBPF pins and cgroups the node's are. */
    String owner() {
      return prefix.replaceFirst("^pn-", "").replaceFirst("-$", "");
    }

    NamespaceSet namespaces(String node) {
      String ns = new LabNames(prefix).node(node);
      return machine.orElseGet(() -> NamespaceSet.of(Netns.named(ns), Uts.path(ns)));
    }

    AgentConfig agentConfig(String node, String routing, NetworkSettings net) {
      if (machine.isEmpty()) {
        return AgentConfig.lab(node, namespaces(node).net(), routing, LabNames.UPLINK, stateDir.resolve("lab").resolve(node));
      }
      return new AgentConfig(node, machine.get().net(), routing, "", net.mtu(), stateDir.resolve("agent"), net.podCidr(),
          dev.podnet.kernel.Cidr.parse("10.96.0.0/12"), Duration.ofSeconds(10));
    }
  }

  private final Parts parts = new Parts("node process");

  private NodeProcess() {}

  public static NodeProcess start(Options o) {
    NodeProcess p = new NodeProcess();
    try {
      p.build(o);
      return p;
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
  }

  private void build(Options o) {
    long t0 = System.nanoTime();
    ApiStore api = ApiStore.connect(ApiConnection.resolve(o.kubeconfig()));
    awaitApi(api, Duration.ofSeconds(120));
    Optional<NodeHeartbeat> heartbeat = o.lab().map(lab -> {
      NodeRegistration.ensure(api, o.node(), lab.nodeIp());
      return NodeHeartbeat.start(api, o.node(), lab.leaseDuration());
    });
    heartbeat.ifPresent(parts::add);
    NetworkSettings net = NetworkSettings.resolve(o.routing(), System.getenv(), api);
    String routing = net.backend();
    Kernel kernel = new IpKernel();
    AgentConfig config = o.lab().map(lab -> lab.agentConfig(o.node(), routing, net))
        .orElseGet(() -> AgentConfig.host(o.node(), routing, net.mtu(), net.podCidr()))
        .withDatapath(net.datapath(), o.lab().map(LabNodeOptions::owner).orElse("podnet"));
    EventBroadcaster events = new EventBroadcaster(api);
    parts.add(events);
    NodeAgent agent = NodeAgent.start(api, config, kernel, Duration.ofSeconds(60), events.recorder(LbNames.COMPONENT, o.node()));
    parts.add(agent);
    o.cni().installIfRequested(agent.cniSocket()).ifPresent(c -> log.info("cni installed node={} changes={}", o.node(), c));
    if (o.lab().isPresent()) {
      NodeRuntime runtime = runPods(api, kernel, agent, o.node(), o.lab().get(), events);
      heartbeat.orElseThrow().serving(runtime::republishStatus);
    }
    log.info("node process up node={} routing={} server={} took_ms={}", o.node(), routing, api.connection().server(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /**
   * Waits until the API answers, as kubelet keeps trying its API server: a node may start before
   * its control plane (the lab starts both at once) or while it restarts.
   */
  private static void awaitApi(ApiStore api, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        api.find(dev.podnet.api.Resources.NAMESPACES, "", "default");
        return;
      } catch (dev.podnet.store.StoreException e) {
        if (System.nanoTime() > end) {
          throw new dev.podnet.store.StoreException(e.reason(), "the API at " + api.connection().server() + " did not answer within "
              + timeout.toSeconds() + " s: " + e.getMessage(), e);
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** What kubelet does on a lab node: the runtime for the node's pods. */
  private NodeRuntime runPods(ApiStore api, Kernel kernel, NodeAgent agent, String node, LabNodeOptions lab, EventBroadcaster events) {
    LabNode labNode = new LabNode(agent.self(), lab.namespaces(node), agent, kernel, new LabNames(lab.prefix()));
    NodeRuntime runtime = new NodeRuntime(labNode, RuntimeConfig.kubelet(lab.stateDir().resolve("nodes").resolve(node)),
        new NodeRuntime.Wiring(new StoreStatusSink(api), new TokenRequestCredentials(api), events.recorder("kubelet", node), agent.podCgroup()));
    parts.add(runtime);
    NodePods pods = new NodePods(api.withFieldSelector("spec.nodeName=" + node), runtime);
    parts.add(pods);
    pods.start(Duration.ofSeconds(30), labNode.sandboxes());
    return runtime;
  }

  /** Stops following the API; routes, rules and pods stay. */
  @Override
  public void close() {
    parts.close();
  }

  /** Starts the process's parts and runs until the JVM is asked to stop (SIGTERM), then closes them: what {@code agent} and {@code join} do. */
  static void runUntilStopped(Options o, Runnable started) throws InterruptedException {
    NodeProcess p = start(o);
    started.run();
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      p.close();
      stopped.countDown();
    }, "node-process-stop"));
    stopped.await();
  }
}
