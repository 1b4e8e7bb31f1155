package dev.podnet.daemon.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** An object's {@code metadata.managedFields}: one entry per manager, operation and subresource. */
record ManagedFields(List<Entry> entries) {

  /** One managedFields entry; {@code subresource} empty for writes to the object itself. */
  record Entry(String manager, String operation, String apiVersion, String time, String subresource, FieldSet fields) {
    boolean sameOwner(Manager m, String op) {
      return manager.equals(m.name()) && operation.equals(op) && subresource.equals(m.subresource());
    }
  }

  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  static ManagedFields of(JsonNode object) {
    List<Entry> out = new ArrayList<>();
    if (object != null) {
      for (JsonNode e : object.path("metadata").path("managedFields")) {
        out.add(new Entry(e.path("manager").asText(""), e.path("operation").asText(UPDATE), e.path("apiVersion").asText(""),
            e.path("time").asText(""), e.path("subresource").asText(""), FieldSet.fromFieldsV1(e.path("fieldsV1"))));
      }
    }
    return new ManagedFields(out);
  }

  /**
   * Sets the owner's entry to {@code fields} (removing it when empty), stamped now; an entry whose
   * fields stay the same keeps its time, so a write that changes nothing stays a no-op for the store.
   */
  ManagedFields with(Manager m, String op, FieldSet fields) {
    List<Entry> out = new ArrayList<>();
    boolean placed = false;
    for (Entry e : entries) {
      if (!e.sameOwner(m, op)) {
        out.add(e);
      } else if (e.fields().equals(fields)) {
        out.add(e);
        placed = true;
      } else if (!fields.isEmpty()) {
        out.add(new Entry(m.name(), op, m.apiVersion(), now(), m.subresource(), fields));
        placed = true;
      }
    }
    if (!placed && !fields.isEmpty()) {
      out.add(new Entry(m.name(), op, m.apiVersion(), now(), m.subresource(), fields));
    }
    return new ManagedFields(out);
  }

  FieldSet owned(Manager m, String op) {
    return entries.stream().filter(e -> e.sameOwner(m, op)).map(Entry::fields).findFirst().orElse(FieldSet.EMPTY);
  }

  /** Every entry but the owner's, each taken through {@code f}; entries left empty go. */
  ManagedFields others(Manager m, String op, UnaryOperator<FieldSet> f) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries) {
      FieldSet s = e.sameOwner(m, op) ? e.fields() : f.apply(e.fields());
      if (!s.isEmpty()) {
        out.add(s == e.fields() ? e : new Entry(e.manager(), e.operation(), e.apiVersion(), e.time(), e.subresource(), s));
      }
    }
    return new ManagedFields(out);
  }

  ArrayNode toJson() {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Entry e : entries) {
      ObjectNode n = a.addObject();
      n.put("manager", e.manager()).put("operation", e.operation()).put("apiVersion", e.apiVersion()).put("time", e.time());
      n.put("fieldsType", "FieldsV1").set("fieldsV1", e.fields().toFieldsV1());
      if (!e.subresource().isEmpty()) {
        n.put("subresource", e.subresource());
      }
    }
    return a;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
