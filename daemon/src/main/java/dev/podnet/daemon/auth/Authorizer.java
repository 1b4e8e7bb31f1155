package dev.podnet.daemon.auth;

import dev.podnet.daemon.api.ApiError;
import dev.podnet.daemon.api.Caller;
import java.util.Set;

/**
 * podnet's fixed authorization table (documented in docs/api.md), standing in for RBAC:
 * <ul>
 *   <li>{@code system:masters} may do anything;</li>
 *   <li>any authenticated user may read the non-resource paths (discovery, OpenAPI, version, health),
 *       as upstream's {@code system:discovery} role;</li>
 *   <li>service accounts may get, list and watch every resource, and write only what podnet's
 *       system components write through the API: Events (create, patch, update) and Leases in
 *       {@code kube-node-lease} (node heartbeats), and the status of Ingresses (the Ingress
 *       controller publishes its address there, as ingress-nginx's ClusterRole allows). EndpointSlices are written by podnetd's own
 *       controller, not through the API, so no service account may write them.</li>
 *   <li>the node agents' account {@code kube-system/podnet} may also do what kubelet does through
 *       the API: register and update Nodes and their status, write pods' status, delete pods whose
 *       containers stopped, and request service-account tokens for the pods it runs.</li>
 * </ul>
 * Everything else is refused with upstream's wording.
 */
public final class Authorizer {
  private static final Set<String> READ = Set.of("get", "list", "watch");
  private static final Set<String> EVENT_WRITE = Set.of("create", "patch", "update");
  private static final Set<String> STATUS_WRITE = Set.of("patch", "update");
  static final String NODE_LEASE_NAMESPACE = "kube-node-lease";
  static final String NODE_AGENT = "system:serviceaccount:kube-system:podnet";
  private static final Set<String> WRITE = Set.of("create", "update", "patch", "delete");

  public boolean allows(Caller caller, RequestAttributes a) {
    if (caller.isAdmin()) {
      return true;
    }
    if (!caller.groups().contains("system:authenticated")) {
      return false;
    }
    if (!a.resourceRequest()) {
      return a.verb().equals("get") || a.verb().equals("head");
    }
    if (!caller.groups().contains("system:serviceaccounts")) {
      return false;
    }
    if (READ.contains(a.verb()) && !a.subresource().equals("exec") && !a.subresource().equals("attach") && !a.subresource().equals("portforward")) {
      return true;
    }
    boolean events = a.resource().equals("events") && (a.group().isEmpty() || a.group().equals("events.k8s.io")) && a.subresource().isEmpty();
    if (events && EVENT_WRITE.contains(a.verb())) {
      return true;
    }
    if (caller.user().equals(NODE_AGENT) && nodeAgentMay(a)) {
      return true;
    }
    if (a.resource().equals("ingresses") && a.group().equals("networking.k8s.io") && a.subresource().equals("status")) {
      return STATUS_WRITE.contains(a.verb());
    }
    return a.resource().equals("leases") && a.group().equals("coordination.k8s.io") && a.namespace().equals(NODE_LEASE_NAMESPACE);
  }

  private static boolean nodeAgentMay(RequestAttributes a) {
    if (a.group().equals("podnet.dev") && a.resource().equals("bgpstatuses")) {
      return Set.of("create", "update").contains(a.verb()); // each agent reports its node's BGP sessions
    }
    if (!a.group().isEmpty()) {
      return false;
    }
    return switch (a.resource()) {
      case "nodes" -> WRITE.contains(a.verb());
      case "pods" -> a.subresource().equals("status") ? Set.of("update", "patch").contains(a.verb()) : a.subresource().isEmpty() && a.verb().equals("delete");
      case "serviceaccounts" -> a.subresource().equals("token") && a.verb().equals("create");
      default -> false;
    };
  }

  /** Throws upstream's 403 when {@code caller} may not do {@code a}. */
  public void check(Caller caller, RequestAttributes a) {
    if (!allows(caller, a)) {
      throw new ApiError(403, "Forbidden", denial(caller, a));
    }
  }

  /** {@code pods "web" is forbidden: User "…" cannot delete resource "pods" in API group "" in the namespace "default"}. */
  static String denial(Caller caller, RequestAttributes a) {
    String user = "User \"" + caller.user() + "\"";
    if (!a.resourceRequest()) {
      return "forbidden: " + user + " cannot " + a.verb() + " path \"" + a.path() + "\"";
    }
    String object = a.resource() + (a.name().isEmpty() ? "" : " \"" + a.name() + "\"");
    String scope = a.namespace().isEmpty() ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
    return object + " is forbidden: " + user + " cannot " + a.verb() + " resource \"" + a.resourceWithSubresource() + "\" in API group \""
        + a.group() + "\" " + scope;
  }
}
