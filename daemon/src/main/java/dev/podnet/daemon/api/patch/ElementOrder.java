package dev.podnet.daemon.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code $setElementOrder/F}: kubectl sends the order it wants a merged list in, since a merge patch
 * only carries the changed elements. Elements the order names come first, in that order; elements
 * only the server knows follow in their previous order.
 */
final class ElementOrder {
  private ElementOrder() {}

  static void apply(ObjectNode out, String field, JsonNode order, ListType type) {
    JsonNode cur = out.get(field);
    if (cur == null || !cur.isArray() || !order.isArray()) {
      return;
    }
    ArrayNode list = (ArrayNode) cur;
    ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
    boolean[] taken = new boolean[list.size()];
    for (JsonNode o : order) {
      int at = find(list, o, type, taken);
      if (at >= 0) {
        taken[at] = true;
        sorted.add(list.get(at));
      }
    }
    for (int i = 0; i < list.size(); i++) {
      if (!taken[i]) {
        sorted.add(list.get(i));
      }
    }
    out.set(field, sorted);
  }

  private static int find(ArrayNode list, JsonNode wanted, ListType type, boolean[] taken) {
    for (int i = 0; i < list.size(); i++) {
      if (taken[i]) {
        continue;
      }
      JsonNode e = list.get(i);
      boolean same = type instanceof ListType.ByKey k ? wanted.has(k.key()) && FieldPath.same(wanted.get(k.key()), e.get(k.key()))
          : FieldPath.same(wanted, e);
      if (same) {
        return i;
      }
    }
    return -1;
  }
}
