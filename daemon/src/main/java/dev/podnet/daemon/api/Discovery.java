package dev.podnet.daemon.api;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The discovery documents clients read before anything else ({@code kubectl} resolves every
 * resource name through them): {@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/G/V} and
 * {@code /version}, all generated from {@link Resources} so a new kind is discoverable the moment
 * it is served.
 */
public final class Discovery {
  /** The Kubernetes version podnet's API answers as (kubectl warns beyond one minor of skew). */
  static final String MAJOR = "1";
  static final String MINOR = "32";

  private Discovery() {}

  /**
   * The document for a request, if its path is a discovery path: the aggregated document when the
   * Accept header asks for one first ({@link AggregatedDiscovery}), else the plain one.
   */
  public static Optional<ApiResponse> answer(ApiRequest r) {
    List<String> seg = r.segments();
    if (seg.equals(List.of("api")) || seg.equals(List.of("apis"))) {
      Optional<MediaType> aggregated = AggregatedDiscovery.asked(r);
      if (aggregated.isPresent()) {
        return Optional.of(AggregatedDiscovery.answer(seg.get(0).equals("api"), aggregated.get()));
      }
    }
    return answer(seg);
  }

  /** The plain document for {@code seg}, if the path is a discovery path. */
  public static Optional<ApiResponse> answer(List<String> seg) {
    if (seg.equals(List.of("version"))) {
      return Optional.of(ApiResponse.ok(version()));
    }
    if (seg.equals(List.of("api"))) {
      return Optional.of(ApiResponse.ok(Map.of("kind", "APIVersions", "versions", List.of("v1"), "serverAddressByClientCIDRs",
          List.of(Map.of("clientCIDR", "0.0.0.0/0", "serverAddress", "")))));
    }
    if (seg.equals(List.of("apis"))) {
      return Optional.of(ApiResponse.ok(groups()));
    }
    if (seg.size() == 2 && seg.get(0).equals("api")) {
      return resources("", seg.get(1));
    }
    if (seg.size() == 3 && seg.get(0).equals("apis")) {
      return resources(seg.get(1), seg.get(2));
    }
    return Optional.empty();
  }

  /** {@code v1.32.0-podnet}. */
  static String gitVersion() {
    return "v" + MAJOR + "." + MINOR + ".0-podnet";
  }

  static Map<String, Object> version() {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("major", MAJOR);
    v.put("minor", MINOR);
    v.put("gitVersion", gitVersion());
    v.put("gitCommit", "");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "");
    v.put("goVersion", "java" + Runtime.version().feature());
    v.put("compiler", "podnet");
    v.put("platform", "linux/amd64");
    return v;
  }

  /**
   * Every named group podnet serves with its versions, the preferred first (metallb.io has two:
   * v1beta2 for BGPPeer, v1beta1 for the rest, as MetalLB serves them).
   */
  static Map<String, Object> groups() {
    Map<String, List<String>> versions = versionsByGroup(false);
    List<Map<String, Object>> groups = new ArrayList<>();
    versions.forEach((group, vs) -> {
      List<Map<String, Object>> gvs = vs.stream().map(v -> Map.<String, Object>of("groupVersion", group + "/" + v, "version", v)).toList();
      groups.add(Map.of("name", group, "versions", gvs, "preferredVersion", gvs.get(0)));
    });
    return Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups);
  }

  /** The versions of each group ({@code core}: only the core group, else only named ones), in Kubernetes' priority order. */
  static Map<String, List<String>> versionsByGroup(boolean core) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (ResourceType t : Resources.all()) {
      if (t.group().isEmpty() == core) {
        List<String> vs = out.computeIfAbsent(t.group(), g -> new ArrayList<>());
        if (!vs.contains(t.version())) {
          vs.add(t.version());
          vs.sort(Discovery::byPriority);
        }
      }
    }
    return out;
  }

  /** Kubernetes' version order: GA before beta before alpha, higher numbers first (v1 > v1beta2 > v1beta1 > v1alpha1). */
  static int byPriority(String a, String b) {
    return Long.compare(priority(b), priority(a));
  }

  private static long priority(String v) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?").matcher(v);
    if (!m.matches()) {
      return 0;
    }
    long stage = m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
    long minor = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
    return stage * 1_000_000_000L + Long.parseLong(m.group(1)) * 1_000_000L + minor;
  }

  private static Optional<ApiResponse> resources(String group, String version) {
    List<Map<String, Object>> resources = new ArrayList<>();
    for (ResourceType t : Resources.all()) {
      if (t.group().equals(group) && t.version().equals(version)) {
        resources.add(resource(t));
        ApiResources.subresources(t).forEach(sub -> resources.add(subresource(t, sub)));
      }
    }
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    String gv = group.isEmpty() ? version : group + "/" + version;
    return Optional.of(ApiResponse.ok(Map.of("kind", "APIResourceList", "apiVersion", "v1", "groupVersion", gv, "resources", resources)));
  }

  static Map<String, Object> resource(ResourceType t) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", t.plural());
    r.put("singularName", t.singular());
    r.put("namespaced", t.namespaced());
    r.put("kind", t.kind());
    r.put("verbs", ApiResources.verbs(t));
    if (!t.shortNames().isEmpty()) {
      r.put("shortNames", t.shortNames());
    }
    if (!ApiResources.categories(t).isEmpty()) {
      r.put("categories", ApiResources.categories(t));
    }
    return r;
  }

  /** {@code group} and {@code version} only where the subresource answers another group's kind (a Scale). */
  static Map<String, Object> subresource(ResourceType t, ApiResources.Subresource sub) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", t.plural() + "/" + sub.name());
    r.put("singularName", "");
    r.put("namespaced", t.namespaced());
    if (!sub.group().equals(t.group()) || !sub.version().equals(t.version())) {
      r.put("group", sub.group());
      r.put("version", sub.version());
    }
    r.put("kind", sub.kind());
    r.put("verbs", sub.verbs());
    return r;
  }
}
