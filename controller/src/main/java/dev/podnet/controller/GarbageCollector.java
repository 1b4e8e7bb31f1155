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
 * Background cascading deletion: an object whose owners (by ownerReference uid) are all gone is
 * deleted. Deleting a Deployment removes its ReplicaSets and then their pods; deleting a Node
 * removes its heartbeat Lease in {@code kube-node-lease} (kubelet makes the Node its owner) and
 * its BGPStatus (the agent does the same). An owner is looked up where its kind lives: a
 * cluster-scoped owner (a Node) of a namespaced dependent (a Lease) has no namespace. An owner
 * missing from the cache is looked up in the store before its dependents go, as upstream's GC
 * does, because a cache may not have seen an owner that was just created. An owner of a kind not
 * listed here is never judged, so its dependents stay.
 */
public final class GarbageCollector extends SyncLoop<GarbageCollector.Dependent> {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
  static final String NAME = "garbage-collector";
  /** The kinds whose deletion takes their dependents with them. */
  static final List<ResourceType> OWNER_KINDS = List.of(Resources.DEPLOYMENTS, Resources.REPLICASETS, Resources.NODES);

  /** A queued object: its type and key. */
  record Dependent(ResourceType type, ObjectKey key) {
    @Override
    public String toString() {
      return type.singular() + " " + key;
    }
  }

  private final Store store;
  private final PodDeleter podDeleter;
  /** The informers of owner kinds and of dependents, by type. */
  private final Map<ResourceType, Informer<? extends HasMetadata>> owners;
  private final Map<ResourceType, Informer<? extends HasMetadata>> dependents;

  public GarbageCollector(Store store, PodDeleter podDeleter) {
    this(store, podDeleter, new Informers(store), true);
  }

  GarbageCollector(Store store, PodDeleter podDeleter, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers, List.of(informers.of(Resources.DEPLOYMENTS), informers.of(Resources.REPLICASETS),
        informers.of(Resources.PODS), informers.of(Resources.NODES), informers.of(Resources.LEASES), informers.of(Resources.BGPSTATUSES)));
    this.store = store;
    this.podDeleter = podDeleter;
    this.owners = OWNER_KINDS.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(t -> t, t -> informers.<HasMetadata>of(t)));
    this.dependents = Map.of(Resources.REPLICASETS, informers.of(Resources.REPLICASETS), Resources.PODS, informers.of(Resources.PODS),
        Resources.LEASES, informers.of(Resources.LEASES), Resources.BGPSTATUSES, informers.of(Resources.BGPSTATUSES));
    owners.forEach((type, informer) -> informer.addHandler(o -> {}, (old, o) -> {}, this::onOwnerDeleted));
    dependents.forEach((type, informer) -> informer.addHandler(o -> onDependent(type, o), (old, o) -> onDependent(type, o), o -> {}));
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

  /**
   * True unless the owner is of a kind we know and is absent, or present with another uid, in cache
   * and store. {@code namespace} is the dependent's: the owner is looked up there only if its kind
   * is namespaced (an ownerReference cannot point into another namespace).
   */
  private boolean ownerExists(String namespace, OwnerReference ref) {
    Optional<ResourceType> kind = ownerKind(ref);
    if (kind.isEmpty()) {
      return true;
    }
    ResourceType type = kind.get();
    String ns = type.namespaced() ? namespace : "";
    if (owners.get(type).get(ns, ref.getName()).filter(o -> Objects.equals(o.getMetadata().getUid(), ref.getUid())).isPresent()) {
      return true;
    }
    return store.find(type, ns, ref.getName()).filter(o -> Objects.equals(o.getMetadata().getUid(), ref.getUid())).isPresent();
  }

  /** The owner kind a reference names, by kind and the group of its apiVersion (any version, as upstream); empty for kinds not judged here. */
  static Optional<ResourceType> ownerKind(OwnerReference ref) {
    String apiVersion = Objects.requireNonNullElse(ref.getApiVersion(), "");
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    return OWNER_KINDS.stream().filter(t -> t.kind().equals(ref.getKind()) && (apiVersion.isEmpty() || t.group().equals(group))).findFirst();
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
