package dev.podnet.daemon;

import dev.podnet.daemon.api.PodnetEndpoints;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Uts;
import dev.podnet.lab.Lab;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.runtime.NodeRuntime;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** The running daemon as podnet's own endpoints see it. */
final class ClusterView implements PodnetEndpoints.Cluster {
  private final DaemonConfig config;
  private final String etcd;
  private final Lab lab;
  private final LabNodes nodes;
  private final PodDispatcher pods;
  private final Runnable teardown;

  ClusterView(DaemonConfig config, String etcd, Lab lab, LabNodes nodes, PodDispatcher pods, Runnable teardown) {
    this.config = config;
    this.etcd = etcd;
    this.lab = lab;
    this.nodes = nodes;
    this.pods = pods;
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
    m.put("stateDir", config.stateDir().toString());
    m.put("socket", config.socket().toString());
    m.put("version", "0.1.0");
    // where podnet exec --outside runs: the LAN client that is not part of the cluster
    m.put("outside", Map.of("netns", lab.outside().netns().path().toString(), "address", lab.outside().address().getHostAddress()));
    return m;
  }

  @Override
  public void teardown() {
    teardown.run();
  }

  @Override
  public Optional<Map<String, Object>> sandbox(String namespace, String name) {
    return running(namespace, name).map(pr -> {
      Pod pod = pr.pod();
      boolean host = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
      LabNode node = lab.node(pod.getSpec().getNodeName());
      String ns = host ? node.netns().toString() : lab.names().pod(namespace, name);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("node", node.name());
      m.put("netns", host ? node.netns().path().toString() : "/run/netns/" + ns);
      m.put("uts", host ? node.uts().toString() : Uts.path(ns).toString());
      Map<String, Long> running = pr.runtime().runningContainers(pod.getMetadata().getUid());
      Map<String, Object> containers = new LinkedHashMap<>();
      for (Container c : pod.getSpec().getContainers()) {
        Long pid = running.get(c.getName());
        containers.put(c.getName(), pid == null ? Map.of("running", false) : Map.of("pid", pid, "running", true));
      }
      m.put("containers", containers);
      return m;
    });
  }

  private record PodOnNode(Pod pod, NodeRuntime runtime) {}

  private Optional<PodOnNode> running(String namespace, String name) {
    return pods.find(namespace, name).flatMap(p -> {
      String node = p.getSpec().getNodeName();
      return node == null || node.isEmpty() ? Optional.empty() : nodes.runtime(node).map(r -> new PodOnNode(p, r));
    });
  }

  @Override
  public Optional<Map<String, Object>> nodeNamespaces(String node) {
    if (nodes.runtime(node).isEmpty()) {
      return Optional.empty();
    }
    LabNode n = lab.node(node);
    return Optional.of(Map.of("netns", n.netns().path().toString(), "uts", n.uts().toString()));
  }

  @Override
  public Optional<Pod> pod(String namespace, String name) {
    return pods.find(namespace, name);
  }

  @Override
  public Optional<Netns> netns(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    return running(namespace, name).filter(pr -> !pr.runtime().runningContainers(pr.pod().getMetadata().getUid()).isEmpty()).map(pr -> {
      LabNode node = lab.node(pr.pod().getSpec().getNodeName());
      return Boolean.TRUE.equals(pr.pod().getSpec().getHostNetwork()) ? node.netns() : Netns.named(lab.names().pod(namespace, name));
    });
  }

  @Override
  public Optional<ContainerRun> container(Pod pod, String container) {
    return running(pod.getMetadata().getNamespace(), pod.getMetadata().getName()).map(pr -> {
      String uid = pr.pod().getMetadata().getUid();
      Long pid = pr.runtime().runningContainers(uid).get(container);
      return new ContainerRun(pid == null ? OptionalLong.empty() : OptionalLong.of(pid), pr.runtime().logFile(uid, container),
          pr.runtime().previousLogFile(uid, container));
    });
  }
}
