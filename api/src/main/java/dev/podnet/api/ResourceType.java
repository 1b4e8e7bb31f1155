package dev.podnet.api;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * One kind of object the API serves: its kind, group/version, REST plural and kubectl's names.
 * {@code group} is empty for the core group ({@code /api/v1}); others live under {@code /apis}.
 */
public record ResourceType(String kind, String group, String version, String plural, String singular, List<String> shortNames,
    boolean namespaced, Class<? extends HasMetadata> type) {

  public ResourceType {
    shortNames = List.copyOf(shortNames);
  }

  /** {@code v1} or {@code apps/v1}, as in a manifest's apiVersion. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** {@code /api/v1} or {@code /apis/apps/v1}. */
  public String apiPrefix() {
    return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
  }

  /**
   * The REST path of a collection ({@code name} empty) or an object, following Kubernetes:
   * {@code /api/v1/namespaces/NS/pods/NAME}, {@code /api/v1/nodes/NAME}; an empty namespace of a
   * namespaced type means all namespaces.
   */
  public String path(String namespace, String name) {
    StringBuilder b = new StringBuilder(apiPrefix());
    if (namespaced && !namespace.isEmpty()) {
      b.append("/namespaces/").append(namespace);
    }
    b.append('/').append(plural);
    if (!name.isEmpty()) {
      b.append('/').append(name);
    }
    return b.toString();
  }

  /**
   * The etcd key: {@code /registry/pods/NS/NAME}, {@code /registry/nodes/NAME}; with an empty name,
   * the prefix of a collection (ending in '/').
   */
  public String key(String namespace, String name) {
    StringBuilder b = new StringBuilder("/registry/").append(storedAs()).append('/');
    if (namespaced) {
      if (namespace.isEmpty()) {
        return b.toString();
      }
      b.append(namespace).append('/');
    }
    return b.append(name).toString();
  }

  /**
   * The key's first segment: the plural, or {@code GROUP/PLURAL} (how Kubernetes stores custom
   * resources) for a plural two groups use, so a list of one never reads the other's objects.
   */
  private String storedAs() {
    return "metallb.io".equals(group) && "bgppeers".equals(plural) ? group + "/" + plural : plural;
  }

  /** True if {@code name} is how kubectl users may call this type (kind, plural, singular, short name). */
  public boolean isCalled(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    int dot = n.indexOf('.');
    if (dot > 0) {
      String g = n.substring(dot + 1);
      if (!g.equals(group) && !(g.equals(version + "." + group))) {
        return false;
      }
      n = n.substring(0, dot);
    }
    return n.equals(plural) || n.equals(singular) || n.equals(kind.toLowerCase(java.util.Locale.ROOT)) || shortNames.contains(n);
  }

  public Optional<String> shortName() {
    return shortNames.stream().findFirst();
  }
}
