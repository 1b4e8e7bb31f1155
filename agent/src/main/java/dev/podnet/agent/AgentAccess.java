package dev.podnet.agent;

import java.util.List;
import java.util.Set;

/**
 * Everything {@code podnet agent} reads and writes through the Kubernetes API, in one list: the
 * agent's informers and writers are meant to use nothing else, and {@code deploy/podnet.yaml}
 * grants exactly this to the {@code kube-system/podnet} ServiceAccount (a test holds the two
 * equal). A new informer in the agent starts here, then in the manifest.
 */
public final class AgentAccess {
  public static final String NAMESPACE = "kube-system";
  public static final String SERVICE_ACCOUNT = "podnet";
  /** Node heartbeats: one Lease per node in this namespace, as kubelet renews them. */
  public static final String NODE_LEASE_NAMESPACE = "kube-node-lease";

  private static final Set<String> READ = Set.of("get", "list", "watch");

  /**
   * One permission: {@code verbs} on {@code resource} (with its subresource, {@code nodes/status})
   * of API group {@code group} ("" for core), in {@code namespace} (empty: every namespace and the
   * cluster scope).
   */
  public record Grant(String group, String resource, String namespace, Set<String> verbs) {
    public Grant {
      verbs = Set.copyOf(verbs);
    }

    static Grant everywhere(String group, String resource, Set<String> verbs) {
      return new Grant(group, resource, "", verbs);
    }
  }

  /**
   * The list. The metallb.io and podnet.dev kinds are podnet's own configuration (LoadBalancer
   * pools and announcements, BGP peers), read by the announcer and BGP parts of the agent.
   */
  public static final List<Grant> GRANTS = List.of(
      // update/patch: the agent's own Node carries its datapath and routing annotations (NodeAnnotations)
      Grant.everywhere("", "nodes", Set.of("get", "list", "watch", "update", "patch")),
      Grant.everywhere("", "nodes/status", Set.of("patch", "update")),
      Grant.everywhere("", "services", READ),
      Grant.everywhere("discovery.k8s.io", "endpointslices", READ),
      Grant.everywhere("", "pods", READ),
      Grant.everywhere("", "namespaces", READ),
      Grant.everywhere("", "events", Set.of("create", "patch")),
      Grant.everywhere("events.k8s.io", "events", Set.of("create", "patch")),
      new Grant("coordination.k8s.io", "leases", NODE_LEASE_NAMESPACE, Set.of("get", "create", "update")),
      Grant.everywhere("metallb.io", "ipaddresspools", READ),
      Grant.everywhere("metallb.io", "l2advertisements", READ),
      Grant.everywhere("metallb.io", "bgppeers", READ),
      Grant.everywhere("metallb.io", "bgpadvertisements", READ),
      Grant.everywhere("podnet.dev", "bgpconfigurations", READ),
      Grant.everywhere("podnet.dev", "bgppeers", READ),
      Grant.everywhere("podnet.dev", "bgpstatuses", Set.of("get", "create", "update")));

  private AgentAccess() {}
}
