package dev.podnet.daemon.api;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What discovery says of each served kind beyond {@link ResourceType}: its verbs, its categories
 * and its subresources, as upstream's API server lists them. The plain and the aggregated
 * discovery documents are both rendered from this one table, so they cannot disagree.
 */
public final class ApiResources {
  static final List<String> OBJECT_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  /** {@code kubectl get all} lists these kinds: upstream puts them in the category "all". */
  private static final Set<ResourceType> IN_ALL = Set.of(Resources.PODS, Resources.SERVICES, Resources.DEPLOYMENTS, Resources.REPLICASETS,
      Resources.DAEMONSETS);

  private static final Map<ResourceType, List<Subresource>> SUBRESOURCES = Map.of(
      Resources.PODS, List.of(Subresource.status(Resources.PODS),
          new Subresource("exec", "", "v1", "PodExecOptions", List.of("create", "get")),
          new Subresource("log", "", "v1", "Pod", List.of("get"))),
      Resources.SERVICES, List.of(Subresource.status(Resources.SERVICES)),
      Resources.NODES, List.of(Subresource.status(Resources.NODES)),
      Resources.NAMESPACES, List.of(Subresource.status(Resources.NAMESPACES)),
      Resources.DEPLOYMENTS, List.of(Subresource.scale(), Subresource.status(Resources.DEPLOYMENTS)),
      Resources.REPLICASETS, List.of(Subresource.scale(), Subresource.status(Resources.REPLICASETS)),
      Resources.DAEMONSETS, List.of(Subresource.status(Resources.DAEMONSETS)),
      Resources.SERVICEACCOUNTS, List.of(new Subresource("token", "authentication.k8s.io", "v1", "TokenRequest", List.of("create"))));

  private ApiResources() {}

  /**
   * A subresource: {@code pods/status} answers a Pod; {@code deployments/scale} an
   * {@code autoscaling/v1 Scale}.
   */
  public record Subresource(String name, String group, String version, String kind, List<String> verbs) {

    static Subresource status(ResourceType t) {
      return new Subresource("status", t.group(), t.version(), t.kind(), STATUS_VERBS);
    }

    static Subresource scale() {
      return new Subresource("scale", "autoscaling", "v1", "Scale", STATUS_VERBS);
    }
  }

  /** Namespaces go one by one: upstream offers no deletecollection on them. */
  public static List<String> verbs(ResourceType t) {
    return t.equals(Resources.NAMESPACES) ? OBJECT_VERBS.stream().filter(v -> !v.equals("deletecollection")).toList() : OBJECT_VERBS;
  }

  public static List<String> categories(ResourceType t) {
    return IN_ALL.contains(t) ? List.of("all") : List.of();
  }

  public static List<Subresource> subresources(ResourceType t) {
    return SUBRESOURCES.getOrDefault(t, List.of());
  }
}
