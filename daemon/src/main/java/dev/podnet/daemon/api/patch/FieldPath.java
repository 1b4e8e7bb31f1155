package dev.podnet.daemon.api.patch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podnet.api.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One field of an object in managedFields' FieldsV1 spelling: {@code f:spec}, {@code f:containers},
 * {@code k:{"name":"web"}} (a list element by its merge key), {@code v:"a"} (a set's value). Reads and
 * removes the value it names in a JSON object.
 */
public record FieldPath(List<String> elements) {
  public FieldPath {
    elements = List.copyOf(elements);
  }

  FieldPath child(String element) {
    List<String> e = new ArrayList<>(elements);
    e.add(element);
    return new FieldPath(e);
  }

  boolean isPrefixOf(FieldPath other) {
    return other.elements.size() >= elements.size() && other.elements.subList(0, elements.size()).equals(elements);
  }

  /** True when the path ends at a whole list element or set value, not a field. */
  boolean isItem() {
    String last = elements.get(elements.size() - 1);
    return last.startsWith("k:") || last.startsWith("v:");
  }

  /**
   * JSON equality where numbers compare by value: the store's objects hold {@code 2} as a long
   * where a parsed manifest holds an int, and the two must count as the same field value.
   */
  static boolean same(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.equals((x, y) -> x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1, b);
  }

  /** The value at this path, or null. */
  JsonNode in(JsonNode root) {
    JsonNode n = root;
    for (String e : elements) {
      if (n == null) {
        return null;
      }
      n = step(n, e);
    }
    return n;
  }

  /** Removes the value at this path from {@code root}, if it is there. */
  void removeFrom(JsonNode root) {
    JsonNode parent = new FieldPath(elements.subList(0, elements.size() - 1)).in(root);
    String last = elements.get(elements.size() - 1);
    if (parent instanceof ObjectNode o && last.startsWith("f:")) {
      o.remove(last.substring(2));
    } else if (parent instanceof ArrayNode a) {
      int i = indexIn(a, last);
      if (i >= 0) {
        a.remove(i);
      }
    }
  }

  private static JsonNode step(JsonNode n, String e) {
    if (e.startsWith("f:")) {
      return n.isObject() ? n.get(e.substring(2)) : null;
    }
    if (!n.isArray()) {
      return null;
    }
    int i = indexIn((ArrayNode) n, e);
    return i < 0 ? null : n.get(i);
  }

  private static int indexIn(ArrayNode a, String e) {
    JsonNode want = parse(e.substring(2));
    for (int i = 0; i < a.size(); i++) {
      JsonNode item = a.get(i);
      if (e.startsWith("v:") ? same(item, want) : matchesKey(item, want)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean matchesKey(JsonNode item, JsonNode key) {
    for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> k = it.next();
      if (!same(k.getValue(), ListType.ByKey.keyValue(item, k.getKey()))) {
        return false;
      }
    }
    return item.isObject();
  }

  private static JsonNode parse(String json) {
    try {
      return Json.mapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw PatchException.malformed("managedFields: \"" + json + "\" is not a JSON key or value");
    }
  }

  /** As upstream prints a conflicting field: {@code .spec.template.spec.containers[name="web"].image}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (String e : elements) {
      if (e.startsWith("f:")) {
        b.append('.').append(e.substring(2));
      } else if (e.startsWith("v:")) {
        b.append('[').append(e.substring(2)).append(']');
      } else {
        List<String> kv = new ArrayList<>();
        parse(e.substring(2)).fields().forEachRemaining(k -> kv.add(k.getKey() + "=" + k.getValue()));
        b.append('[').append(String.join(",", kv)).append(']');
      }
    }
    return b.toString();
  }
}
