package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import dev.podnet.api.Manifest;
import dev.podnet.api.Resources;
import dev.podnet.api.validation.FieldError;
import dev.podnet.api.validation.Validation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code podnet apply}: all or nothing up to the store. Every object is validated here, then tried on
 * the server with {@code dryRun=All}; only when every one would be accepted is any stored (create, or
 * update from the current object and its resourceVersion), namespaces first.
 *
 * <p>An update overlays what the manifest says on the current object (JSON merge patch): fields the
 * manifest leaves out, such as a scheduled pod's nodeName, stay as they are.
 */
final class Apply {
  private static final String DRY_RUN = "?dryRun=All";
  private static final int CONFLICT_RETRIES = 3;

  private final Api api;

  /** One object to apply, where it came from, and what is on the server now. */
  private record Item(Manifest manifest, ObjectRef ref, ObjectNode desired, Optional<JsonNode> current) {
    String where() {
      return manifest.location() + " (" + ref + ")";
    }
  }

  Apply(Api api) {
    this.api = api;
  }

  /**
   * @param namespace the namespace of objects that name none
   * @param strict    the namespace was given with -n: an object naming another one is an error
   * @return kubectl's lines: {@code pod/web created}, {@code deployment.apps/web configured}, {@code pod/x unchanged}
   * @throws CliException with every problem, before anything is stored
   */
  List<String> run(List<Manifest> manifests, String namespace, boolean strict) {
    List<Manifest> ordered = manifests.stream().sorted(Comparator.comparing(m -> m.type() != Resources.NAMESPACES)).toList();
    List<String> errors = new ArrayList<>();
    ordered.forEach(m -> errors.addAll(check(m, namespace, strict)));
    if (!errors.isEmpty()) {
      throw new CliException(errors);
    }
    List<Item> items = ordered.stream().map(this::item).toList();
    Set<String> newNamespaces = items.stream().filter(i -> i.ref().type() == Resources.NAMESPACES && i.current().isEmpty())
        .map(i -> i.ref().name()).collect(Collectors.toSet());
    for (Item i : items) {
      if (!newNamespaces.contains(i.ref().namespace())) {
        tryOnServer(i, DRY_RUN).ifPresent(e -> errors.add(i.where() + ": " + e.line()));
      }
    }
    if (!errors.isEmpty()) {
      throw new CliException(errors);
    }
    return store(items);
  }

  /** Fills the namespace and validates: the problems, each a line naming file, document and object. */
  private static List<String> check(Manifest m, String namespace, boolean strict) {
    HasMetadata object = m.object();
    String where = m.location() + " (" + new ObjectRef(m.type(), "", object.getMetadata().getName()) + ")";
    if (m.type().namespaced()) {
      String own = object.getMetadata().getNamespace();
      if (own == null || own.isEmpty()) {
        object.getMetadata().setNamespace(namespace);
      } else if (strict && !own.equals(namespace)) {
        return List.of(where + ": the namespace from the provided object \"" + own + "\" does not match the namespace \"" + namespace
            + "\". You must pass '--namespace=" + own + "' to perform this operation.");
      }
    }
    List<String> problems = new ArrayList<>();
    for (FieldError e : Validation.validate(object)) {
      problems.add(where + ": " + m.type().kind() + " \"" + object.getMetadata().getName() + "\" is invalid: " + e);
    }
    return problems;
  }

  private Item item(Manifest m) {
    HasMetadata o = m.object();
    ObjectRef ref = new ObjectRef(m.type(), String.valueOf(o.getMetadata().getNamespace()), o.getMetadata().getName());
    return new Item(m, ref, Json.mapper().valueToTree(o), current(ref));
  }

  private Optional<JsonNode> current(ObjectRef ref) {
    try {
      return Optional.of(api.get(ref.path()));
    } catch (ApiException e) {
      if (e.isNotFound()) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The server's answer to storing {@code item} (for real or as a dry run): empty when it accepts. */
  private Optional<ApiException> tryOnServer(Item item, String query) {
    try {
      send(item, query);
      return Optional.empty();
    } catch (ApiException e) {
      if (e.isNoCluster()) {
        throw e;
      }
      return Optional.of(e);
    }
  }

  private JsonNode send(Item item, String query) {
    if (item.current().isEmpty()) {
      return api.post(item.ref().type().path(item.ref().namespace(), "") + query, item.desired());
    }
    return api.put(item.ref().path() + query, merged(item.current().get(), item.desired()));
  }

  private List<String> store(List<Item> items) {
    List<String> lines = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (Item i : items) {
      try {
        lines.add(i.ref() + " " + storeOne(i));
      } catch (ApiException e) {
        if (e.isNoCluster()) {
          throw e;
        }
        errors.add(i.where() + ": " + e.line());
      }
    }
    if (!errors.isEmpty()) {
      lines.forEach(l -> errors.add("(applied before the failure: " + l + ")"));
      throw new CliException(errors);
    }
    return lines;
  }

  /** created, configured or unchanged; a conflict (someone else updated it meanwhile) is retried on the fresh object. */
  private String storeOne(Item item) {
    Item at = item;
    for (int attempt = 1; ; attempt++) {
      if (at.current().isEmpty()) {
        send(at, "");
        return "created";
      }
      if (same(api.put(at.ref().path() + DRY_RUN, merged(at.current().get(), at.desired())), at.current().get())) {
        return "unchanged";
      }
      try {
        send(at, "");
        return "configured";
      } catch (ApiException e) {
        if (!"Conflict".equals(e.reason()) || attempt == CONFLICT_RETRIES) {
          throw e;
        }
        at = new Item(at.manifest(), at.ref(), at.desired(), current(at.ref()));
      }
    }
  }

  /** The current object with the manifest laid over it, at the current resourceVersion. */
  static ObjectNode merged(JsonNode current, JsonNode desired) {
    ObjectNode result = current.deepCopy();
    overlay(result, desired);
    ObjectNode meta = result.get("metadata") instanceof ObjectNode m ? m : result.putObject("metadata");
    meta.put("resourceVersion", current.path("metadata").path("resourceVersion").asText());
    return result;
  }

  private static void overlay(ObjectNode base, JsonNode patch) {
    patch.fields().forEachRemaining(e -> {
      JsonNode old = base.get(e.getKey());
      if (old instanceof ObjectNode o && e.getValue().isObject()) {
        overlay(o, e.getValue());
      } else {
        base.set(e.getKey(), e.getValue().deepCopy());
      }
    });
  }

  /** Equal but for what every write changes by itself. */
  static boolean same(JsonNode stored, JsonNode current) {
    return strip(stored).equals(strip(current));
  }

  private static JsonNode strip(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode meta) {
      meta.remove(List.of("resourceVersion", "generation", "managedFields"));
    }
    return copy;
  }
}
