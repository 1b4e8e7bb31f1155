package dev.podnet.controller;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties a namespace the API server marked for deletion, as kube-controller-manager's namespace
 * controller: every namespaced object in it is deleted (workloads first, so nothing recreates pods;
 * pods gracefully, through the {@link PodDeleter}), the namespace is checked again until nothing is
 * left, and only then its {@code kubernetes} finalizer and the namespace itself go.
 */
public final class NamespaceController extends SyncLoop<String> {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);
  static final String NAME = "namespace";
  static final String FINALIZER = "kubernetes";
  /** How soon a namespace still holding (terminating) objects is looked at again. */
  private static final Duration RECHECK = Duration.ofSeconds(1);
  /** Owners before what they own, so controllers stop recreating what is being deleted. */
  private static final List<ResourceType> ORDER = List.of(Resources.DEPLOYMENTS, Resources.REPLICASETS);

  private final Store store;
  private final PodDeleter podDeleter;
  private final Informer<Namespace> namespaces;

  public NamespaceController(Store store, PodDeleter podDeleter) {
    this(store, podDeleter, new Informers(store), true);
  }

  NamespaceController(Store store, PodDeleter podDeleter, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers, List.of(informers.of(Resources.NAMESPACES)));
    this.store = store;
    this.podDeleter = podDeleter;
    this.namespaces = informers.of(Resources.NAMESPACES);
    namespaces.addHandler(this::onNamespace, (old, ns) -> onNamespace(ns), ns -> {});
  }

  private void onNamespace(Namespace ns) {
    if (ns.getMetadata().getDeletionTimestamp() != null) {
      enqueue(ns.getMetadata().getName());
    }
  }

  @Override
  void sync(String name) {
    Namespace ns = namespaces.get("", name).orElse(null);
    if (ns == null || ns.getMetadata().getDeletionTimestamp() == null) {
      return;
    }
    int left = deleteContent(name);
    if (left > 0) {
      LOG.info("controller={} namespace={} waiting objects_left={}", NAME, name, left);
      enqueueAfter(name, RECHECK);
      return;
    }
    finish(name);
  }

  /** Deletes what the namespace holds; how many objects were still there (terminating pods included). */
  private int deleteContent(String namespace) {
    int left = 0;
    for (ResourceType type : namespacedTypes()) {
      List<HasMetadata> items = store.<HasMetadata>list(type, namespace).items();
      left += items.size();
      for (HasMetadata o : items) {
        delete(type, o);
      }
    }
    return left;
  }

  private void delete(ResourceType type, HasMetadata o) {
    try {
      if (o instanceof Pod pod) {
        podDeleter.delete(pod);
      } else {
        store.delete(type, o.getMetadata().getNamespace(), o.getMetadata().getName());
      }
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        throw e;
      }
    }
  }

  /** The namespace is empty: its finalizer goes, then the object, unless someone else's finalizer still holds it. */
  private void finish(String name) {
    try {
      Namespace ns = store.<Namespace>guaranteedUpdate(Resources.NAMESPACES, "", name, n -> {
        if (n.getSpec() != null && n.getSpec().getFinalizers() != null) {
          n.getSpec().setFinalizers(n.getSpec().getFinalizers().stream().filter(f -> !f.equals(FINALIZER)).toList());
        }
        return n;
      });
      List<String> others = ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of() : ns.getSpec().getFinalizers();
      if (!others.isEmpty()) {
        LOG.info("controller={} namespace={} empty, waiting for finalizers={}", NAME, name, others);
        return;
      }
      store.delete(Resources.NAMESPACES, "", name);
      LOG.info("controller={} namespace={} deleted", NAME, name);
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        throw e;
      }
    }
  }

  static List<ResourceType> namespacedTypes() {
    List<ResourceType> types = new ArrayList<>(Resources.all().stream().filter(ResourceType::namespaced).toList());
    types.sort(Comparator.comparingInt(t -> ORDER.contains(t) ? ORDER.indexOf(t) : ORDER.size()));
    return types;
  }
}
