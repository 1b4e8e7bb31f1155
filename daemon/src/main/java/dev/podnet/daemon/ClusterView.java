package dev.podnet.daemon;

import dev.podnet.api.Resources;
import dev.podnet.daemon.api.PodnetEndpoints;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Uts;
import dev.podnet.lab.LabNames;
import dev.podnet.lab.Lab;
import dev.podnet.lab.Outside;
import dev.podnet.lab.runtime.RuntimeFiles;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The running cluster as podnet's own endpoints see it. Pods run in their node's process; podnetd
 * finds their namespaces by name and their containers through the runtime's files on this host,
 * as the API server reaches a kubelet's streams.
 */
final class ClusterView implements PodnetEndpoints.Cluster {
  private final DaemonConfig config;
  private final String etcd;
  private final Store store;
  private final LabNames names;
  private final LabNodes nodes;
  private final NodeProcesses processes;
  private final Runnable teardown;
  private final Lab lab;

  ClusterView(DaemonConfig config, String etcd, Store store, LabNames names, LabNodes nodes, NodeProcesses processes, Lab lab,
      Runnable teardown) {
    this.lab = lab;
    this.config = config;
    this.etcd = etcd;
    this.store = store;
    this.names = names;
    this.nodes = nodes;
    this.processes = processes;
    this.teardown = teardown;
  }

  @Override
  public Map<String, Object> info() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", config.name());
    m.put("routing", config.routing());
    m.put("nodes", config.nodes());
    m.put("etcd", etcd);
    m.put("pid", ProcessHandle.current().pid());
    m.put("agents", processes.pids());
    m.put("stateDir", config.stateDir().toString());
    m.put("socket", config.socket().toString());
    m.put("version", "0.1.0");
    // where podnet exec --outside runs: the LAN client that is not part of the cluster
    Outside outside = lab.outside();
    m.put("outside", Map.of("netns", outside.netns().path().toString(), "address", outside.address().getHostAddress()));
    // where podnet exec --edge / --outside-routed run: BIRD's namespace and the client behind it
    lab.edge().ifPresent(e -> {
      m.put("edge", Map.of("netns", e.netns().path().toString(), "address", e.lanAddress().getHostAddress(), "birdSocket", e.socket().toString()));
      m.put("outsideRouted", Map.of("netns", e.client().path().toString(), "address", e.clientAddress().getHostAddress()));
    });
    return m;
  }

  @Override
  public void teardown() {
    teardown.run();
  }

  private RuntimeFiles files(String node) {
    return new RuntimeFiles(config.stateDir().resolve("nodes").resolve(node));
  }

  private static String nodeOf(Pod p) {
    return p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
  }

  private static boolean host(Pod p) {
    return Boolean.TRUE.equals(p.getSpec().getHostNetwork());
  }

  @Override
  public Optional<Map<String, Object>> sandbox(String namespace, String name) {
    return pod(namespace, name).filter(p -> nodes.machine(nodeOf(p)).isPresent()).map(pod -> {
      NamespaceSet node = nodes.machine(nodeOf(pod)).orElseThrow();
      String ns = names.pod(namespace, name);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", nodeOf(pod));
      m.put("netns", host(pod) ? node.net().path().toString() : "/run/netns/" + ns);
      m.put("uts", host(pod) ? node.uts().orElseThrow().toString() : Uts.path(ns).toString());
      Map<String, Long> running = files(nodeOf(pod)).runningContainers(pod.getMetadata().getUid());
      Map<String, Object> containers = new LinkedHashMap<>();
      for (Container c : pod.getSpec().getContainers()) {
        Long pid = running.get(c.getName());
        containers.put(c.getName(), pid == null ? Map.of("running", false) : Map.of("pid", pid, "running", true));
      }
      m.put("containers", containers);
      return m;
    });
  }

  @Override
  public Optional<Map<String, Object>> nodeNamespaces(String node) {
    return nodes.machine(node).map(n -> Map.of("netns", n.net().path().toString(), "uts", n.uts().orElseThrow().toString()));
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return store.find(Resources.PODS, namespace, name);
  }

  @Override
  public Optional<Netns> netns(Pod pod) {
    String node = nodeOf(pod);
    if (node.isEmpty() || files(node).runningContainers(pod.getMetadata().getUid()).isEmpty()) {
      return Optional.empty();
    }
    return host(pod) ? nodes.machine(node).map(NamespaceSet::net) : Optional.of(Netns.named(names.pod(pod.getMetadata().getNamespace(), pod.getMetadata().getName())));
  }

  @Override
  public Optional<ContainerRun> container(Pod pod, String container) {
    String node = nodeOf(pod);
    if (node.isEmpty()) {
      return Optional.empty();
    }
    String uid = pod.getMetadata().getUid();
    RuntimeFiles f = files(node);
    Long pid = f.runningContainers(uid).get(container);
    return Optional.of(new ContainerRun(pid == null ? OptionalLong.empty() : OptionalLong.of(pid), f.logFile(uid, container), f.previousLogFile(uid, container)));
  }
}
