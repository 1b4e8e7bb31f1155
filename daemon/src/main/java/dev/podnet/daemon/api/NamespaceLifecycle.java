package dev.podnet.daemon.api;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceSpec;
import io.fabric8.kubernetes.api.model.NamespaceStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the API server's namespace registry and NamespaceLifecycle admission decide: a deleted
 * namespace is only marked Terminating (the namespace controller empties it, then removes it), no
 * new content may be created in a Terminating namespace, and the system namespaces stay.
 */
final class NamespaceLifecycle {
  /** The finalizer the namespace controller owns: removed once the namespace is empty. */
  static final String FINALIZER = "kubernetes";
  static final String TERMINATING = "Terminating";
  /** As upstream's immortal namespaces. */
  private static final Set<String> UNDELETABLE = Set.of("default", "kube-system", "kube-public");

  private NamespaceLifecycle() {}

  /** Marks the namespace for deletion and returns it as stored, Terminating; a second delete changes nothing. */
  static Namespace delete(Store store, String name) {
    if (UNDELETABLE.contains(name)) {
      throw new ApiError(403, "Forbidden", "namespaces \"" + name + "\" is forbidden: this namespace may not be deleted");
    }
    return store.guaranteedUpdate(Resources.NAMESPACES, "", name, (Namespace ns) -> {
      if (ns.getMetadata().getDeletionTimestamp() == null) {
        ns.getMetadata().setDeletionTimestamp(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        ns.getMetadata().setDeletionGracePeriodSeconds(0L);
      }
      addFinalizer(ns);
      NamespaceStatus status = Optional.ofNullable(ns.getStatus()).orElseGet(NamespaceStatus::new);
      status.setPhase(TERMINATING);
      ns.setStatus(status);
      return ns;
    });
  }

  /** A new Namespace is Active and carries the finalizer its deletion waits on, as upstream's strategy makes it. */
  static void prepareForCreate(HasMetadata obj) {
    if (!(obj instanceof Namespace ns)) {
      return;
    }
    addFinalizer(ns);
    ns.setStatus(new NamespaceStatus(List.of(), "Active"));
  }

  /** The namespace controller's finalizer in spec.finalizers, once. */
  private static void addFinalizer(Namespace ns) {
    NamespaceSpec spec = Optional.ofNullable(ns.getSpec()).orElseGet(NamespaceSpec::new);
    List<String> finalizers = new ArrayList<>(Optional.ofNullable(spec.getFinalizers()).orElse(List.of()));
    if (!finalizers.contains(FINALIZER)) {
      finalizers.add(FINALIZER);
    }
    spec.setFinalizers(finalizers);
    ns.setSpec(spec);
  }

  /** Refuses a create in a namespace that is being terminated, in upstream's words. */
  static void admitCreate(AdmissionLookups lookups, ResourceType type, HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    if (!type.namespaced() || ns == null || ns.isEmpty()) {
      return;
    }
    Optional<Namespace> found = lookups.namespace(ns);
    if (found.isPresent() && found.get().getMetadata().getDeletionTimestamp() != null) {
      String resource = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
      throw new ApiError(403, "Forbidden", resource + " \"" + Optional.ofNullable(obj.getMetadata().getName()).orElse("") + "\" is forbidden: "
          + "unable to create new content in namespace " + ns + " because it is being terminated");
    }
  }
}
