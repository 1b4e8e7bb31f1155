package dev.podnet.daemon.api.patch;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The list fields that merge, by path from the object's root ({@code []} marks a list element),
 * copied from the tags on upstream's Go types (k8s.io/api core/v1, apps/v1). A table rather than
 * reflection: fabric8's classes do not carry the tags, and the served kinds are few. Paths of
 * different kinds never collide here (only Services have {@code spec.ports}, only Pods {@code
 * spec.containers}), so one table serves every kind; a list not listed is atomic.
 */
public final class MergeKeys {
  private static final Map<String, ListType> TABLE = build();

  private MergeKeys() {}

  /** {@code path}: dotted fields from the root, {@code []} after a list for its elements. */
  public static ListType of(String path) {
    return TABLE.getOrDefault(path, ListType.ATOMIC);
  }

  private static Map<String, ListType> build() {
    Map<String, ListType> m = new HashMap<>();
    for (String meta : List.of("metadata", "spec.template.metadata")) {
      m.put(meta + ".ownerReferences", new ListType.ByKey("uid"));
      m.put(meta + ".finalizers", ListType.SET);
    }
    podSpec(m, "spec"); // Pod
    podSpec(m, "spec.template.spec"); // Deployment, ReplicaSet
    m.put("status.conditions", new ListType.ByKey("type")); // Pod, Node, Deployment, ReplicaSet, Service
    m.put("status.podIPs", new ListType.ByKey("ip"));
    m.put("status.hostIPs", new ListType.ByKey("ip"));
    m.put("status.addresses", new ListType.ByKey("type")); // Node
    m.put("spec.podCIDRs", ListType.SET); // Node
    m.put("spec.ports", new ListType.ByKey("port", List.of("port", "protocol"))); // Service
    return Map.copyOf(m);
  }

  private static void podSpec(Map<String, ListType> m, String spec) {
    for (String kind : List.of("containers", "initContainers", "ephemeralContainers")) {
      String c = spec + "." + kind;
      m.put(c, new ListType.ByKey("name"));
      m.put(c + "[].ports", new ListType.ByKey("containerPort", List.of("containerPort", "protocol")));
      m.put(c + "[].env", new ListType.ByKey("name"));
      m.put(c + "[].volumeMounts", new ListType.ByKey("mountPath"));
      m.put(c + "[].volumeDevices", new ListType.ByKey("devicePath"));
    }
    m.put(spec + ".volumes", new ListType.ByKey("name"));
    m.put(spec + ".imagePullSecrets", new ListType.ByKey("name"));
    m.put(spec + ".hostAliases", new ListType.ByKey("ip"));
    m.put(spec + ".topologySpreadConstraints", new ListType.ByKey("topologyKey"));
    m.put(spec + ".schedulingGates", new ListType.ByKey("name"));
    m.put(spec + ".resourceClaims", new ListType.ByKey("name"));
  }
}
