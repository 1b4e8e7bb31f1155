package dev.podnet.api;

import dev.podnet.api.validation.Names;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A set of label requirements, all of which must hold: what {@code kubectl get -l} takes and what a
 * Deployment's or Service's selector means. {@link #toString()} is the canonical form Kubernetes
 * prints: requirements sorted by key, set values sorted, {@code ==} written {@code =}.
 */
public record LabelSelector(List<Requirement> requirements) {

  public LabelSelector {
    requirements = requirements.stream().sorted(Comparator.comparing(Requirement::key)).collect(Collectors.toUnmodifiableList());
  }

  public enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

  /** One condition on one label key; {@code values} has one element for (not) equals, none for (does not) exist. */
  public record Requirement(String key, Operator operator, List<String> values) {

    public Requirement {
      values = List.copyOf(new TreeSet<>(values));
    }

    public boolean matches(Map<String, String> labels) {
      boolean has = labels.containsKey(key);
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> has && values.contains(value);
        case NOT_EQUALS, NOT_IN -> !has || !values.contains(value);
        case EXISTS -> has;
        case DOES_NOT_EXIST -> !has;
      };
    }

    @Override
    public String toString() {
      return switch (operator) {
        case EQUALS -> key + "=" + values.get(0);
        case NOT_EQUALS -> key + "!=" + values.get(0);
        case IN -> key + " in (" + String.join(",", values) + ")";
        case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
        case EXISTS -> key;
        case DOES_NOT_EXIST -> "!" + key;
      };
    }
  }

  /** Matches every set of labels. */
  public static LabelSelector everything() {
    return new LabelSelector(List.of());
  }

  /**
   * kubectl's {@code -l} syntax: {@code app=web}, {@code app==web}, {@code app!=web}, {@code tier in (a,b)},
   * {@code tier notin (a)}, {@code app}, {@code !app}, joined by commas; empty text selects everything.
   *
   * @throws IllegalArgumentException naming the selector, the position and what was expected
   */
  public static LabelSelector parse(String text) {
    return new LabelSelector(new SelectorParser(text).parse());
  }

  /** Each label must have the given value, as a Service's selector or a Deployment's matchLabels. */
  public static LabelSelector of(Map<String, String> matchLabels) {
    List<Requirement> rs = new ArrayList<>();
    matchLabels.forEach((k, v) -> rs.add(new Requirement(k, Operator.EQUALS, List.of(v))));
    return new LabelSelector(rs);
  }

  /**
   * A Kubernetes {@code LabelSelector} (matchLabels and matchExpressions). Check it with
   * {@link dev.podnet.api.validation.Validation} first; an unknown operator is an {@link IllegalArgumentException}.
   */
  public static LabelSelector of(io.fabric8.kubernetes.api.model.LabelSelector selector) {
    List<Requirement> rs = new ArrayList<>(of(selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels()).requirements());
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement e : expressions) {
      List<String> values = e.getValues() == null ? List.of() : e.getValues();
      rs.add(new Requirement(e.getKey(), operator(e.getOperator()), values));
    }
    return new LabelSelector(rs);
  }

  private static Operator operator(String op) {
    return switch (String.valueOf(op)) {
      case "In" -> Operator.IN;
      case "NotIn" -> Operator.NOT_IN;
      case "Exists" -> Operator.EXISTS;
      case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
      default -> throw new IllegalArgumentException("label selector operator \"" + op + "\" is not one of In, NotIn, Exists, DoesNotExist");
    };
  }

  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  public boolean isEmpty() {
    return requirements.isEmpty();
  }

  /** Used by the parser: a key or value that Kubernetes would not accept as a label. */
  static List<String> problems(String key, List<String> values) {
    List<String> problems = new ArrayList<>();
    Names.qualifiedName(key).forEach(p -> problems.add("key \"" + key + "\": " + p));
    for (String v : values) {
      Names.labelValue(v).forEach(p -> problems.add("value \"" + v + "\": " + p));
    }
    return problems;
  }

  @Override
  public String toString() {
    return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
  }
}
