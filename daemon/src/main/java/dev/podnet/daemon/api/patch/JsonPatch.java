package dev.podnet.daemon.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch: a list of operations applied in order to a copy of the document; the first
 * that fails fails the whole patch, so a half-applied patch is never returned. As upstream, only a
 * patch that is not a list of operations is malformed (400); an operation that cannot be carried
 * out, whatever the reason, is 422.
 */
public final class JsonPatch {
  private JsonPatch() {}

  public static JsonNode apply(JsonNode document, JsonNode patch) {
    if (patch == null || !patch.isArray()) {
      throw PatchException.malformed("json patch must be a JSON array of operations, not " + kindOf(patch));
    }
    JsonNode doc = document.deepCopy();
    for (int i = 0; i < patch.size(); i++) {
      doc = applyOne(doc, patch.get(i), i);
    }
    return doc;
  }

  private static JsonNode applyOne(JsonNode doc, JsonNode op, int i) {
    if (!op.isObject()) {
      throw PatchException.doesNotApply("json patch operation " + i + " must be an object, not " + kindOf(op));
    }
    String name = op.path("op").asText("");
    JsonPointer path = JsonPointer.parse(member(op, "path", i), i);
    return switch (name) {
      case "add" -> add(doc, path, value(op, i));
      case "remove" -> remove(doc, path);
      case "replace" -> add(remove(doc, path), path, value(op, i));
      case "move" -> {
        JsonPointer from = JsonPointer.parse(member(op, "from", i), i);
        if (path.isBelow(from)) {
          throw PatchException.doesNotApply("json patch operation " + i + ": cannot move " + from + " into its own child " + path);
        }
        JsonNode v = from.get(doc);
        yield add(remove(doc, from), path, v);
      }
      case "copy" -> add(doc, path, JsonPointer.parse(member(op, "from", i), i).get(doc).deepCopy());
      case "test" -> {
        JsonNode actual = path.get(doc);
        if (!FieldPath.same(actual, value(op, i))) {
          throw PatchException.doesNotApply("json patch test operation failed: " + path + " is " + actual + ", not " + op.get("value"));
        }
        yield doc;
      }
      default -> throw PatchException.doesNotApply("json patch operation " + i + ": unknown op \"" + name
          + "\" (expected add, remove, replace, move, copy or test)");
    };
  }

  private static JsonNode add(JsonNode doc, JsonPointer path, JsonNode value) {
    if (path.isRoot()) {
      return value.deepCopy();
    }
    JsonNode parent = path.parent().get(doc);
    String last = path.last();
    if (parent instanceof ObjectNode o) {
      o.set(last, value.deepCopy());
    } else if (parent instanceof ArrayNode a) {
      int at = last.equals("-") ? a.size() : path.index(last, a.size() + 1);
      a.insert(at, value.deepCopy());
    } else {
      throw PatchException.doesNotApply("json patch: cannot add " + path + ": " + path.parent() + " is not an object or array");
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, JsonPointer path) {
    if (path.isRoot()) {
      throw PatchException.doesNotApply("json patch: cannot remove the whole document");
    }
    JsonNode parent = path.parent().get(doc);
    String last = path.last();
    if (parent instanceof ObjectNode o && o.has(last)) {
      o.remove(last);
    } else if (parent instanceof ArrayNode a) {
      a.remove(path.index(last, a.size()));
    } else {
      throw PatchException.doesNotApply("json patch: cannot remove " + path + ": the path does not exist");
    }
    return doc;
  }

  private static String member(JsonNode op, String name, int i) {
    JsonNode v = op.get(name);
    if (v == null || !v.isTextual()) {
      throw PatchException.doesNotApply("json patch operation " + i + " (" + op.path("op").asText("?") + ") is missing its \"" + name + "\"");
    }
    return v.asText();
  }

  private static JsonNode value(JsonNode op, int i) {
    if (!op.has("value")) {
      throw PatchException.doesNotApply("json patch operation " + i + " (" + op.path("op").asText() + ") is missing its \"value\"");
    }
    return op.get("value");
  }

  /** "object", "array", "string"...: what a JSON value is, for messages. */
  public static String kindOf(JsonNode n) {
    return n == null || n.isMissingNode() ? "nothing" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** RFC 6901: {@code /spec/containers/0/image}, with {@code ~1} for '/' and {@code ~0} for '~'. */
  record JsonPointer(List<String> tokens) {
    static JsonPointer parse(String s, int op) {
      if (s.isEmpty()) {
        return new JsonPointer(List.of());
      }
      if (!s.startsWith("/")) {
        throw PatchException.doesNotApply("json patch operation " + op + ": path \"" + s + "\" must start with '/'");
      }
      List<String> t = new ArrayList<>();
      for (String raw : s.substring(1).split("/", -1)) {
        t.add(raw.replace("~1", "/").replace("~0", "~"));
      }
      return new JsonPointer(List.copyOf(t));
    }

    boolean isRoot() {
      return tokens.isEmpty();
    }

    JsonPointer parent() {
      return new JsonPointer(tokens.subList(0, tokens.size() - 1));
    }

    String last() {
      return tokens.get(tokens.size() - 1);
    }

    boolean isBelow(JsonPointer other) {
      return tokens.size() > other.tokens.size() && tokens.subList(0, other.tokens.size()).equals(other.tokens);
    }

    JsonNode get(JsonNode doc) {
      JsonNode n = doc;
      for (int i = 0; i < tokens.size(); i++) {
        String t = tokens.get(i);
        JsonNode next = n.isArray() ? n.get(new JsonPointer(tokens.subList(0, i + 1)).index(t, n.size())) : n.get(t);
        if (next == null) {
          throw PatchException.doesNotApply("json patch: the path " + this + " does not exist");
        }
        n = next;
      }
      return n;
    }

    /** An array index below {@code bound}; leading zeros and non-digits are not indexes. */
    int index(String t, int bound) {
      if (!t.matches("0|[1-9][0-9]{0,8}")) {
        throw PatchException.doesNotApply("json patch: \"" + t + "\" in " + this + " is not an array index");
      }
      int i = Integer.parseInt(t);
      if (i >= bound) {
        throw PatchException.doesNotApply("json patch: index " + i + " in " + this + " is out of bounds");
      }
      return i;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder();
      tokens.forEach(t -> b.append('/').append(t.replace("~", "~0").replace("/", "~1")));
      return b.toString();
    }
  }
}
