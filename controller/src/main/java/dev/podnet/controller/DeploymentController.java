package dev.podnet.controller;

import dev.podnet.api.EventRecorder;
import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Preconditions;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each Deployment's current template in its own ReplicaSet ({@link NewReplicaSet}) and moves
 * replicas from the old ReplicaSets to it by the strategy ({@link Rollout}), then reports status
 * ({@link RolloutStatus}). Like the ReplicaSet controller it reads ReplicaSets and pods from the
 * store at each sync, so a decision never rests on a cache that has not yet seen its last write.
 */
public final class DeploymentController extends SyncLoop<ObjectKey> {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);
  static final String NAME = "deployment";
  private static final int DEFAULT_HISTORY = 10;

  private final Store store;
  private final Informer<ReplicaSet> replicaSets;
  private EventRecorder events = EventRecorder.NONE;

  public DeploymentController(Store store) {
    this(store, new Informers(store), true);
  }

  DeploymentController(Store store, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers,
        List.of(informers.of(Resources.DEPLOYMENTS), informers.of(Resources.REPLICASETS), informers.of(Resources.PODS)));
    this.store = store;
    Informer<Deployment> deployments = informers.of(Resources.DEPLOYMENTS);
    this.replicaSets = informers.of(Resources.REPLICASETS);
    Informer<Pod> pods = informers.of(Resources.PODS);
    deployments.addHandler(d -> enqueue(ObjectKey.of(d)), (old, d) -> enqueue(ObjectKey.of(d)), d -> {});
    replicaSets.addHandler(this::enqueueOwner, (old, rs) -> enqueueOwner(rs), this::enqueueOwner);
    // a Recreate waits for the last old pod to be gone, which no ReplicaSet status shows
    pods.addHandler(p -> {}, (old, p) -> {}, this::onPodDeleted);
  }

  /** Reports ReplicaSet scaling as Events on the Deployment, as upstream; call before {@link #start()}. */
  DeploymentController recordingTo(EventRecorder recorder) {
    this.events = recorder;
    return this;
  }

  private void enqueueOwner(HasMetadata dependent) {
    ownerOfKind(dependent, Resources.DEPLOYMENTS.kind())
        .ifPresent(r -> enqueue(new ObjectKey(dependent.getMetadata().getNamespace(), r.getName())));
  }

  private void onPodDeleted(Pod pod) {
    ownerOfKind(pod, Resources.REPLICASETS.kind())
        .flatMap(r -> replicaSets.get(pod.getMetadata().getNamespace(), r.getName()))
        .ifPresent(this::enqueueOwner);
  }

  private static Optional<OwnerReference> ownerOfKind(HasMetadata obj, String kind) {
    return OwnerRefs.controllerOf(obj).filter(r -> kind.equals(r.getKind()));
  }

  @Override
  void sync(ObjectKey key) {
    Optional<Deployment> found = store.find(Resources.DEPLOYMENTS, key.namespace(), key.name());
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    Deployment d = found.get();
    List<ReplicaSet> owned = store.<ReplicaSet>list(Resources.REPLICASETS, key.namespace()).items().stream()
        .filter(rs -> OwnerRefs.isControlledBy(rs, d) && rs.getMetadata().getDeletionTimestamp() == null)
        .sorted(Comparator.comparingLong(NewReplicaSet::revision).thenComparing(rs -> rs.getMetadata().getName())).toList();
    Set<String> ownedUids = owned.stream().map(rs -> rs.getMetadata().getUid()).collect(Collectors.toSet());
    List<Pod> pods = store.<Pod>list(Resources.PODS, key.namespace()).items().stream()
        .filter(p -> OwnerRefs.controllerOf(p).filter(r -> ownedUids.contains(r.getUid())).isPresent()).toList();
    Optional<ReplicaSet> current = owned.stream().filter(rs -> NewReplicaSet.runsTemplateOf(rs, d)).reduce((a, b) -> b);
    List<ReplicaSet> olds = owned.stream().filter(rs -> current.map(c -> c != rs).orElse(true)).toList();
    long revision = olds.stream().mapToLong(NewReplicaSet::revision).max().orElse(0) + 1;
    ReplicaSet newRs = current.orElseGet(() -> NewReplicaSet.build(d, NewReplicaSet.hash(d), 0, revision));
    Map<String, Integer> targets = Rollout.plan(d, newRs, olds, availablePods(d, owned, pods), olds.stream().anyMatch(rs -> hasPods(rs, pods)));
    if (current.isEmpty() && !createReplicaSet(key, d, NewReplicaSet.build(d, NewReplicaSet.hash(d), targets.get(name(newRs)), revision))) {
      return;
    }
    current.ifPresent(rs -> scale(d, rs, targets.get(name(rs)), Math.max(revision, NewReplicaSet.revision(rs))));
    olds.forEach(rs -> scale(d, rs, targets.get(name(rs)), NewReplicaSet.revision(rs)));
    deleteOldHistory(key, d, olds, targets, pods);
    updateStatus(key, d, newRs, pods);
  }

  private Map<String, Integer> availablePods(Deployment d, List<ReplicaSet> owned, List<Pod> pods) {
    int minReady = Objects.requireNonNullElse(d.getSpec().getMinReadySeconds(), 0);
    Instant now = Instant.now();
    Map<String, Integer> available = new HashMap<>();
    for (ReplicaSet rs : owned) {
      available.put(name(rs), (int) pods.stream().filter(p -> OwnerRefs.isControlledBy(p, rs) && Pods.isActive(p)
          && Pods.isAvailable(p, minReady, now)).count());
    }
    return available;
  }

  private static boolean hasPods(ReplicaSet rs, List<Pod> pods) {
    return pods.stream().anyMatch(p -> OwnerRefs.isControlledBy(p, rs));
  }

  /** False if the name was taken by another ReplicaSet: collisionCount goes up and the hash with it. */
  private boolean createReplicaSet(ObjectKey key, Deployment d, ReplicaSet rs) {
    try {
      store.create(rs);
      if (rs.getSpec().getReplicas() > 0) {
        events.normal(d, "ScalingReplicaSet", "Scaled up replica set " + name(rs) + " from 0 to " + rs.getSpec().getReplicas());
      }
      LOG.info("controller={} deployment={} replicaset={} replicas={} revision={} created", NAME, key, name(rs), rs.getSpec().getReplicas(),
          NewReplicaSet.revision(rs));
      return true;
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
        throw e;
      }
    }
    Optional<ReplicaSet> taken = store.find(Resources.REPLICASETS, key.namespace(), name(rs));
    if (taken.filter(t -> OwnerRefs.isControlledBy(t, d) && NewReplicaSet.runsTemplateOf(t, d)).isPresent()) {
      return true;
    }
    store.<Deployment>guaranteedUpdate(Resources.DEPLOYMENTS, key.namespace(), key.name(), x -> {
      DeploymentStatus status = Objects.requireNonNullElse(x.getStatus(), new DeploymentStatus());
      status.setCollisionCount(Objects.requireNonNullElse(status.getCollisionCount(), 0) + 1);
      x.setStatus(status);
      return x;
    });
    LOG.warn("controller={} deployment={} replicaset={} name taken by another ReplicaSet, collisionCount raised", NAME, key, name(rs));
    return false;
  }

  private void scale(Deployment d, ReplicaSet rs, int replicas, long revision) {
    ObjectKey key = ObjectKey.of(d);
    int from = ReplicaSetController.replicas(rs);
    if (from == replicas && NewReplicaSet.revision(rs) == revision) {
      return;
    }
    store.<ReplicaSet>guaranteedUpdate(Resources.REPLICASETS, key.namespace(), name(rs), r -> {
      if (!Objects.equals(r.getMetadata().getUid(), rs.getMetadata().getUid())) {
        return r;
      }
      r.getSpec().setReplicas(replicas);
      Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(r.getMetadata().getAnnotations(), Map.of()));
      annotations.put(NewReplicaSet.REVISION, Long.toString(revision));
      r.getMetadata().setAnnotations(annotations);
      return r;
    });
    if (from != replicas) {
      events.normal(d, "ScalingReplicaSet", "Scaled " + (replicas > from ? "up" : "down") + " replica set " + name(rs) + " from " + from + " to " + replicas);
    }
    LOG.info("controller={} deployment={} replicaset={} replicas={}->{} scaled", NAME, key, name(rs), from, replicas);
  }

  /** Old ReplicaSets beyond revisionHistoryLimit, oldest first, once they have nothing left to run. */
  private void deleteOldHistory(ObjectKey key, Deployment d, List<ReplicaSet> olds, Map<String, Integer> targets, List<Pod> pods) {
    int limit = Objects.requireNonNullElse(d.getSpec().getRevisionHistoryLimit(), DEFAULT_HISTORY);
    for (ReplicaSet rs : olds.subList(0, Math.max(0, olds.size() - limit))) {
      boolean empty = targets.get(name(rs)) == 0 && ReplicaSetController.replicas(rs) == 0 && !hasPods(rs, pods);
      if (!empty) {
        continue;
      }
      try {
        store.delete(Resources.REPLICASETS, key.namespace(), name(rs), new Preconditions(rs.getMetadata().getUid(), ""));
        LOG.info("controller={} deployment={} replicaset={} revision={} deleted: beyond revisionHistoryLimit={}", NAME, key, name(rs),
            NewReplicaSet.revision(rs), limit);
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.NOT_FOUND) && !e.is(StoreException.Reason.CONFLICT)) {
          throw e;
        }
      }
    }
  }

  private void updateStatus(ObjectKey key, Deployment d, ReplicaSet newRs, List<Pod> pods) {
    int minReady = Objects.requireNonNullElse(d.getSpec().getMinReadySeconds(), 0);
    Instant now = Instant.now();
    List<Pod> active = pods.stream().filter(Pods::isActive).toList();
    List<Pod> updated = active.stream().filter(p -> OwnerRefs.controllerOf(p).filter(r -> name(newRs).equals(r.getName())).isPresent()).toList();
    PodTemplateSpec template = d.getSpec().getTemplate();
    RolloutStatus.Observed observed = new RolloutStatus.Observed(d, name(newRs), ReplicaCounts.of(active, template, minReady, now),
        ReplicaCounts.of(updated, template, minReady, now));
    String revision = Long.toString(Math.max(NewReplicaSet.revision(newRs), 1));
    store.<Deployment>guaranteedUpdate(Resources.DEPLOYMENTS, key.namespace(), key.name(), x -> {
      if (!Objects.equals(x.getMetadata().getUid(), d.getMetadata().getUid())) {
        return x;
      }
      x.setStatus(RolloutStatus.of(observed, x.getStatus(), now));
      Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(x.getMetadata().getAnnotations(), Map.of()));
      annotations.put(NewReplicaSet.REVISION, revision);
      x.getMetadata().setAnnotations(annotations);
      return x;
    });
  }

  private static String name(HasMetadata obj) {
    return obj.getMetadata().getName();
  }
}
