package dev.podnet.ingress;

import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which Ingresses are podnet's, as ingress-nginx decides: those naming (by spec.ingressClassName
 * or the old annotation) a class whose controller is ours, and those naming no class when one of
 * our classes is the cluster default. An Ingress of any other class, or of a class that does not
 * exist, is left alone: no routing, no status.
 */
final class ClassFilter {
  static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
  static final String DEFAULT_CLASS = "ingressclass.kubernetes.io/is-default-class";

  private final Set<String> ours;
  private final boolean takesClassless;

  private ClassFilter(Set<String> ours, boolean takesClassless) {
    this.ours = ours;
    this.takesClassless = takesClassless;
  }

  static ClassFilter of(Collection<IngressClass> classes, String controller) {
    Set<String> ours = classes.stream().filter(c -> c.getSpec() != null && controller.equals(c.getSpec().getController()))
        .map(c -> c.getMetadata().getName()).collect(Collectors.toUnmodifiableSet());
    boolean isDefault = classes.stream().filter(c -> ours.contains(c.getMetadata().getName())).anyMatch(c -> {
      Map<String, String> a = c.getMetadata().getAnnotations();
      return a != null && "true".equals(a.get(DEFAULT_CLASS));
    });
    return new ClassFilter(ours, isDefault);
  }

  boolean isOurs(Ingress ing) {
    String named = ing.getSpec() == null ? null : ing.getSpec().getIngressClassName();
    if (named == null) {
      Map<String, String> a = ing.getMetadata().getAnnotations();
      named = a == null ? null : a.get(CLASS_ANNOTATION);
    }
    return named == null ? takesClassless : ours.contains(named);
  }
}
