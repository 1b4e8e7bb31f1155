package dev.podnet.lab;

import dev.podnet.kernel.Kernel;
import dev.podnet.kernel.NamespaceSet;
import dev.podnet.kernel.Netns;
import dev.podnet.kernel.Uts;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pod sandboxes of one node, as a container runtime keeps them: network and UTS namespaces
 * named with the lab's prefix, wired by CNI ADD through the {@code podnet-cni} executable and the
 * node agent's socket, as containerd would. Lives wherever the node's runtime runs (the node's own
 * process, or a test's JVM).
 */
public final class NodeSandboxes {
  private final Kernel kernel;
  private final LabNames names;
  private final LabNode node;
  private final CniPlugin cni;
  private final Map<String, Sandbox> pods = new ConcurrentHashMap<>();

  public NodeSandboxes(Kernel kernel, LabNames names, LabNode node) {
    this.kernel = kernel;
    this.names = names;
    this.node = node;
    this.cni = CniPlugin.locate();
  }

  public LabNode node() {
    return node;
  }

  /** Creates a pod's sandbox and wires it with CNI ADD; on failure nothing is left. */
  public synchronized Sandbox create(String namespace, String podName, String hostname) {
    String name = names.pod(namespace, podName);
    if (pods.containsKey(name)) {
      throw new LabException("pod " + namespace + "/" + podName + " already has a sandbox (" + name + ")");
    }
    Netns ns = kernel.ensureNetns(name);
    CniPlugin.Attach attach = new CniPlugin.Attach(name, Optional.of(ns), LabNames.POD_IFNAME, namespace, podName);
    try {
      Path uts = Uts.ensure(name, hostname);
      InetAddress ip = cni.add(socket(), attach);
      Sandbox s = new Sandbox(name, podName, NamespaceSet.of(ns, uts), Optional.of(ip), false);
      pods.put(name, s);
      return s;
    } catch (RuntimeException e) {
      try {
        cni.delete(socket(), attach);
      } catch (RuntimeException undo) {
        e.addSuppressed(undo); // the namespace goes below anyway, and its veth end with it
      }
      kernel.deleteNetns(name);
      Uts.delete(name);
      throw new LabException("create sandbox for pod " + namespace + "/" + podName + " on " + node.name() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The sandbox a previous run made for this pod, if it is still whole (namespaces and address):
   * registered as it is, so its processes and connections live on. A half-made one is removed.
   */
  public synchronized Optional<Sandbox> adopt(String namespace, String podName) {
    String name = names.pod(namespace, podName);
    if (pods.containsKey(name)) {
      return Optional.of(pods.get(name));
    }
    if (!kernel.netnsNames().contains(name)) {
      return Optional.empty();
    }
    Netns ns = Netns.named(name);
    Optional<InetAddress> ip = kernel.addresses(ns).stream().filter(a -> a.dev().equals(LabNames.POD_IFNAME))
        .map(a -> a.address().address()).filter(a -> node.info().podCidr().contains(a)).findFirst();
    if (ip.isEmpty() || !Uts.names().contains(name)) {
      cni.delete(socket(), new CniPlugin.Attach(name, Optional.of(ns), LabNames.POD_IFNAME, namespace, podName));
      kernel.deleteNetns(name);
      Uts.delete(name);
      return Optional.empty();
    }
    Sandbox s = new Sandbox(name, podName, NamespaceSet.of(ns, Uts.path(name)), ip, false);
    pods.put(name, s);
    return Optional.of(s);
  }

  /** A hostNetwork pod: the node's own namespaces, the node's address. */
  public Sandbox hostNetwork(String podName) {
    return new Sandbox(node.netns().toString(), podName, node.namespaces(), Optional.of(node.info().lanAddress()), true);
  }

  /** Kills the pod's processes, CNI DEL, removes its namespaces. Absent counts as success. */
  public void delete(Sandbox s) {
    s.killProcesses();
    if (s.hostNetwork()) {
      return;
    }
    kernel.killProcesses(s.name());
    cni.delete(socket(), new CniPlugin.Attach(s.name(), Optional.of(s.netns()), LabNames.POD_IFNAME, "", s.podName()));
    kernel.deleteNetns(s.name());
    Uts.delete(s.name());
    pods.remove(s.name());
  }

  /**
   * Removes this node's sandboxes that none of {@code wanted} ("namespace/name") owns: what a
   * previous run left for pods deleted while no runtime was there to stop them. A sandbox is this
   * node's when it holds an address lease of this node's CNI (other nodes' are theirs to judge).
   */
  public int removeStale(Set<String> wanted) {
    Set<String> keep = new HashSet<>();
    for (String w : wanted) {
      int slash = w.indexOf('/');
      keep.add(names.pod(w.substring(0, slash), w.substring(slash + 1)));
    }
    Set<String> existing = new HashSet<>(kernel.netnsNames());
    int removed = 0;
    for (String ns : node.agent().cni().containerIds()) {
      if (keep.contains(ns) || !ns.startsWith(names.prefix())) {
        continue;
      }
      if (existing.contains(ns)) {
        kernel.killProcesses(ns);
      }
      cni.delete(socket(), new CniPlugin.Attach(ns, existing.contains(ns) ? Optional.of(Netns.named(ns)) : Optional.empty(), LabNames.POD_IFNAME,
          "", ""));
      if (existing.contains(ns)) {
        kernel.deleteNetns(ns);
      }
      Uts.delete(ns);
      pods.remove(ns);
      removed++;
    }
    return removed;
  }

  /** Kills every sandbox's processes (the cluster is going away). */
  public void killAll() {
    List.copyOf(pods.values()).forEach(Sandbox::killProcesses);
    pods.clear();
  }

  private Path socket() {
    return node.agent().cniSocket();
  }
}
