package dev.podnet.controller;

import dev.podnet.api.EventRecorder;
import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds each pod without a spec.nodeName to a node ({@link Placement}), by setting spec.nodeName
 * and PodScheduled=True; a pod that fits nowhere gets PodScheduled=False, reason Unschedulable,
 * and is tried again whenever a node changes. Pods bound here but not yet bound in the cache are
 * "assumed", as in kube-scheduler, and count toward their node's load, so a burst spreads evenly.
 */
public final class Scheduler extends SyncLoop<ObjectKey> {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  static final String NAME = "scheduler";
  static final String DEFAULT_SCHEDULER = "default-scheduler";

  private final Store store;
  private final Informer<Pod> pods;
  private final Informer<Node> nodes;
  /** Bound by us, not yet bound in the cache: pod to (uid, node). Worker thread only. */
  private final Map<ObjectKey, Assumed> assumed = new HashMap<>();
  private EventRecorder events = EventRecorder.NONE;

  private record Assumed(String uid, String node) {}

  public Scheduler(Store store) {
    this(store, new Informers(store), true);
  }

  Scheduler(Store store, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers, List.of(informers.of(Resources.PODS), informers.of(Resources.NODES)));
    this.store = store;
    this.pods = informers.of(Resources.PODS);
    this.nodes = informers.of(Resources.NODES);
    pods.addHandler(this::onPodChanged, (old, pod) -> onPodChanged(pod), pod -> enqueue(ObjectKey.of(pod)));
    nodes.addHandler(node -> onNodesChanged(), (old, node) -> onNodesChanged(), node -> onNodesChanged());
  }

  /** Reports bindings and failures as Events, as kube-scheduler does; call before {@link #start()}. */
  Scheduler recordingTo(EventRecorder recorder) {
    this.events = recorder;
    return this;
  }

  private void onPodChanged(Pod pod) {
    if (wantsScheduling(pod)) {
      enqueue(ObjectKey.of(pod));
    }
  }

  private void onNodesChanged() {
    pods.list().forEach(this::onPodChanged);
  }

  static boolean wantsScheduling(Pod pod) {
    String scheduler = pod.getSpec() == null ? null : pod.getSpec().getSchedulerName();
    return !Pods.isBound(pod) && !Pods.isTerminating(pod) && (scheduler == null || DEFAULT_SCHEDULER.equals(scheduler));
  }

  @Override
  void sync(ObjectKey key) {
    assumed.entrySet().removeIf(e -> !stillAssumed(e.getKey(), e.getValue()));
    Pod pod = pods.get(key.namespace(), key.name()).orElse(null);
    if (pod == null || !wantsScheduling(pod) || assumed.containsKey(key)) {
      return;
    }
    Placement.Decision decision = Placement.decide(pod, nodes.list(), load(), siblings(pod));
    if (decision instanceof Placement.Bind bind) {
      bind(key, pod, bind.node());
    } else if (decision instanceof Placement.Unschedulable unschedulable) {
      markUnschedulable(key, pod, unschedulable.message());
    }
  }

  private void bind(ObjectKey key, Pod pod, String node) {
    String uid = pod.getMetadata().getUid();
    PodCondition scheduled = new PodConditionBuilder().withType(Pods.POD_SCHEDULED).withStatus("True").build();
    Optional<Pod> written = write(key, uid, p -> {
      p.getSpec().setNodeName(node);
      Pods.setCondition(p, scheduled, Instant.now());
      return p;
    });
    if (written.filter(p -> node.equals(Pods.nodeName(p))).isPresent()) {
      assumed.put(key, new Assumed(uid, node));
      events.normal(written.get(), "Scheduled", "Successfully assigned " + key + " to " + node);
      LOG.info("controller={} pod={} node={} bound", NAME, key, node);
    }
  }

  private void markUnschedulable(ObjectKey key, Pod pod, String message) {
    PodCondition unschedulable = new PodConditionBuilder().withType(Pods.POD_SCHEDULED).withStatus("False")
        .withReason("Unschedulable").withMessage(message).build();
    if (Pods.hasCondition(pod, unschedulable)) {
      return;
    }
    events.warning(pod, "FailedScheduling", message);
    write(key, pod.getMetadata().getUid(), p -> {
      Pods.setCondition(p, unschedulable, Instant.now());
      if (p.getStatus().getPhase() == null) {
        p.getStatus().setPhase("Pending");
      }
      return p;
    });
    LOG.info("controller={} pod={} reason=Unschedulable message=\"{}\"", NAME, key, message);
  }

  /** Changes the pod if it is still the same, unbound, live pod; the stored pod, or empty if it is gone. */
  private Optional<Pod> write(ObjectKey key, String uid, UnaryOperator<Pod> change) {
    try {
      return Optional.of(store.<Pod>guaranteedUpdate(Resources.PODS, key.namespace(), key.name(),
          p -> Objects.equals(p.getMetadata().getUid(), uid) && wantsScheduling(p) ? change.apply(p) : p));
    } catch (StoreException e) {
      if (e.is(StoreException.Reason.NOT_FOUND)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private boolean stillAssumed(ObjectKey key, Assumed a) {
    Pod cached = pods.get(key.namespace(), key.name()).orElse(null);
    return cached != null && a.uid().equals(cached.getMetadata().getUid()) && !Pods.isBound(cached) && !Pods.isTerminating(cached);
  }

  /** Like {@link #load()}, for the pods with {@code pod}'s controller only (none without one). */
  private Map<String, Integer> siblings(Pod pod) {
    Optional<String> owner = controllerUid(pod);
    Map<String, Integer> count = new HashMap<>();
    if (owner.isEmpty()) {
      return count;
    }
    for (Pod p : pods.list()) {
      if (Pods.isBound(p) && Pods.isActive(p) && owner.equals(controllerUid(p))) {
        count.merge(Pods.nodeName(p), 1, Integer::sum);
      }
    }
    assumed.forEach((key, a) -> pods.get(key.namespace(), key.name()).filter(p -> owner.equals(controllerUid(p)))
        .ifPresent(p -> count.merge(a.node(), 1, Integer::sum)));
    return count;
  }

  private static Optional<String> controllerUid(Pod pod) {
    List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
    return refs == null ? Optional.empty() : refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).map(OwnerReference::getUid).findFirst();
  }

  /** Each node's non-terminated, non-terminating pods, counting those assumed onto it. */
  private Map<String, Integer> load() {
    Map<String, Integer> load = new HashMap<>();
    for (Pod p : pods.list()) {
      if (Pods.isBound(p) && Pods.isActive(p)) {
        load.merge(Pods.nodeName(p), 1, Integer::sum);
      }
    }
    assumed.values().forEach(a -> load.merge(a.node(), 1, Integer::sum));
    return load;
  }
}
