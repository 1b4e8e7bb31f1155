package dev.podnet.daemon.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' strategic merge patch: a merge patch whose lists merge by the key {@link MergeKeys}
 * names, plus the directives kubectl writes — {@code $patch: replace|delete|merge}, {@code
 * $setElementOrder/F}, {@code $retainKeys}, {@code $deleteFromPrimitiveList/F}. Server-side apply
 * merges an applied configuration with the same rules (it has no directives).
 */
public final class StrategicMerge {
  static final String PATCH = "$patch";
  static final String RETAIN_KEYS = "$retainKeys";
  static final String ORDER = "$setElementOrder/";
  static final String DELETE_FROM = "$deleteFromPrimitiveList/";

  private StrategicMerge() {}

  public static JsonNode apply(JsonNode original, JsonNode patch) {
    if (!patch.isObject()) {
      throw PatchException.malformed("a strategic merge patch must be a JSON object, not " + JsonPatch.kindOf(patch));
    }
    ObjectNode merged = mergeMap(original.isObject() ? (ObjectNode) original : null, (ObjectNode) patch, "", false);
    return merged == null ? JsonNodeFactory.instance.objectNode() : merged;
  }

  /** Server-side apply's merge of a configuration: the same rules, list elements told apart by their apply keys. */
  static ObjectNode applyConfiguration(ObjectNode live, ObjectNode config) {
    ObjectNode merged = mergeMap(live, config, "", true);
    return merged == null ? JsonNodeFactory.instance.objectNode() : merged;
  }

  /** The merged map, or null when the patch says {@code $patch: delete}; {@code apply}: keys as server-side apply. */
  static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, String path, boolean apply) {
    String directive = patch.path(PATCH).asText("merge");
    switch (directive) {
      case "delete":
        return null;
      case "replace":
        return mergeMap(null, withoutDirective(patch), path, apply);
      case "merge":
        break;
      default:
        throw PatchException.malformed("strategic merge patch: unknown $patch directive \"" + directive + "\" at " + at(path)
            + " (expected replace, delete or merge)");
    }
    ObjectNode out = original == null ? JsonNodeFactory.instance.objectNode() : original.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().startsWith("$")) {
        mergeField(out, e.getKey(), e.getValue(), join(path, e.getKey()), apply);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().startsWith(DELETE_FROM)) {
        deleteFromPrimitiveList(out, e.getKey().substring(DELETE_FROM.length()), e.getValue(), path);
      } else if (e.getKey().startsWith(ORDER)) {
        String field = e.getKey().substring(ORDER.length());
        ElementOrder.apply(out, field, e.getValue(), MergeKeys.of(join(path, field)));
      }
    }
    if (patch.has(RETAIN_KEYS)) {
      retainKeys(out, patch.get(RETAIN_KEYS), path);
    }
    return out;
  }

  private static void mergeField(ObjectNode out, String name, JsonNode value, String path, boolean apply) {
    if (value.isNull()) {
      out.remove(name);
    } else if (value.isObject()) {
      JsonNode cur = out.get(name);
      ObjectNode merged = mergeMap(cur != null && cur.isObject() ? (ObjectNode) cur : null, (ObjectNode) value, path, apply);
      if (merged == null) {
        out.remove(name);
      } else {
        out.set(name, merged);
      }
    } else if (value.isArray()) {
      JsonNode cur = out.get(name);
      out.set(name, mergeList(cur != null && cur.isArray() ? (ArrayNode) cur : null, (ArrayNode) value, path, apply));
    } else {
      out.set(name, value.deepCopy());
    }
  }

  static ArrayNode mergeList(ArrayNode original, ArrayNode patch, String path, boolean apply) {
    ListType type = MergeKeys.of(path);
    List<JsonNode> items = new ArrayList<>();
    boolean replace = false;
    for (JsonNode e : patch) {
      if (e.isObject() && e.path(PATCH).asText("").equals("replace") && e.size() == 1) {
        replace = true;
      } else {
        items.add(e);
      }
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    if (type instanceof ListType.Atomic || replace || original == null) {
      if (type instanceof ListType.ByKey k) {
        return mergeByKey(JsonNodeFactory.instance.arrayNode(), items, k, path, apply); // elements still lose their directives
      }
      items.forEach(i -> out.add(i.deepCopy()));
      return type instanceof ListType.Set ? union(out, JsonNodeFactory.instance.arrayNode()) : out;
    }
    if (type instanceof ListType.ByKey k) {
      return mergeByKey(original, items, k, path, apply);
    }
    ArrayNode add = JsonNodeFactory.instance.arrayNode();
    items.forEach(add::add);
    return union(original.deepCopy(), add);
  }

  private static ArrayNode mergeByKey(ArrayNode original, List<JsonNode> items, ListType.ByKey key, String path, boolean apply) {
    ArrayNode out = original.deepCopy();
    for (JsonNode e : items) {
      if (!e.isObject() || !e.has(key.key())) {
        throw PatchException.malformed("strategic merge patch: an element of " + at(path) + " does not contain its merge key \"" + key.key()
            + "\": " + e);
      }
      if (e.path(PATCH).asText("").equals("delete")) {
        for (int i = indexOf(out, key, e, apply); i >= 0; i = indexOf(out, key, e, apply)) {
          out.remove(i);
        }
        continue;
      }
      int at = indexOf(out, key, e, apply);
      ObjectNode merged = mergeMap(at >= 0 ? (ObjectNode) out.get(at) : null, (ObjectNode) e, path + "[]", apply);
      if (at >= 0) {
        out.set(at, merged);
      } else if (merged != null) {
        out.add(merged);
      }
    }
    return out;
  }

  private static int indexOf(ArrayNode list, ListType.ByKey key, JsonNode element, boolean apply) {
    for (int i = 0; i < list.size(); i++) {
      if (key.sameElement(list.get(i), element, apply)) {
        return i;
      }
    }
    return -1;
  }

  private static ArrayNode union(ArrayNode base, ArrayNode add) {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (JsonNode v : base) {
      if (!contains(out, v)) {
        out.add(v);
      }
    }
    for (JsonNode v : add) {
      if (!contains(out, v)) {
        out.add(v.deepCopy());
      }
    }
    return out;
  }

  private static boolean contains(ArrayNode a, JsonNode v) {
    for (JsonNode x : a) {
      if (FieldPath.same(x, v)) {
        return true;
      }
    }
    return false;
  }

  private static void deleteFromPrimitiveList(ObjectNode out, String field, JsonNode values, String path) {
    if (!values.isArray()) {
      throw PatchException.malformed("strategic merge patch: " + DELETE_FROM + field + " at " + at(path) + " must be a list");
    }
    JsonNode cur = out.get(field);
    if (cur == null || !cur.isArray()) {
      return;
    }
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    for (JsonNode v : cur) {
      if (!contains((ArrayNode) values, v)) {
        kept.add(v);
      }
    }
    out.set(field, kept);
  }

  private static void retainKeys(ObjectNode out, JsonNode keys, String path) {
    if (!keys.isArray()) {
      throw PatchException.malformed("strategic merge patch: " + RETAIN_KEYS + " at " + at(path) + " must be a list of field names");
    }
    List<String> keep = new ArrayList<>();
    keys.forEach(k -> keep.add(k.asText()));
    out.retain(keep);
  }

  private static ObjectNode withoutDirective(ObjectNode patch) {
    ObjectNode copy = patch.deepCopy();
    copy.remove(PATCH);
    return copy;
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  private static String at(String path) {
    return path.isEmpty() ? "the top level" : path;
  }
}
