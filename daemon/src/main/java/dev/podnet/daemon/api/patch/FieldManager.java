package dev.podnet.daemon.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Field ownership as the API server tracks it in {@code metadata.managedFields}. An update (PUT,
 * POST, a non-apply PATCH) gives its manager every field it changed and takes them from the others;
 * server-side apply makes the manager own exactly the fields of its configuration, removes the ones
 * it applied before and no longer does (unless someone else owns them), and refuses to change a
 * field another manager owns to a different value unless forced.
 */
public final class FieldManager {
  private FieldManager() {}

  /** The managedFields of {@code updated} after {@code m} wrote it over {@code old} (null on create). */
  public static ArrayNode update(JsonNode old, JsonNode updated, Manager m) {
    JsonNode before = old == null ? JsonNodeFactory.instance.objectNode() : old;
    FieldSet present = FieldSet.of(updated, m.status());
    FieldSet changed = present.filter(p -> !FieldPath.same(p.in(before), p.in(updated)));
    ManagedFields fields = ManagedFields.of(old);
    FieldSet mine = fields.owned(m, ManagedFields.UPDATE).union(changed).intersect(present);
    FieldSet all = present.union(FieldSet.of(updated, !m.status()));
    return fields.others(m, ManagedFields.UPDATE, s -> s.minus(changed).intersect(all)).with(m, ManagedFields.UPDATE, mine).toJson();
  }

  /**
   * {@code applied} merged into {@code live} (null: create) for {@code m}, with managedFields set.
   * Conflicts with other managers are a 409 naming them and their fields, unless {@code force}.
   */
  public static ObjectNode apply(JsonNode live, ObjectNode applied, Manager m, boolean force) {
    ObjectNode base = live == null ? JsonNodeFactory.instance.objectNode() : live.deepCopy();
    ObjectNode config = applied.deepCopy();
    config.remove(m.status() ? List.of("spec") : List.of("status"));
    FieldSet wanted = FieldSet.of(config, m.status());
    ManagedFields fields = ManagedFields.of(live);
    Map<FieldPath, String> conflicts = conflicts(base, config, wanted, fields, m);
    if (!conflicts.isEmpty() && !force) {
      throw new PatchException(409, conflictMessage(conflicts, fields));
    }
    if (!conflicts.isEmpty()) {
      fields = fields.others(m, ManagedFields.APPLY, s -> s.filter(p -> !conflicts.containsKey(p)));
    }
    ManagedFields others = fields.others(m, ManagedFields.APPLY, s -> s).with(m, ManagedFields.APPLY, FieldSet.EMPTY);
    List<FieldPath> dropped = new ArrayList<>(fields.owned(m, ManagedFields.APPLY).minus(wanted).paths());
    dropped.sort(Comparator.comparingInt((FieldPath p) -> p.elements().size())); // an element before its fields: its key is still there
    for (FieldPath p : dropped) {
      if (others.entries().stream().noneMatch(e -> e.fields().touches(p)) && !wanted.touches(p)) {
        p.removeFrom(base);
      }
    }
    ObjectNode merged = StrategicMerge.applyConfiguration(base, config);
    JsonNode meta = merged.path("metadata");
    if (meta.isObject()) {
      ((ObjectNode) meta).set("managedFields", fields.with(m, ManagedFields.APPLY, wanted).toJson());
    }
    return merged;
  }

  /** Fields of {@code wanted} that another manager owns and the configuration would change. */
  private static Map<FieldPath, String> conflicts(JsonNode live, JsonNode config, FieldSet wanted, ManagedFields fields, Manager m) {
    Map<FieldPath, String> out = new LinkedHashMap<>();
    for (ManagedFields.Entry e : fields.entries()) {
      if (e.sameOwner(m, ManagedFields.APPLY)) {
        continue;
      }
      for (FieldPath p : wanted.intersect(e.fields()).paths()) {
        if (!p.isItem() && !FieldPath.same(p.in(live), p.in(config))) {
          out.putIfAbsent(p, e.manager());
        }
      }
    }
    return out;
  }

  /** Upstream's wording: {@code Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas}. */
  private static String conflictMessage(Map<FieldPath, String> conflicts, ManagedFields fields) {
    Map<String, List<FieldPath>> byManager = new LinkedHashMap<>();
    conflicts.forEach((p, who) -> byManager.computeIfAbsent(who, k -> new ArrayList<>()).add(p));
    int n = conflicts.size();
    StringBuilder b = new StringBuilder("Apply failed with " + n + " conflict" + (n == 1 ? "" : "s") + ": ");
    List<String> parts = new ArrayList<>();
    byManager.forEach((who, paths) -> {
      String version = fields.entries().stream().filter(e -> e.manager().equals(who)).map(ManagedFields.Entry::apiVersion).findFirst().orElse("");
      String using = version.isEmpty() ? "" : " using " + version;
      parts.add(paths.size() == 1 && n == 1 ? "conflict with \"" + who + "\"" + using + ": " + paths.get(0)
          : "conflicts with \"" + who + "\"" + using + ":\n" + paths.stream().map(p -> "- " + p).collect(Collectors.joining("\n")));
    });
    return b.append(String.join("\n", parts)).toString();
  }
}
