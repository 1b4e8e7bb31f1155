package dev.podnet.daemon.api.openapi;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Upstream's definition names for fabric8's model classes: {@code io.fabric8.kubernetes.api.model.Pod}
 * is {@code io.k8s.api.core.v1.Pod}, {@code ...model.apps.Deployment} is
 * {@code io.k8s.api.apps.v1.Deployment}, and the object-metadata types fabric8 keeps beside the core
 * kinds are apimachinery's ({@code io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta}). Clients find
 * schemas by these names, so they must be upstream's.
 */
final class SchemaNames {
  static final String FABRIC8 = "io.fabric8.kubernetes.api.model";
  static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
  static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
  static final String TIME = META + "Time";
  static final String MICRO_TIME = META + "MicroTime";
  static final String PATCH = META + "Patch";

  /** fabric8 puts these beside the core kinds; upstream has them in apimachinery's meta/v1. */
  private static final Set<String> META_TYPES = Set.of("ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "OwnerReference",
      "ManagedFieldsEntry", "FieldsV1", "Condition", "Status", "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "MicroTime",
      "Duration", "Time", "WatchEvent");

  private static final Pattern VERSION = Pattern.compile("v\\d+((alpha|beta)\\d+)?");

  private SchemaNames() {}

  /** podnet's MetalLB kinds; a CRD's schema is named by its reversed group, version and kind. */
  static final String METALLB = "dev.podnet.api.metallb";

  /** podnet's BGP kinds (Calico's shape in podnet.dev). */
  static final String BGP = "dev.podnet.api.bgp";

  static boolean isModel(Class<?> c) {
    return c.getName().startsWith(FABRIC8 + ".") || c.getPackageName().equals(METALLB) || c.getPackageName().equals(BGP);
  }

  static String of(Class<?> c) {
    String simple = c.getSimpleName();
    String pkg = c.getPackageName();
    if (simple.equals("Quantity")) {
      return QUANTITY;
    }
    if (simple.equals("IntOrString")) {
      return INT_OR_STRING;
    }
    if (pkg.equals(METALLB)) {
      // BGPPeer (and its spec and list) is MetalLB's one v1beta2 kind
      String version = simple.startsWith("BgpPeer") ? "v1beta2" : "v1beta1";
      return "io.metallb." + version + "." + simple.replace("IpAddressPool", "IPAddressPool").replace("Bgp", "BGP");
    }
    if (pkg.equals(BGP)) {
      return "dev.podnet.v1." + simple.replace("Bgp", "BGP");
    }
    if (pkg.equals(FABRIC8 + ".runtime")) {
      return "io.k8s.apimachinery.pkg.runtime." + simple;
    }
    if (pkg.equals(FABRIC8)) {
      return META_TYPES.contains(simple) ? META + simple : "io.k8s.api.core.v1." + simple;
    }
    String sub = pkg.substring(FABRIC8.length() + 1);
    int dot = sub.lastIndexOf('.');
    String last = dot < 0 ? sub : sub.substring(dot + 1);
    String group = VERSION.matcher(last).matches() ? sub.substring(0, Math.max(dot, 0)) : sub;
    String version = VERSION.matcher(last).matches() ? last : "v1";
    return "io.k8s.api." + group + "." + version + "." + simple;
  }
}
