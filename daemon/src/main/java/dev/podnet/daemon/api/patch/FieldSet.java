package dev.podnet.daemon.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The fields one manager owns: leaves (scalars, atomic lists, empty maps), list elements by merge
 * key and set values — the content of one managedFields entry, converted to and from FieldsV1.
 */
public record FieldSet(Set<FieldPath> paths) {
  /** Set by the server, never owned (upstream's reset and ignored fields). */
  private static final Set<String> UNOWNED_META = Set.of("name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp",
      "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "generateName");

  /** Sorted, so FieldsV1 and messages come out the same every time: a path before the fields below it. */
  public FieldSet {
    List<FieldPath> sorted = new ArrayList<>(paths);
    sorted.sort(FieldSet::compare);
    paths = Collections.unmodifiableSet(new LinkedHashSet<>(sorted));
  }

  private static int compare(FieldPath a, FieldPath b) {
    for (int i = 0; i < Math.min(a.elements().size(), b.elements().size()); i++) {
      int c = a.elements().get(i).compareTo(b.elements().get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.elements().size(), b.elements().size());
  }

  public static final FieldSet EMPTY = new FieldSet(Set.of());

  /** The fields {@code object} sets; {@code status}: the status subresource's fields, else the rest. */
  public static FieldSet of(JsonNode object, boolean status) {
    Set<FieldPath> out = new LinkedHashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      String f = e.getKey();
      if (f.equals("apiVersion") || f.equals("kind") || f.equals("status") != status) {
        continue;
      }
      if (f.equals("metadata")) {
        ObjectNode meta = e.getValue().deepCopy();
        meta.remove(UNOWNED_META);
        walk(meta, new FieldPath(List.of("f:metadata")), "metadata", out);
      } else {
        add(e.getValue(), new FieldPath(List.of("f:" + f)), f, out);
      }
    }
    return new FieldSet(out);
  }

  private static void walk(JsonNode map, FieldPath at, String schema, Set<FieldPath> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      add(e.getValue(), at.child("f:" + e.getKey()), StrategicMerge.join(schema, e.getKey()), out);
    }
  }

  private static void add(JsonNode v, FieldPath at, String schema, Set<FieldPath> out) {
    if (v.isObject() && v.size() > 0) {
      walk(v, at, schema, out);
      return;
    }
    ListType type = v.isArray() ? MergeKeys.of(schema) : ListType.ATOMIC;
    if (type instanceof ListType.ByKey k) {
      for (JsonNode item : v) {
        if (item.isObject() && item.has(k.key())) {
          FieldPath element = at.child("k:" + k.identity(item, true));
          out.add(element);
          walk(item, element, schema + "[]", out);
        }
      }
    } else if (type instanceof ListType.Set) {
      v.forEach(item -> out.add(at.child("v:" + item)));
    } else {
      out.add(at);
    }
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  public FieldSet union(FieldSet other) {
    Set<FieldPath> s = new LinkedHashSet<>(paths);
    s.addAll(other.paths);
    return new FieldSet(s);
  }

  public FieldSet minus(FieldSet other) {
    return filter(p -> !other.paths.contains(p));
  }

  public FieldSet intersect(FieldSet other) {
    return filter(other.paths::contains);
  }

  public FieldSet filter(Predicate<FieldPath> keep) {
    return new FieldSet(paths.stream().filter(keep).collect(Collectors.toCollection(LinkedHashSet::new)));
  }

  /** True if this set owns {@code p} or a field below it. */
  public boolean touches(FieldPath p) {
    return paths.stream().anyMatch(p::isPrefixOf);
  }

  /** FieldsV1: nested {@code {"f:spec":{"f:replicas":{}}}}, {@code ".":{}} where an owned element also has owned fields. */
  public ObjectNode toFieldsV1() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    Set<ObjectNode> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    for (FieldPath p : paths) { // sorted: an owned element comes before its fields, so "." comes first as upstream writes it
      ObjectNode n = root;
      for (String e : p.elements()) {
        if (owned.contains(n) && n.isEmpty()) {
          n.putObject(".");
        }
        n = n.has(e) ? (ObjectNode) n.get(e) : n.putObject(e);
      }
      owned.add(n);
    }
    return root;
  }

  public static FieldSet fromFieldsV1(JsonNode fields) {
    Set<FieldPath> out = new LinkedHashSet<>();
    read(fields, new FieldPath(List.of()), out);
    return new FieldSet(out);
  }

  private static void read(JsonNode node, FieldPath at, Set<FieldPath> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals(".")) {
        out.add(at);
      } else if (e.getValue().size() == 0) {
        out.add(at.child(e.getKey()));
      } else {
        read(e.getValue(), at.child(e.getKey()), out);
      }
    }
  }
}
