package dev.podnet.controller;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Preconditions;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background cascading deletion: a ReplicaSet or pod whose owners (Deployments, ReplicaSets, by
 * ownerReference uid) are all gone is deleted, so deleting a Deployment removes its ReplicaSets and
 * then their pods. An owner missing from the cache is looked up in the store before its dependents
 * go, as upstream's GC does, because a cache may not have seen an owner that was just created.
 */
public final class GarbageCollector extends SyncLoop<GarbageCollector.Dependent> {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  static final String NAME = "garbage-collector";

  /** A queued object: its type and key. */
  record Dependent(ResourceType type, ObjectKey key) {
    @Override
    public String toString() {
      return type.singular() + " " + key;
    }
  }

  private final Store store;
  private final PodDeleter podDeleter;
  /** Owner kinds by kind name; the informers of dependents by type. */
  private final Map<String, Informer<? extends HasMetadata>> owners;
  private final Map<ResourceType, Informer<? extends HasMetadata>> dependents;

  public GarbageCollector(Store store, PodDeleter podDeleter) {
    this(store, podDeleter, new Informers(store), true);
  }

  GarbageCollector(Store store, PodDeleter podDeleter, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers,
        List.of(informers.of(Resources.DEPLOYMENTS), informers.of(Resources.REPLICASETS), informers.of(Resources.PODS)));
    this.store = store;
    this.podDeleter = podDeleter;
    Informer<HasMetadata> deployments = informers.of(Resources.DEPLOYMENTS);
    Informer<HasMetadata> replicaSets = informers.of(Resources.REPLICASETS);
    Informer<HasMetadata> pods = informers.of(Resources.PODS);
    this.owners = Map.of(Resources.DEPLOYMENTS.kind(), deployments, Resources.REPLICASETS.kind(), replicaSets);
    this.dependents = Map.of(Resources.REPLICASETS, replicaSets, Resources.PODS, pods);
    deployments.addHandler(d -> {}, (old, d) -> {}, this::onOwnerDeleted);
    replicaSets.addHandler(rs -> onDependent(Resources.REPLICASETS, rs), (old, rs) -> onDependent(Resources.REPLICASETS, rs), this::onOwnerDeleted);
    pods.addHandler(p -> onDependent(Resources.PODS, p), (old, p) -> onDependent(Resources.PODS, p), p -> {});
  }

  private void onDependent(ResourceType type, HasMetadata obj) {
    if (!OwnerRefs.of(obj).isEmpty() && obj.getMetadata().getDeletionTimestamp() == null) {
      enqueue(new Dependent(type, ObjectKey.of(obj)));
    }
  }

  private void onOwnerDeleted(HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    dependents.forEach((type, informer) -> informer.list().stream()
        .filter(o -> OwnerRefs.of(o).stream().anyMatch(r -> Objects.equals(uid, r.getUid())))
        .forEach(o -> enqueue(new Dependent(type, ObjectKey.of(o)))));
  }

  @Override
  void sync(Dependent dependent) {
    ObjectKey key = dependent.key();
    Optional<? extends HasMetadata> cached = dependents.get(dependent.type()).get(key.namespace(), key.name());
    if (cached.isEmpty() || cached.get().getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    HasMetadata obj = cached.get();
    List<OwnerReference> refs = OwnerRefs.of(obj);
    if (refs.isEmpty() || refs.stream().anyMatch(r -> ownerExists(key.namespace(), r))) {
      return;
    }
    delete(dependent, obj);
    LOG.info("controller={} {}={} deleted: owner {} {} is gone", NAME, dependent.type().singular(), key, refs.get(0).getKind(), refs.get(0).getName());
  }

  /** True unless the owner is of a kind we know and is absent, or present with another uid, in cache and store. */
  private boolean ownerExists(String namespace, OwnerReference ref) {
    Informer<? extends HasMetadata> informer = owners.get(ref.getKind());
    if (informer == null) {
      return true;
    }
    if (informer.get(namespace, ref.getName()).filter(o -> Objects.equals(o.getMetadata().getUid(), ref.getUid())).isPresent()) {
      return true;
    }
    ResourceType type = Resources.byKind(ref.getKind()).orElseThrow();
    return store.find(type, namespace, ref.getName()).filter(o -> Objects.equals(o.getMetadata().getUid(), ref.getUid())).isPresent();
  }

  private void delete(Dependent dependent, HasMetadata obj) {
    if (obj instanceof Pod pod) {
      podDeleter.delete(pod);
      return;
    }
    try {
      store.delete(dependent.type(), dependent.key().namespace(), dependent.key().name(), new Preconditions(obj.getMetadata().getUid(), ""));
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND) && !e.is(StoreException.Reason.CONFLICT)) {
        throw e;
      }
    }
  }
}
