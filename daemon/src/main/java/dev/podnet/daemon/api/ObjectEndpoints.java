package dev.podnet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Defaults;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.api.validation.FieldError;
import dev.podnet.api.validation.Validation;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** get/list/watch/create/update/delete on the store, with defaults and validation, as the Kubernetes API server does. */
public final class ObjectEndpoints {
  private final Store store;
  private final ServiceAllocations services;
  private final Duration bookmarkInterval;

  public ObjectEndpoints(Store store) {
    this(store, new ServiceAllocations(store));
  }

  /** {@code services}: every Service write goes through it, for cluster IPs and node ports. */
  public ObjectEndpoints(Store store, ServiceAllocations services) {
    this(store, services, WatchStream.DEFAULT_BOOKMARK_INTERVAL);
  }

  /** {@code bookmarkInterval}: how often a watch that allows bookmarks gets one. */
  public ObjectEndpoints(Store store, ServiceAllocations services, Duration bookmarkInterval) {
    this.store = store;
    this.services = services;
    this.bookmarkInterval = bookmarkInterval;
  }

  public ApiResponse handle(ApiRequest r, ObjectPath p) {
    try {
      switch (r.method()) {
        case "GET":
          if (p.isCollection()) {
            return r.flag("watch") ? WatchStream.open(store, r, p, bookmarkInterval) : list(r, p);
          }
          return ApiResponse.ok(store.get(p.type(), p.namespace(), p.name()));
        case "POST":
          return create(r, p);
        case "PUT":
          return p.subresource().equals("status") ? updateStatus(r, p) : update(r, p);
        case "DELETE":
          if (p.isCollection()) {
            return ApiResponse.ok(CollectionDelete.run(store, p, ListQuery.of(r, p.type()), (ns, name) -> delete(r, p.type(), ns, name)));
          }
          return ApiResponse.ok(delete(r, p.type(), p.namespace(), p.name()));
        default:
          throw new ApiError(405, "MethodNotAllowed", "method " + r.method() + " is not supported on " + r.path());
      }
    } catch (StoreException e) {
      throw ApiError.from(e);
    }
  }

  private ApiResponse list(ApiRequest r, ObjectPath p) {
    ListQuery q = ListQuery.of(r, p.type());
    return ApiResponse.ok(q.render(store.list(p.type(), p.namespace(), q.options())));
  }

  private HasMetadata decode(ApiRequest r, ObjectPath p) {
    JsonNode tree;
    try {
      tree = Json.mapper().readTree(r.body());
    } catch (IOException e) {
      throw ApiError.badRequest("the request body is not JSON: " + e.getMessage());
    }
    if (tree == null || !tree.isObject()) {
      throw ApiError.badRequest("the request body must be a JSON object");
    }
    String kind = tree.path("kind").asText(p.type().kind());
    String apiVersion = tree.path("apiVersion").asText(p.type().apiVersion());
    if (!kind.equals(p.type().kind()) || !apiVersion.equals(p.type().apiVersion())) {
      throw ApiError.badRequest("the body is a " + apiVersion + " " + kind + " but the path " + r.path() + " takes " + p.type().apiVersion() + " "
          + p.type().kind());
    }
    HasMetadata obj;
    try {
      obj = Json.mapper().treeToValue(tree, p.type().type());
    } catch (IOException e) {
      throw ApiError.badRequest("cannot decode " + kind + ": " + e.getMessage());
    }
    if (obj.getMetadata() == null) {
      obj.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
    }
    String ns = obj.getMetadata().getNamespace();
    if (p.type().namespaced()) {
      if (ns != null && !ns.isEmpty() && !p.namespace().isEmpty() && !ns.equals(p.namespace())) {
        throw ApiError.badRequest("the namespace of the object (" + ns + ") does not match the namespace on the request (" + p.namespace() + ")");
      }
      if (ns == null || ns.isEmpty()) {
        obj.getMetadata().setNamespace(p.namespace().isEmpty() ? Defaults.DEFAULT_NAMESPACE : p.namespace());
      }
    }
    return Defaults.apply(obj);
  }

  private void validate(HasMetadata obj, ResourceType t) {
    List<FieldError> errors = Validation.validate(obj);
    if (!errors.isEmpty()) {
      throw ApiError.invalid(t.kind() + " \"" + obj.getMetadata().getName() + "\" is invalid: "
          + errors.stream().map(FieldError::toString).collect(Collectors.joining(", ")));
    }
    if (t.namespaced() && !t.equals(Resources.NAMESPACES)
        && store.find(Resources.NAMESPACES, "", obj.getMetadata().getNamespace()).isEmpty()) {
      throw ApiError.notFound("namespaces \"" + obj.getMetadata().getNamespace() + "\" not found");
    }
  }

  private ApiResponse create(ApiRequest r, ObjectPath p) {
    HasMetadata obj = decode(r, p);
    validate(obj, p.type());
    NamespaceLifecycle.admitCreate(store, p.type(), obj);
    if (obj instanceof Pod pod) {
      ServiceAccountAdmission.admit(store, pod);
    }
    boolean dryRun = r.param("dryRun", "").equals("All");
    if (obj instanceof Service service) {
      Service stored = services.create(service, dryRun);
      return dryRun ? ApiResponse.ok(stored) : ApiResponse.json(201, stored);
    }
    if (dryRun) {
      return ApiResponse.ok(obj);
    }
    return ApiResponse.json(201, store.create(obj));
  }

  private ApiResponse update(ApiRequest r, ObjectPath p) {
    HasMetadata obj = decode(r, p);
    if (!p.name().equals(obj.getMetadata().getName())) {
      throw ApiError.badRequest("the name of the object (" + obj.getMetadata().getName() + ") does not match the name on the URL (" + p.name() + ")");
    }
    HasMetadata current = store.get(p.type(), p.namespace(), p.name());
    StatusField.copy(current, obj); // status changes only through /status
    if (obj instanceof Service service) { // validated once its allocated fields are patched in
      return ApiResponse.ok(services.update(service, r.param("dryRun", "").equals("All")));
    }
    validate(obj, p.type());
    if (r.param("dryRun", "").equals("All")) {
      return ApiResponse.ok(obj);
    }
    return ApiResponse.ok(store.update(obj));
  }

  private ApiResponse updateStatus(ApiRequest r, ObjectPath p) {
    HasMetadata given = decode(r, p);
    String rv = given.getMetadata().getResourceVersion();
    HasMetadata current = store.get(p.type(), p.namespace(), p.name());
    if (rv != null && !rv.isEmpty() && !rv.equals(current.getMetadata().getResourceVersion())) {
      throw ApiError.from(StoreException.conflict(p.type(), p.name()));
    }
    StatusField.copy(given, current);
    return ApiResponse.ok(store.update(current));
  }

  /** Pods on a node go gracefully: the node runtime removes the object once its containers stopped; namespaces are emptied first. */
  private HasMetadata delete(ApiRequest r, ResourceType type, String namespace, String name) {
    if (type.equals(Resources.NAMESPACES)) {
      return NamespaceLifecycle.delete(store, name);
    }
    if (type.equals(Resources.SERVICES)) {
      return services.delete(namespace, name);
    }
    if (!type.equals(Resources.PODS)) {
      return store.delete(type, namespace, name);
    }
    Pod pod = store.get(type, namespace, name);
    if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
      return store.delete(type, namespace, name);
    }
    Long grace = gracePeriod(r).orElse(pod.getSpec().getTerminationGracePeriodSeconds());
    return store.guaranteedUpdate(type, namespace, name, (Pod cur) -> {
      if (cur.getMetadata().getDeletionTimestamp() == null) {
        cur.getMetadata().setDeletionTimestamp(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        cur.getMetadata().setDeletionGracePeriodSeconds(grace == null ? 30L : grace);
      } else if (grace != null && grace < cur.getMetadata().getDeletionGracePeriodSeconds()) {
        cur.getMetadata().setDeletionGracePeriodSeconds(grace);
      }
      return cur;
    });
  }

  /** {@code ?gracePeriodSeconds=}, else the DeleteOptions body's (kubectl sends it there). */
  private static Optional<Long> gracePeriod(ApiRequest r) {
    String g = r.param("gracePeriodSeconds", "");
    if (!g.isEmpty()) {
      return Optional.of(Long.valueOf(g));
    }
    if (r.body().length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode n = Json.mapper().readTree(r.body()).path("gracePeriodSeconds");
      return n.canConvertToLong() ? Optional.of(n.asLong()) : Optional.empty();
    } catch (IOException e) {
      throw ApiError.badRequest("the DeleteOptions body is not JSON: " + e.getMessage());
    }
  }
}
