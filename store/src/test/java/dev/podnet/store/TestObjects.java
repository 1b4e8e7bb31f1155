package dev.podnet.store;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** The objects the store tests write. */
final class TestObjects {
  private TestObjects() {}

  static Pod pod(String namespace, String name) {
    return new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("podnet/netexec").endContainer().endSpec().build();
  }

  static Node node(String name) {
    return new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withPodCIDR("10.244.1.0/24").endSpec().build();
  }

  static Namespace namespace(String name) {
    return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
  }

  static String rv(io.fabric8.kubernetes.api.model.HasMetadata obj) {
    return obj.getMetadata().getResourceVersion();
  }
}
