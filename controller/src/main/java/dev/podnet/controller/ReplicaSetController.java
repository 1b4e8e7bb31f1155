package dev.podnet.controller;

import dev.podnet.api.Defaults;
import dev.podnet.api.Json;
import dev.podnet.api.EventRecorder;
import dev.podnet.api.LabelSelector;
import dev.podnet.api.PodNames;
import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps spec.replicas active pods per ReplicaSet: the pods it controls (ownerReference uid,
 * controller=true) that match its selector. Surplus goes first where it costs least: unscheduled,
 * then not Ready, then newest. Each sync reads the ReplicaSet and its pods from the store, not the
 * cache, so its own creations and deletions of a moment ago are always counted (what upstream's
 * "expectations" bookkeeping achieves).
 */
public final class ReplicaSetController extends SyncLoop<ObjectKey> {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetController.class);
  static final String NAME = "replicaset";
  private static final int NAME_ATTEMPTS = 8;

  /** Which surplus pod to delete first: unscheduled, not Ready, newest (name breaks ties). */
  static final Comparator<Pod> DELETE_FIRST = Comparator.<Pod, Boolean>comparing(Pods::isBound)
      .thenComparing(Pods::isReady)
      .thenComparing((Pod p) -> Objects.requireNonNullElse(p.getMetadata().getCreationTimestamp(), ""), Comparator.reverseOrder())
      .thenComparing((Pod p) -> p.getMetadata().getName(), Comparator.reverseOrder());

  private final Store store;
  private final PodDeleter podDeleter;
  private EventRecorder events = EventRecorder.NONE;

  public ReplicaSetController(Store store, PodDeleter podDeleter) {
    this(store, podDeleter, new Informers(store), true);
  }

  ReplicaSetController(Store store, PodDeleter podDeleter, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers, List.of(informers.of(Resources.REPLICASETS), informers.of(Resources.PODS)));
    this.store = store;
    this.podDeleter = podDeleter;
    Informer<ReplicaSet> replicaSets = informers.of(Resources.REPLICASETS);
    Informer<Pod> pods = informers.of(Resources.PODS);
    replicaSets.addHandler(rs -> enqueue(ObjectKey.of(rs)), (old, rs) -> enqueue(ObjectKey.of(rs)), rs -> {});
    pods.addHandler(this::onPodChanged, (old, pod) -> {
      onPodChanged(old);
      onPodChanged(pod);
    }, this::onPodChanged);
  }

  /** Reports created and deleted pods as Events on the ReplicaSet, as upstream; call before {@link #start()}. */
  ReplicaSetController recordingTo(EventRecorder recorder) {
    this.events = recorder;
    return this;
  }

  private void onPodChanged(Pod pod) {
    OwnerRefs.controllerOf(pod).filter(r -> Resources.REPLICASETS.kind().equals(r.getKind()))
        .ifPresent(r -> enqueue(new ObjectKey(pod.getMetadata().getNamespace(), r.getName())));
  }

  @Override
  void sync(ObjectKey key) {
    Optional<ReplicaSet> found = store.find(Resources.REPLICASETS, key.namespace(), key.name());
    if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    ReplicaSet rs = found.get();
    LabelSelector selector = LabelSelector.of(rs.getSpec().getSelector());
    List<Pod> active = store.<Pod>list(Resources.PODS, key.namespace()).items().stream()
        .filter(p -> OwnerRefs.isControlledBy(p, rs) && selector.matches(Pods.labels(p)) && Pods.isActive(p)).toList();
    int diff = replicas(rs) - active.size();
    if (diff > 0) {
      for (int i = 0; i < diff; i++) {
        createPod(rs);
      }
    } else if (diff < 0) {
      active.stream().sorted(DELETE_FIRST).limit(-diff).forEach(p -> deletePod(rs, p));
    }
    if (diff != 0) {
      LOG.info("controller={} replicaset={} replicas={} active={} created={} deleted={}", NAME, key, replicas(rs), active.size(),
          Math.max(diff, 0), Math.max(-diff, 0));
    }
    updateStatus(key, rs, active);
  }

  static int replicas(ReplicaSet rs) {
    return Objects.requireNonNullElse(rs.getSpec().getReplicas(), 1);
  }

  private void createPod(ReplicaSet rs) {
    String ns = rs.getMetadata().getNamespace();
    for (int attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      try {
        Pod created = store.create(podFor(rs, PodNames.generate(rs.getMetadata().getName() + "-", ThreadLocalRandom.current())));
        events.normal(rs, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
        return;
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
          throw e;
        }
      }
    }
    throw new StoreException(StoreException.Reason.ALREADY_EXISTS, "create pod for replicaset " + ns + "/" + rs.getMetadata().getName()
        + ": " + NAME_ATTEMPTS + " random names in a row were taken");
  }

  private void deletePod(ReplicaSet rs, Pod pod) {
    podDeleter.delete(pod);
    events.normal(rs, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
    LOG.info("controller={} replicaset={} pod={}/{} deleted", NAME, ObjectKey.of(rs), pod.getMetadata().getNamespace(), pod.getMetadata().getName());
  }

  /** A pod of the template, controlled by {@code rs}: what upstream's GetPodFromTemplate builds. */
  static Pod podFor(ReplicaSet rs, String name) {
    PodTemplateSpec template = rs.getSpec().getTemplate();
    ObjectMeta from = Objects.requireNonNullElse(template.getMetadata(), new ObjectMeta());
    ObjectMeta meta = new ObjectMeta();
    meta.setNamespace(rs.getMetadata().getNamespace());
    meta.setName(name);
    meta.setGenerateName(rs.getMetadata().getName() + "-");
    meta.setLabels(from.getLabels() == null ? null : new HashMap<>(from.getLabels()));
    meta.setAnnotations(from.getAnnotations() == null ? null : new HashMap<>(from.getAnnotations()));
    meta.setOwnerReferences(List.of(OwnerRefs.controllerRef(rs)));
    Pod pod = new Pod();
    pod.setMetadata(meta);
    pod.setSpec(Json.copy(template.getSpec()));
    return Defaults.apply(pod);
  }

  private void updateStatus(ObjectKey key, ReplicaSet rs, List<Pod> active) {
    int minReady = Objects.requireNonNullElse(rs.getSpec().getMinReadySeconds(), 0);
    ReplicaCounts counts = ReplicaCounts.of(active, rs.getSpec().getTemplate(), minReady, Instant.now());
    if (counts.ready() > counts.available()) {
      enqueueAfter(key, Duration.ofSeconds(minReady));
    }
    long generation = Objects.requireNonNullElse(rs.getMetadata().getGeneration(), 1L);
    try {
      store.<ReplicaSet>guaranteedUpdate(Resources.REPLICASETS, key.namespace(), key.name(), r -> withStatus(r, counts, generation));
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        throw e;
      }
    }
  }

  private static ReplicaSet withStatus(ReplicaSet rs, ReplicaCounts counts, long generation) {
    ReplicaSetStatus status = Objects.requireNonNullElse(rs.getStatus(), new ReplicaSetStatus());
    status.setReplicas(counts.replicas());
    status.setFullyLabeledReplicas(counts.fullyLabeled());
    status.setReadyReplicas(counts.ready());
    status.setAvailableReplicas(counts.available());
    status.setObservedGeneration(generation);
    rs.setStatus(status);
    return rs;
  }
}
