package dev.podnet.daemon;

import dev.podnet.agent.routing.NodeInfo;
import dev.podnet.api.Resources;
import dev.podnet.kernel.Cidr;
import dev.podnet.lab.Lab;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.runtime.NodeRuntime;
import dev.podnet.lab.runtime.RuntimeConfig;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lab's nodes as the cluster sees them: each is registered as a Node (addresses, labels),
 * gets its pod CIDR from the node IPAM controller, then its namespaces, agent and runtime, and
 * only then reports Ready — as a kubelet does.
 */
final class LabNodes implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LabNodes.class);
  private static final Duration CIDR_WAIT = Duration.ofSeconds(60);

  private final Store store;
  private final Lab lab;
  private final Path stateDir;
  private final Function<String, NodeRuntime.Wiring> wiring;
  private final Map<String, NodeRuntime> runtimes = new LinkedHashMap<>();

  /** {@code wiring}: where each node's runtime reports status and events and finds pod credentials, by node name. */
  LabNodes(Store store, Lab lab, Path stateDir, Function<String, NodeRuntime.Wiring> wiring) {
    this.store = store;
    this.lab = lab;
    this.stateDir = stateDir;
    this.wiring = wiring;
  }

  /** Brings nodes 1..count up (or back after a restart). */
  void ensure(int count) {
    for (int i = 1; i <= count; i++) {
      String name = "node-" + i;
      InetAddress ip = lab.lanAddress(i);
      register(name, ip);
      Cidr podCidr = awaitPodCidr(name);
      LabNode node = lab.addNode(new NodeInfo(name, ip, podCidr));
      runtimes.put(name, new NodeRuntime(lab, node, RuntimeConfig.kubelet(stateDir.resolve("nodes").resolve(name)), wiring.apply(name)));
      markReady(name);
      log.info("node ready node={} ip={} podCIDR={}", name, ip.getHostAddress(), podCidr);
    }
  }

  Optional<NodeRuntime> runtime(String node) {
    return Optional.ofNullable(runtimes.get(node));
  }

  Map<String, NodeRuntime> runtimes() {
    return runtimes;
  }

  private void register(String name, InetAddress ip) {
    if (store.find(Resources.NODES, "", name).isPresent()) {
      return;
    }
    Node n = new NodeBuilder().withNewMetadata().withName(name)
        .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux").addToLabels("kubernetes.io/arch", "amd64")
        .endMetadata().withNewSpec().endSpec()
        .withNewStatus().addNewAddress().withType("InternalIP").withAddress(ip.getHostAddress()).endAddress()
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .withConditions(ready(false, "NodeStarting", "podnet is bringing the node up"))
        .withNewNodeInfo().withKubeletVersion("podnet-0.1.0").withContainerRuntimeVersion("podnet://0.1.0").withOperatingSystem("linux")
        .withArchitecture("amd64").withOsImage("podnet lab").withKernelVersion(System.getProperty("os.version")).withKubeProxyVersion("")
        .withMachineID("").withSystemUUID("").withBootID("").endNodeInfo().endStatus().build();
    store.create(n);
  }

  private Cidr awaitPodCidr(String name) {
    long end = System.nanoTime() + CIDR_WAIT.toNanos();
    while (System.nanoTime() < end) {
      Node n = store.get(Resources.NODES, "", name);
      String c = n.getSpec() == null ? null : n.getSpec().getPodCIDR();
      if (c != null && !c.isEmpty()) {
        return Cidr.parse(c);
      }
      sleep(50);
    }
    throw new IllegalStateException("node " + name + " got no spec.podCIDR within " + CIDR_WAIT.toSeconds() + " s: is the node IPAM controller running?");
  }

  private void markReady(String name) {
    store.guaranteedUpdate(Resources.NODES, "", name, (Node n) -> {
      n.getStatus().setConditions(List.of(ready(true, "KubeletReady", "podnet node runtime is posting ready status")));
      return n;
    });
  }

  private static NodeCondition ready(boolean ready, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return new NodeConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").withReason(reason).withMessage(message)
        .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Stops the runtimes' threads; pods keep running. */
  @Override
  public void close() {
    runtimes.values().forEach(NodeRuntime::close);
  }
}
