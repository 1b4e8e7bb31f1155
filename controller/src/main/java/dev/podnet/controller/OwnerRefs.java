package dev.podnet.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Ownership as Kubernetes records it: ownerReferences, at most one of them the controller. */
final class OwnerRefs {
  private OwnerRefs() {}

  static List<OwnerReference> of(HasMetadata obj) {
    return Objects.requireNonNullElse(obj.getMetadata().getOwnerReferences(), List.of());
  }

  static Optional<OwnerReference> controllerOf(HasMetadata obj) {
    return of(obj).stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
  }

  /** True if {@code owner} (by uid) is the controller of {@code obj}. */
  static boolean isControlledBy(HasMetadata obj, HasMetadata owner) {
    return controllerOf(obj).map(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid())).orElse(false);
  }

  /** The controller reference {@code owner}'s dependents carry; blockOwnerDeletion as upstream sets it. */
  static OwnerReference controllerRef(HasMetadata owner) {
    return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
  }
}
