package dev.podnet.daemon.api;

import dev.podnet.api.Resources;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * Upstream's DefaultIngressClass admission: a new Ingress that names no class (neither
 * spec.ingressClassName nor the old annotation) gets the class annotated
 * {@code ingressclass.kubernetes.io/is-default-class: "true"}; with several, the newest, as since
 * Kubernetes 1.30. Done once at create, so changing the default later moves no existing Ingress.
 */
final class DefaultIngressClassAdmission {
  static final String DEFAULT_CLASS = "ingressclass.kubernetes.io/is-default-class";
  private static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

  private DefaultIngressClassAdmission() {}

  static void admit(Store store, Ingress ingress) {
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    if (ingress.getSpec() == null || ingress.getSpec().getIngressClassName() != null
        || (annotations != null && annotations.containsKey(CLASS_ANNOTATION))) {
      return;
    }
    defaultClass(store).ifPresent(name -> ingress.getSpec().setIngressClassName(name));
  }

  static Optional<String> defaultClass(Store store) {
    return store.<IngressClass>list(Resources.INGRESSCLASSES, "").items().stream()
        .filter(c -> c.getMetadata().getAnnotations() != null && "true".equals(c.getMetadata().getAnnotations().get(DEFAULT_CLASS)))
        .max(Comparator.comparing((IngressClass c) -> String.valueOf(c.getMetadata().getCreationTimestamp()))
            .thenComparing(c -> c.getMetadata().getName()))
        .map(c -> c.getMetadata().getName());
  }
}
