package dev.podnet.daemon.api;

import dev.podnet.api.Json;
import dev.podnet.api.LabelSelector;
import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.api.validation.FieldError;
import dev.podnet.api.validation.Validation;
import dev.podnet.store.ListResult;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import dev.podnet.store.Watch;
import dev.podnet.store.WatchEvent;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** get/list/watch/create/update/delete on the store, with defaults and validation, as the Kubernetes API server does. */
public final class ObjectEndpoints {
  private final Store store;
  private final ServiceAllocations services;
  private final PatchEndpoint patches;
  private final ScaleEndpoint scale;

  public ObjectEndpoints(Store store) {
    this(store, new ServiceAllocations(store));
  }

  /** {@code services}: every Service write goes through it, for cluster IPs and node ports. */
  public ObjectEndpoints(Store store, ServiceAllocations services) {
    this.store = store;
    this.services = services;
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
            return r.flag("watch") ? watch(r, p) : list(r, p);
          }
          return p.subresource().equals("scale") ? scale.handle(r, p) : ApiResponse.ok(store.get(p.type(), p.namespace(), p.name()));
        case "POST":
          return create(r, p);
        case "PUT":
          return p.subresource().equals("scale") ? scale.handle(r, p) : update(r, p);
        case "PATCH":
          return p.subresource().equals("scale") ? scale.handle(r, p) : patches.patch(r, p);
        case "DELETE":
          return delete(r, p);
        default:
          throw new ApiError(405, "MethodNotAllowed", "method " + r.method() + " is not supported on " + r.path());
      }
    } catch (StoreException e) {
      throw ApiError.from(e);
    }
  }

  private ApiResponse list(ApiRequest r, ObjectPath p) {
    LabelSelector sel = selector(r);
    ListResult<HasMetadata> l = store.list(p.type(), p.namespace());
    List<HasMetadata> items = l.items().stream().filter(o -> sel.matches(labels(o))).collect(Collectors.toList());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kind", p.type().kind() + "List");
    out.put("apiVersion", p.type().apiVersion());
    out.put("metadata", Map.of("resourceVersion", Long.toString(l.resourceVersion())));
    out.put("items", items);
    return ApiResponse.ok(out);
  }

  private static LabelSelector selector(ApiRequest r) {
    String s = r.param("labelSelector", "");
    try {
      return s.isEmpty() ? LabelSelector.everything() : LabelSelector.parse(s);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("unable to parse requirement: " + e.getMessage());
    }
  }

  private static Map<String, String> labels(HasMetadata o) {
    return o.getMetadata().getLabels() == null ? Map.of() : o.getMetadata().getLabels();
  }

  /** Newline-delimited watch events; with no resourceVersion, the current objects first as ADDED. */
  private ApiResponse watch(ApiRequest r, ObjectPath p) {
    LabelSelector sel = selector(r);
    long from = Long.parseLong(r.param("resourceVersion", "0").isEmpty() ? "0" : r.param("resourceVersion", "0"));
    return new ApiResponse.Stream("application/json", sink -> {
      LinkedBlockingQueue<Map<String, Object>> events = new LinkedBlockingQueue<>();
      long start = from;
      if (from == 0) {
        ListResult<HasMetadata> l = store.list(p.type(), p.namespace());
        l.items().stream().filter(o -> sel.matches(labels(o))).forEach(o -> events.add(Map.of("type", "ADDED", "object", o)));
        start = l.resourceVersion();
      }
      Watch w = store.watch(p.type(), p.namespace(), start, new dev.podnet.store.WatchHandler<HasMetadata>() {
        @Override
        public void onEvent(WatchEvent<HasMetadata> e) {
          if (sel.matches(labels(e.object()))) {
            events.add(Map.of("type", e.type().name(), "object", e.object()));
          }
        }

        @Override
        public void onError(StoreException e) {
          events.add(Map.of("type", "ERROR", "object", ApiError.from(e).status()));
        }
      });
      sink.onClose(w::close);
      try {
        while (sink.isOpen()) {
          Map<String, Object> e = events.poll(1, TimeUnit.SECONDS);
          if (e != null) {
            sink.write(Json.write(e) + "\n");
            if ("ERROR".equals(e.get("type"))) {
              break;
            }
          }
        }
      } finally {
        w.close();
      }
    });
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
    ObjectDecoder.Decoded d = ObjectDecoder.decode(r, p);
    FieldOwners.recordUpdate(r, p, null, d.object());
    return ApiResponse.withWarnings(create(r, p, d.object()), d.warnings());
  }

  /** Creates a decoded object whose managedFields are set: a generated name, validation, dryRun. */
  ApiResponse create(ApiRequest r, ObjectPath p, HasMetadata obj) {
    boolean dryRun = r.param("dryRun", "").equals("All");
    return GeneratedNames.create(obj, o -> {
      validate(o, p.type());
      if (o instanceof Pod pod) {
        ServiceAccountAdmission.admit(store, pod);
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
    validate(obj, p.type());
    return dryRun ? ApiResponse.ok(obj) : ApiResponse.ok(store.update(obj));
  }

  /** Pods on a node go gracefully: the node runtime removes the object once its containers stopped. */
  private ApiResponse delete(ApiRequest r, ObjectPath p) {
    if (p.type().equals(Resources.NAMESPACES) && (p.name().equals("default") || p.name().equals("kube-system"))) {
      throw new ApiError(403, "Forbidden", "namespaces \"" + p.name() + "\" is forbidden: this namespace may not be deleted");
    }
    if (p.type().equals(Resources.SERVICES)) {
      return ApiResponse.ok(services.delete(p.namespace(), p.name()));
    }
    if (!p.type().equals(Resources.PODS)) {
      return ApiResponse.ok(store.delete(p.type(), p.namespace(), p.name()));
    }
    Pod pod = store.get(p.type(), p.namespace(), p.name());
    if (pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty()) {
      return ApiResponse.ok(store.delete(p.type(), p.namespace(), p.name()));
    }
    String g = r.param("gracePeriodSeconds", "");
    Long grace = g.isEmpty() ? pod.getSpec().getTerminationGracePeriodSeconds() : Long.valueOf(g);
    Pod marked = store.guaranteedUpdate(p.type(), p.namespace(), p.name(), (Pod cur) -> {
      if (cur.getMetadata().getDeletionTimestamp() == null) {
        cur.getMetadata().setDeletionTimestamp(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        cur.getMetadata().setDeletionGracePeriodSeconds(grace == null ? 30L : grace);
      } else if (grace != null && grace < cur.getMetadata().getDeletionGracePeriodSeconds()) {
        cur.getMetadata().setDeletionGracePeriodSeconds(grace);
      }
      return cur;
    });
    return ApiResponse.ok(marked);
  }
}
