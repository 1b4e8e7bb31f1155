package dev.podnet.daemon.api.openapi;

import dev.podnet.api.ResourceType;
import dev.podnet.daemon.api.ApiResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The REST paths of one kind and what each HTTP method does there, as upstream documents them:
 * the collection (list, create, deletecollection), the object (read, replace, patch, delete),
 * its status, and the list across all namespaces.
 */
final class Operations {

  /**
   * @param body     the schema of the request body, if it takes one
   * @param response the schema of a successful answer
   */
  record Operation(String method, String action, String id, Optional<String> body, String response, List<Param> query) {}

  /** A path with its path parameters ({@code namespace}, {@code name}) and operations. */
  record Route(String path, List<String> pathParams, List<Operation> operations) {}

  private Operations() {}

  /** Defines in {@code schemas} what the operations refer to. */
  static List<Route> of(ResourceType t, Schemas schemas) {
    String kind = schemas.define(t.type());
    String list = schemas.define(listClass(t));
    String status = schemas.define(io.fabric8.kubernetes.api.model.Status.class);
    String deleteOptions = schemas.define(io.fabric8.kubernetes.api.model.DeleteOptions.class);
    String patch = schemas.defineNamed(SchemaNames.PATCH);
    String scope = t.namespaced() ? "Namespaced" : "";
    String base = t.namespaced() ? t.apiPrefix() + "/namespaces/{namespace}/" + t.plural() : t.apiPrefix() + "/" + t.plural();
    List<String> params = t.namespaced() ? List.of("namespace") : List.of();
    List<String> named = t.namespaced() ? List.of("namespace", "name") : List.of("name");
    List<Param> deleteAll = new ArrayList<>(Param.LIST);
    deleteAll.addAll(Param.DELETE);
    List<Route> routes = new ArrayList<>();
    routes.add(new Route(base, params, List.of(
        new Operation("get", "list", id("list", t, scope, ""), Optional.empty(), list, Param.LIST),
        new Operation("post", "post", id("create", t, scope, ""), Optional.of(kind), kind, Param.WRITE),
        new Operation("delete", "deletecollection", id("delete", t, "Collection" + scope, ""), Optional.of(deleteOptions), status, deleteAll))));
    routes.add(new Route(base + "/{name}", named, List.of(
        new Operation("get", "get", id("read", t, scope, ""), Optional.empty(), kind, List.of()),
        new Operation("put", "put", id("replace", t, scope, ""), Optional.of(kind), kind, Param.WRITE),
        new Operation("patch", "patch", id("patch", t, scope, ""), Optional.of(patch), kind, Param.PATCH),
        new Operation("delete", "delete", id("delete", t, scope, ""), Optional.of(deleteOptions), kind, Param.DELETE))));
    if (ApiResources.subresources(t).stream().anyMatch(s -> s.name().equals("status"))) {
      routes.add(new Route(base + "/{name}/status", named, List.of(
          new Operation("get", "get", id("read", t, scope, "Status"), Optional.empty(), kind, List.of()),
          new Operation("put", "put", id("replace", t, scope, "Status"), Optional.of(kind), kind, Param.WRITE),
          new Operation("patch", "patch", id("patch", t, scope, "Status"), Optional.of(patch), kind, Param.PATCH))));
    }
    if (t.namespaced()) {
      routes.add(new Route(t.apiPrefix() + "/" + t.plural(), List.of(), List.of(
          new Operation("get", "list", id("list", t, "", "ForAllNamespaces"), Optional.empty(), list, Param.LIST))));
    }
    return routes;
  }

  /** {@code listCoreV1NamespacedPod}, {@code patchAppsV1NamespacedDeploymentStatus}: upstream's operation ids. */
  private static String id(String verb, ResourceType t, String scope, String suffix) {
    return verb + groupTitle(t) + capitalize(t.version()) + scope + t.kind() + suffix;
  }

  /** {@code Core}, {@code Apps}, {@code Discovery} (of discovery.k8s.io). */
  static String groupTitle(ResourceType t) {
    return t.group().isEmpty() ? "Core" : capitalize(t.group().split("\\.")[0]);
  }

  /** {@code core_v1}, {@code apps_v1}: the tag upstream files operations under. */
  static String tag(ResourceType t) {
    return groupTitle(t).toLowerCase(Locale.ROOT) + "_" + t.version();
  }

  private static String capitalize(String s) {
    return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  /** fabric8 names a kind's list {@code KindList}, beside the kind. */
  private static Class<?> listClass(ResourceType t) {
    String name = t.type().getName() + "List";
    try {
      return Class.forName(name, false, t.type().getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the model has no list class " + name + " for " + t.kind() + "; podnet's API cannot describe its lists", e);
    }
  }
}
