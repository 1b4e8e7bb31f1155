package dev.podnet.controller;

import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-controller-manager's node lifecycle controller, the part that watches node health: a node
 * whose Lease in {@code kube-node-lease} was not renewed within the grace period (upstream's
 * node-monitor-grace-period) gets Ready=Unknown ("Kubelet stopped posting node status."), and
 * each of its pods Ready=False, so the EndpointSlice controller takes them out of every Service.
 * A node that never renewed is still starting and is left alone. Its agent, once back, posts
 * Ready again itself, as a kubelet does. (Upstream's tainting and eviction are not done here.)
 */
public final class NodeLifecycleController extends SyncLoop<String> {
  private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);
  static final String NAME = "node-lifecycle";
  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final String UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";

  private final Store store;
  private final Duration grace;
  private final Clock clock;
  private final Informer<Node> nodes;
  private final Informer<Lease> leases;
  private final Informer<Pod> pods;

  NodeLifecycleController(Store store, Duration grace, Clock clock, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers, List.of(informers.of(Resources.NODES), informers.of(Resources.LEASES), informers.of(Resources.PODS)));
    this.store = store;
    this.grace = grace;
    this.clock = clock;
    this.nodes = informers.of(Resources.NODES);
    this.leases = informers.of(Resources.LEASES);
    this.pods = informers.of(Resources.PODS);
    nodes.addHandler(n -> enqueue(n.getMetadata().getName()), (o, n) -> enqueue(n.getMetadata().getName()), n -> { });
    leases.addHandler(this::leaseChanged, (o, l) -> leaseChanged(l), l -> { });
  }

  private void leaseChanged(Lease l) {
    if (LEASE_NAMESPACE.equals(l.getMetadata().getNamespace())) {
      enqueue(l.getMetadata().getName());
    }
  }

  @Override
  void sync(String name) {
    Optional<Node> node = nodes.get("", name);
    Optional<Instant> renewed = leases.get(LEASE_NAMESPACE, name).map(Lease::getSpec).filter(s -> s.getRenewTime() != null)
        .map(s -> s.getRenewTime().toInstant());
    if (node.isEmpty() || renewed.isEmpty()) {
      return; // gone, or still starting: nothing to judge yet
    }
    Instant expires = renewed.get().plus(grace);
    Instant now = clock.instant();
    if (now.isBefore(expires)) {
      enqueueAfter(name, Duration.between(now, expires).plusMillis(100));
      return;
    }
    if (!readyStatus(node.get()).equals("Unknown")) {
      markUnknown(name);
      LOG.info("node not ready node={} lastRenewal={} grace_ms={}", name, renewed.get(), grace.toMillis());
    }
    markPodsNotReady(name);
  }

  private static String readyStatus(Node n) {
    return n.getStatus() == null ? "" : n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).map(NodeCondition::getStatus)
        .findFirst().orElse("");
  }

  private void markUnknown(String name) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    store.guaranteedUpdateStatus(Resources.NODES, "", name, (Node n) -> {
      List<NodeCondition> conditions = new ArrayList<>(n.getStatus().getConditions());
      String heartbeat = conditions.stream().filter(c -> c.getType().equals("Ready")).map(NodeCondition::getLastHeartbeatTime).findFirst().orElse(now);
      conditions.removeIf(c -> c.getType().equals("Ready"));
      conditions.add(new NodeConditionBuilder().withType("Ready").withStatus("Unknown").withReason("NodeStatusUnknown").withMessage(UNKNOWN_MESSAGE)
          .withLastHeartbeatTime(heartbeat).withLastTransitionTime(now).build());
      n.getStatus().setConditions(conditions);
      return n;
    });
  }

  /** Upstream's MarkPodsNotReady: every pod of the node gets Ready=False, so its endpoints stop being ready. */
  private void markPodsNotReady(String node) {
    String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    for (Pod p : pods.list()) {
      if (!node.equals(p.getSpec().getNodeName()) || !Pods.isReady(p)) {
        continue;
      }
      try {
        store.guaranteedUpdateStatus(Resources.PODS, p.getMetadata().getNamespace(), p.getMetadata().getName(), (Pod cur) -> {
          if (!cur.getMetadata().getUid().equals(p.getMetadata().getUid()) || cur.getStatus() == null) {
            return cur;
          }
          for (PodCondition c : cur.getStatus().getConditions()) {
            if (c.getType().equals("Ready") && c.getStatus().equals("True")) {
              c.setStatus("False");
              c.setReason("NodeNotReady");
              c.setLastTransitionTime(now);
            }
          }
          return cur;
        });
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.NOT_FOUND)) {
          throw e;
        }
      }
    }
  }
}
