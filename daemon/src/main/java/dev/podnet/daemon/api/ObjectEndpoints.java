package dev.podnet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.validation.FieldError;
import dev.podnet.api.validation.MetalLbRules;
import dev.podnet.api.validation.Validation;
import dev.podnet.store.Preconditions;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** get/list/watch/create/update/delete on the store, with defaults and validation, as the Kubernetes API server does. */
public final class ObjectEndpoints {
  private final Store store;
  private final AdmissionLookups lookups;
  private final ServiceAllocations services;
  private final Duration bookmarkInterval;
  private final PatchEndpoint patches;
  private final ScaleEndpoint scale;

  public ObjectEndpoints(Store store) {
    this(store, new ServiceAllocations(store));
  }

  /** {@code services}: every Service write goes through it, for cluster IPs and node ports. */
  public ObjectEndpoints(Store store, ServiceAllocations services) {
    this(store, services, WatchStream.DEFAULT_BOOKMARK_INTERVAL);
  }

  /** {@code bookmarkInterval}: how often a watch that allows bookmarks gets one. */
  public ObjectEndpoints(Store store, ServiceAllocations services, Duration bookmarkInterval) {
    this(store, services, bookmarkInterval, AdmissionLookups.live(store));
  }

  /** {@code lookups}: where admission finds namespaces and service accounts. */
  public ObjectEndpoints(Store store, ServiceAllocations services, Duration bookmarkInterval, AdmissionLookups lookups) {
    this.store = store;
    this.lookups = lookups;
    this.services = services;
    this.bookmarkInterval = bookmarkInterval;
    this.patches = new PatchEndpoint(store, this);
    this.scale = new ScaleEndpoint(store, this);
  }

  public ApiResponse handle(ApiRequest r, ObjectPath p) {
    if (!p.allows(r.method())) {
      throw new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource: " + r.method() + " " + r.path());
    }
    try {
      switch (r.method()) {
        case "GET":
          if (p.isCollection()) {
            return r.flag("watch") ? WatchStream.open(store, r, p, bookmarkInterval) : list(r, p);
          }
          return p.subresource().equals("scale") ? scale.handle(r, p) : ApiResponse.ok(store.get(p.type(), p.namespace(), p.name()));
        case "POST":
          return create(r, p);
        case "PUT":
          return p.subresource().equals("scale") ? scale.handle(r, p) : update(r, p);
        case "PATCH":
          return p.subresource().equals("scale") ? scale.handle(r, p) : patches.patch(r, p);
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

  private void validate(HasMetadata obj, ResourceType t) {
    validate(obj, t, List.of());
  }

  /** {@code transition}: what the update may not change (upstream's ValidateXUpdate), reported first, with the object's own errors. */
  private void validate(HasMetadata obj, ResourceType t, List<FieldError> transition) {
    List<FieldError> errors = new ArrayList<>(transition);
    errors.addAll(Validation.validate(obj));
    if (obj instanceof IpAddressPool pool) { // MetalLB's webhook: an address belongs to one pool
      errors.addAll(MetalLbRules.overlaps(pool, store.<IpAddressPool>list(t, pool.getMetadata().getNamespace()).items()));
    }
    if (!errors.isEmpty()) {
      throw ApiError.invalid(t.kind() + " \"" + obj.getMetadata().getName() + "\" is invalid: "
          + errors.stream().map(FieldError::toString).collect(Collectors.joining(", ")));
    }
    if (t.namespaced() && !t.equals(Resources.NAMESPACES)
        && lookups.namespace(obj.getMetadata().getNamespace()).isEmpty()) {
      throw ApiError.notFound("namespaces \"" + obj.getMetadata().getNamespace() + "\" not found");
    }
  }

  private ApiResponse create(ApiRequest r, ObjectPath p) {
    ObjectDecoder.Decoded d = ObjectDecoder.decode(r, p);
    FieldOwners.recordUpdate(r, p, null, d.object());
    return ApiResponse.withWarnings(create(r, p, d.object()), d.warnings());
  }

  /** Creates a decoded object whose managedFields are set: a generated name, validation, dryRun. */
  ApiResponse create(ApiRequest r, ObjectPath p, HasMetadata obj) {
    boolean dryRun = r.param("dryRun", "").equals("All");
    return GeneratedNames.create(obj, o -> {
      validate(o, p.type());
      NamespaceLifecycle.admitCreate(lookups, p.type(), o);
      NamespaceLifecycle.prepareForCreate(o);
      if (o instanceof Pod pod) {
        ServiceAccountAdmission.admit(lookups, pod);
      }
      if (o instanceof io.fabric8.kubernetes.api.model.networking.v1.Ingress ingress) {
        DefaultIngressClassAdmission.admit(store, ingress);
      }
      if (o instanceof Service service) {
        Service stored = services.create(service, dryRun);
        return dryRun ? ApiResponse.ok(stored) : ApiResponse.json(201, stored);
      }
      return dryRun ? ApiResponse.ok(o) : ApiResponse.json(201, store.create(o));
    });
  }

  private ApiResponse update(ApiRequest r, ObjectPath p) {
    ObjectDecoder.Decoded d = ObjectDecoder.decode(r, p);
    HasMetadata current = store.get(p.type(), p.namespace(), p.name());
    FieldOwners.recordUpdate(r, p, current, d.object());
    return ApiResponse.withWarnings(update(r, p, d.object()), d.warnings());
  }

  /**
   * Replaces the object with a decoded one whose managedFields are set: only its status through
   * the status subresource, all but its status otherwise.
   */
  ApiResponse update(ApiRequest r, ObjectPath p, HasMetadata obj) {
    if (!p.name().equals(obj.getMetadata().getName())) {
      throw ApiError.badRequest("the name of the object (" + obj.getMetadata().getName() + ") does not match the name on the URL (" + p.name() + ")");
    }
    HasMetadata current = store.get(p.type(), p.namespace(), p.name());
    String rv = obj.getMetadata().getResourceVersion();
    if (rv != null && !rv.isEmpty() && !rv.equals(current.getMetadata().getResourceVersion())) {
      throw ApiError.from(StoreException.conflict(p.type(), p.name()));
    }
    boolean dryRun = r.param("dryRun", "").equals("All");
    if (p.subresource().equals("status")) {
      StatusField.copy(obj, current);
      current.getMetadata().setManagedFields(obj.getMetadata().getManagedFields());
      return dryRun ? ApiResponse.ok(current) : ApiResponse.ok(store.update(current));
    }
    StatusField.copy(current, obj); // status changes only through /status
    if (obj instanceof Service service) { // validated once its allocated fields are patched in
      return ApiResponse.ok(services.update(service, dryRun));
    }
    validate(obj, p.type(), Validation.validateUpdate(current, obj));
    return dryRun ? ApiResponse.ok(obj) : ApiResponse.ok(store.update(obj));
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
      return store.delete(type, namespace, name, preconditions(r));
    }
    Pod pod = store.get(type, namespace, name);
    Optional<Long> asked = gracePeriod(r);
    // Unbound, or 0 (what kubelet sends once the containers stopped, and kubectl --force): gone now.
    if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty() || asked.orElse(-1L) == 0L) {
      return store.delete(type, namespace, name, preconditions(r));
    }
    Long grace = asked.orElse(pod.getSpec().getTerminationGracePeriodSeconds());
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

  /** The DeleteOptions body's {@code preconditions} (uid, resourceVersion): the delete only happens if the object still is that one. */
  private static Preconditions preconditions(ApiRequest r) {
    if (r.body().length == 0 || r.header("content-type", "").contains("protobuf")) {
      return Preconditions.NONE;
    }
    try {
      JsonNode p = Json.mapper().readTree(r.body()).path("preconditions");
      return new Preconditions(p.path("uid").asText(""), p.path("resourceVersion").asText(""));
    } catch (IOException e) {
      throw ApiError.badRequest("the DeleteOptions body is not JSON: " + e.getMessage());
    }
  }

  /**
   * {@code ?gracePeriodSeconds=}, else the JSON DeleteOptions body's (kubectl sends it there). A
   * protobuf body (typed client-go clients) is not read: the pod's own grace period applies.
   */
  private static Optional<Long> gracePeriod(ApiRequest r) {
    String g = r.param("gracePeriodSeconds", "");
    if (!g.isEmpty()) {
      return Optional.of(Long.valueOf(g));
    }
    if (r.body().length == 0 || r.header("content-type", "").contains("protobuf")) {
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
