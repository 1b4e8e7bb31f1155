package dev.podnet.controller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/** What a controller queues: an object's namespace (empty for cluster-scoped) and name. */
record ObjectKey(String namespace, String name) {

  ObjectKey {
    namespace = Objects.requireNonNullElse(namespace, "");
  }

  static ObjectKey of(HasMetadata obj) {
    return new ObjectKey(obj.getMetadata().getNamespace(), obj.getMetadata().getName());
  }

  /** {@code default/web}, or {@code node-1}, as logs and kubectl print it. */
  @Override
  public String toString() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
