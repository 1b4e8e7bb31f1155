package dev.podnet.daemon.auth;

import dev.podnet.daemon.api.ApiRequest;
import java.util.List;

/**
 * What authorization decides on, as kube-apiserver's RequestInfo: for {@code /api} and
 * {@code /apis} paths the verb, API group, resource, subresource, namespace and name; for any
 * other path only the verb and the path ("non-resource" requests like {@code /version}).
 */
public record RequestAttributes(boolean resourceRequest, String verb, String group, String resource, String subresource, String namespace,
    String name, String path) {
  /** {@code namespaces/NS/status} is a subresource of the Namespace, not a resource "status" in NS. */
  private static final java.util.Set<String> NAMESPACE_SUBRESOURCES = java.util.Set.of("status", "finalize");

  public static RequestAttributes of(ApiRequest r) {
    List<String> seg = r.segments();
    int i;
    String group;
    if (seg.size() >= 3 && seg.get(0).equals("api")) {
      group = "";
      i = 2;
    } else if (seg.size() >= 4 && seg.get(0).equals("apis")) {
      group = seg.get(1);
      i = 3;
    } else {
      return new RequestAttributes(false, r.method().toLowerCase(java.util.Locale.ROOT), "", "", "", "", "", r.path());
    }
    List<String> rest = seg.subList(i, seg.size());
    String ns = "";
    // "namespaces/NS/pods/…" is inside NS; "namespaces/NS" (and its status/finalize) is the Namespace itself
    if (rest.size() >= 3 && rest.get(0).equals("namespaces") && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
      ns = rest.get(1);
      rest = rest.subList(2, rest.size());
    } else if (rest.size() >= 2 && rest.get(0).equals("namespaces")) {
      ns = rest.get(1);
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String sub = rest.size() > 2 ? String.join("/", rest.subList(2, rest.size())) : "";
    return new RequestAttributes(true, verb(r, name.isEmpty()), group, resource, sub, ns, name, r.path());
  }

  private static String verb(ApiRequest r, boolean collection) {
    return switch (r.method()) {
      case "GET", "HEAD" -> collection ? (r.flag("watch") ? "watch" : "list") : (r.flag("watch") ? "watch" : "get");
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> collection ? "deletecollection" : "delete";
      default -> r.method().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** {@code pods} or {@code pods/exec}, as RBAC names it. */
  public String resourceWithSubresource() {
    return subresource.isEmpty() ? resource : resource + "/" + subresource;
  }
}
