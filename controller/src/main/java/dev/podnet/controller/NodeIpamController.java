package dev.podnet.controller;

import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every node without a spec.podCIDR the lowest free node subnet of the cluster CIDR, as
 * kube-controller-manager's range allocator does; a deleted node's subnet is free again. The
 * taken set is the informer's nodes plus the subnets this controller wrote that the cache has not
 * shown yet, so two nodes synced back to back never get one subnet.
 */
public final class NodeIpamController extends SyncLoop<String> {
  private static final Logger LOG = LoggerFactory.getLogger(NodeIpamController.class);
  static final String NAME = "node-ipam";

  private final Store store;
  private final PodCidrs podCidrs;
  private final Informer<Node> nodes;
  /** Written but not yet seen in the cache: node name to (uid, subnet). Worker thread only. */
  private final Map<String, Allocation> inFlight = new HashMap<>();

  private record Allocation(String uid, String cidr) {}

  public NodeIpamController(Store store, PodCidrs podCidrs) {
    this(store, podCidrs, new Informers(store), true);
  }

  NodeIpamController(Store store, PodCidrs podCidrs, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers, List.of(informers.of(Resources.NODES)));
    this.store = store;
    this.podCidrs = podCidrs;
    this.nodes = informers.of(Resources.NODES);
    nodes.addHandler(this::onNodeAdded, (old, node) -> onNodeAdded(node), this::onNodeDeleted);
  }

  private void onNodeAdded(Node node) {
    if (podCidrOf(node).isEmpty()) {
      enqueue(node.getMetadata().getName());
    }
  }

  /** Its subnet is free now: nodes that found none before may get it. */
  private void onNodeDeleted(Node node) {
    enqueue(node.getMetadata().getName());
    nodes.list().forEach(this::onNodeAdded);
  }

  @Override
  void sync(String name) {
    Optional<Node> cached = nodes.get("", name);
    Allocation pending = inFlight.get(name);
    if (cached.isEmpty() || podCidrOf(cached.get()).isPresent()
        || (pending != null && !pending.uid().equals(cached.get().getMetadata().getUid()))) {
      inFlight.remove(name);
    }
    if (cached.isEmpty() || podCidrOf(cached.get()).isPresent() || inFlight.containsKey(name)) {
      return;
    }
    String uid = cached.get().getMetadata().getUid();
    String cidr = podCidrs.lowestFree(allocated()).orElseThrow(() -> new IllegalStateException(
        "allocate pod CIDR for node " + name + ": no free subnet left in " + podCidrs + " (" + podCidrs.size() + " in use)"));
    Node written;
    try {
      written = store.guaranteedUpdate(Resources.NODES, "", name, (Node n) -> assign(n, uid, cidr));
    } catch (StoreException e) {
      if (e.is(StoreException.Reason.NOT_FOUND)) {
        return;
      }
      throw e;
    }
    if (podCidrOf(written).filter(cidr::equals).isPresent()) {
      inFlight.put(name, new Allocation(uid, cidr));
      LOG.info("controller={} node={} podCIDR={} allocated", NAME, name, cidr);
    }
  }

  private Set<String> allocated() {
    Set<String> taken = new HashSet<>();
    nodes.list().forEach(n -> podCidrOf(n).ifPresent(taken::add));
    inFlight.values().forEach(a -> taken.add(a.cidr()));
    return taken;
  }

  /** Sets the subnet unless the node already has one or is another node of the same name. */
  private static Node assign(Node node, String uid, String cidr) {
    if (!Objects.equals(node.getMetadata().getUid(), uid) || podCidrOf(node).isPresent()) {
      return node;
    }
    if (node.getSpec() == null) {
      node.setSpec(new NodeSpec());
    }
    node.getSpec().setPodCIDR(cidr);
    node.getSpec().setPodCIDRs(List.of(cidr));
    return node;
  }

  static Optional<String> podCidrOf(Node node) {
    if (node.getSpec() == null) {
      return Optional.empty();
    }
    String cidr = node.getSpec().getPodCIDR();
    return cidr == null || cidr.isEmpty() ? Optional.empty() : Optional.of(cidr);
  }
}
