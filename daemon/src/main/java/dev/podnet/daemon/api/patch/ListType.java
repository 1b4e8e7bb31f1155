package dev.podnet.daemon.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * How a list field merges, as the {@code patchStrategy}/{@code patchMergeKey} tags of upstream's
 * Go types declare it: replaced whole, merged element by element on a key, or merged as a set of
 * scalars.
 */
public sealed interface ListType {
  /** No patch strategy: the patch's list replaces the object's. */
  record Atomic() implements ListType {}

  /**
   * {@code patchStrategy:"merge" patchMergeKey:"name"}: elements with the same key merge. {@code
   * applyKeys} are the {@code listMapKeys} server-side apply and managedFields use, which may be
   * more than the patch key: container and Service ports are one port per protocol there
   * (53/UDP and 53/TCP are two elements), while a strategic merge patch keys them by number alone.
   */
  record ByKey(String key, List<String> applyKeys) implements ListType {
    /** Key fields the API server defaults, so an element that leaves them out still has its identity. */
    private static final Map<String, String> KEY_DEFAULTS = Map.of("protocol", "TCP");

    public ByKey {
      applyKeys = List.copyOf(applyKeys);
    }

    public ByKey(String key) {
      this(key, List.of(key));
    }

    /** The fields that say which element {@code item} is: the patch key, or all apply keys. */
    ObjectNode identity(JsonNode item, boolean apply) {
      ObjectNode id = JsonNodeFactory.instance.objectNode();
      for (String k : apply ? applyKeys : List.of(key)) {
        JsonNode v = keyValue(item, k);
        if (v != null) {
          id.set(k, v);
        }
      }
      return id;
    }

    boolean sameElement(JsonNode a, JsonNode b, boolean apply) {
      return a.isObject() && b.isObject() && FieldPath.same(identity(a, apply), identity(b, apply));
    }

    /** A key field's value, its default when left out, or null. */
    static JsonNode keyValue(JsonNode item, String field) {
      JsonNode v = item.get(field);
      if (v == null && KEY_DEFAULTS.containsKey(field)) {
        return JsonNodeFactory.instance.textNode(KEY_DEFAULTS.get(field));
      }
      return v;
    }
  }

  /** {@code patchStrategy:"merge"} on a list of scalars ({@code finalizers}): a union. */
  record Set() implements ListType {}

  ListType ATOMIC = new Atomic();
  ListType SET = new Set();
}
