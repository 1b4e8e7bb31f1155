package dev.podnet.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code ?fieldSelector=} and {@code kubectl --field-selector} take: {@code field=value},
 * {@code field==value} or {@code field!=value}, joined by commas, all of which must hold. Only the
 * fields Kubernetes indexes for a kind may be named ({@link #FIELDS}); an absent field reads as the
 * empty string, so {@code spec.nodeName=} selects unscheduled pods, as upstream.
 */
public record FieldSelector(List<Requirement> requirements) {

  public FieldSelector {
    requirements = List.copyOf(requirements);
  }

  /** One condition on one field: equal to the value, or (negated) not equal. */
  public record Requirement(String field, String value, boolean negated) {
    boolean matches(Map<String, String> fields) {
      return fields.getOrDefault(field, "").equals(value) != negated;
    }

    @Override
    public String toString() {
      return field + (negated ? "!=" : "=") + value;
    }
  }

  /** Fields every kind has; namespace reads as empty for a cluster-scoped object. */
  private static final Set<String> COMMON = Set.of("metadata.name", "metadata.namespace");

  /** The selectable fields beyond {@link #COMMON}, by kind, as the upstream registries declare them. */
  private static final Map<String, Set<String>> FIELDS = Map.of(
      "Pod", Set.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase",
          "status.podIP", "status.nominatedNodeName"),
      "Event", Set.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
          "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source",
          "type"),
      "Node", Set.of("spec.unschedulable"),
      "Secret", Set.of("type"),
      "Namespace", Set.of("status.phase"));

  /** Booleans upstream always sets, so an absent one reads as false, as it prints them. */
  private static final Set<String> FLAGS = Set.of("spec.unschedulable", "spec.hostNetwork");

  /** Selects everything. */
  public static FieldSelector everything() {
    return new FieldSelector(List.of());
  }

  /**
   * Parses {@code text} for objects of {@code kind}; an empty text selects everything.
   *
   * @throws IllegalArgumentException with upstream's wording: {@code field label not supported: X}
   *     for a field the kind does not index, or which term could not be read
   */
  public static FieldSelector parse(String kind, String text) {
    List<Requirement> rs = new ArrayList<>();
    for (String term : splitTerms(text)) {
      if (term.isBlank()) {
        continue;
      }
      Requirement r = term(text, term);
      if (!COMMON.contains(r.field()) && !FIELDS.getOrDefault(kind, Set.of()).contains(r.field())) {
        throw new IllegalArgumentException("field label not supported: " + r.field());
      }
      rs.add(r);
    }
    return new FieldSelector(rs);
  }

  private static Requirement term(String whole, String term) {
    for (String op : List.of("!=", "==", "=")) {
      int at = indexOfUnescaped(term, op);
      if (at > 0) {
        String field = unescape(term.substring(0, at)).strip();
        String value = unescape(term.substring(at + op.length()));
        return new Requirement(field, value, op.equals("!="));
      }
    }
    throw new IllegalArgumentException("invalid selector: '" + whole + "'; can't understand '" + term + "'");
  }

  /** Commas split terms unless escaped with a backslash, as in apimachinery's fields.ParseSelector. */
  private static List<String> splitTerms(String text) {
    List<String> terms = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        b.append(c).append(text.charAt(++i));
      } else if (c == ',') {
        terms.add(b.toString());
        b.setLength(0);
      } else {
        b.append(c);
      }
    }
    terms.add(b.toString());
    return terms;
  }

  private static int indexOfUnescaped(String s, String op) {
    for (int i = 0; i + op.length() <= s.length(); i++) {
      if (s.charAt(i) == '\\') {
        i++;
      } else if (s.startsWith(op, i)) {
        return i;
      }
    }
    return -1;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c == '\\' && i + 1 < s.length() ? s.charAt(++i) : c);
    }
    return b.toString();
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  public boolean matches(HasMetadata obj) {
    if (requirements.isEmpty()) {
      return true;
    }
    Map<String, String> fields = fields(obj);
    return requirements.stream().allMatch(r -> r.matches(fields));
  }

  /** The values of the fields this selector names; {@code source} is an Event's source.component, as upstream. */
  private Map<String, String> fields(HasMetadata obj) {
    JsonNode tree = Json.mapper().valueToTree(obj);
    return requirements.stream().map(Requirement::field).distinct()
        .collect(Collectors.toMap(f -> f, f -> value(tree, f.equals("source") ? "source.component" : f)));
  }

  private static String value(JsonNode tree, String path) {
    JsonNode n = tree;
    for (String part : path.split("\\.")) {
      n = n.path(part);
    }
    if (n.isMissingNode() || n.isNull()) {
      return FLAGS.contains(path) ? "false" : "";
    }
    return n.asText();
  }

  @Override
  public String toString() {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }
}
