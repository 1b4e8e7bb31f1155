package dev.podnet.api.validation;

import dev.podnet.api.LabelSelector;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The specs of the workloads that stamp out pods, Deployments and their ReplicaSets, and DaemonSets:
 * a count (not for a DaemonSet: one per node), a selector that owns the template's pods, a pod
 * template that restarts always, and a rollout strategy.
 */
final class WorkloadRules {
  private static final List<String> STRATEGIES = List.of("Recreate", "RollingUpdate");
  private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");
  private static final Pattern PERCENT = Pattern.compile("[0-9]{1,9}%");

  private WorkloadRules() {}

  static void deployment(DeploymentSpec spec, ErrorList errors) {
    FieldPath path = FieldPath.of("spec");
    DeploymentSpec s = spec == null ? new DeploymentSpec() : spec;
    pods(new Pods("deployment", s.getReplicas(), s.getMinReadySeconds(), s.getSelector(), s.getTemplate()), path, errors);
    errors.atLeast(path.child("revisionHistoryLimit"), s.getRevisionHistoryLimit(), 0);
    Integer deadline = s.getProgressDeadlineSeconds();
    if (deadline != null && deadline <= (s.getMinReadySeconds() == null ? 0 : s.getMinReadySeconds())) {
      errors.invalid(path.child("progressDeadlineSeconds"), deadline, "must be greater than minReadySeconds");
    }
    strategy(s.getStrategy(), path.child("strategy"), errors);
  }

  static void replicaSet(ReplicaSetSpec spec, ErrorList errors) {
    ReplicaSetSpec s = spec == null ? new ReplicaSetSpec() : spec;
    pods(new Pods("replicaset", s.getReplicas(), s.getMinReadySeconds(), s.getSelector(), s.getTemplate()), FieldPath.of("spec"), errors);
  }

  static void daemonSet(DaemonSetSpec spec, ErrorList errors) {
    FieldPath path = FieldPath.of("spec");
    DaemonSetSpec s = spec == null ? new DaemonSetSpec() : spec;
    pods(new Pods("daemonset", null, s.getMinReadySeconds(), s.getSelector(), s.getTemplate()), path, errors);
    errors.atLeast(path.child("revisionHistoryLimit"), s.getRevisionHistoryLimit(), 0);
    if (s.getTemplate() != null && s.getTemplate().getSpec() != null && s.getTemplate().getSpec().getActiveDeadlineSeconds() != null) {
      errors.forbidden(path.child("template").child("spec").child("activeDeadlineSeconds"), "activeDeadlineSeconds in DaemonSet is not Supported");
    }
    daemonSetStrategy(s.getUpdateStrategy(), path.child("updateStrategy"), errors);
  }

  /** The selector says which pods a DaemonSet owns; upstream refuses to change it under them. */
  static void daemonSetUpdate(DaemonSetSpec before, DaemonSetSpec after, ErrorList errors) {
    if (before != null && after != null && !Objects.equals(before.getSelector(), after.getSelector())) {
      String selector = after.getSelector() == null ? "" : LabelSelector.of(after.getSelector()).toString();
      errors.invalid(FieldPath.of("spec").child("selector"), selector, "field is immutable");
    }
  }

  private static void daemonSetStrategy(DaemonSetUpdateStrategy strategy, FieldPath at, ErrorList errors) {
    if (strategy == null) {
      return;
    }
    errors.oneOf(at.child("type"), strategy.getType(), List.of("OnDelete", "RollingUpdate"));
    RollingUpdateDaemonSet rolling = strategy.getRollingUpdate();
    if (rolling == null || !"RollingUpdate".equals(strategy.getType())) {
      return;
    }
    FieldPath r = at.child("rollingUpdate");
    boolean surgeOk = intOrPercent(rolling.getMaxSurge(), r.child("maxSurge"), errors);
    boolean unavailableOk = intOrPercent(rolling.getMaxUnavailable(), r.child("maxUnavailable"), errors);
    boolean surgeZero = rolling.getMaxSurge() == null || isZero(rolling.getMaxSurge());
    if (surgeOk && unavailableOk && surgeZero && isZero(rolling.getMaxUnavailable())) {
      errors.invalid(r.child("maxUnavailable"), value(rolling.getMaxUnavailable()), "may not be 0 when `maxSurge` is 0");
    }
  }

  /** What Deployments, ReplicaSets and DaemonSets share. */
  private record Pods(String kind, Integer replicas, Integer minReadySeconds, io.fabric8.kubernetes.api.model.LabelSelector selector,
      PodTemplateSpec template) {}

  private static void pods(Pods p, FieldPath path, ErrorList errors) {
    errors.atLeast(path.child("replicas"), p.replicas(), 0);
    errors.atLeast(path.child("minReadySeconds"), p.minReadySeconds(), 0);
    boolean selectorValid = selector(p.selector(), p.kind(), path.child("selector"), errors);
    template(p, selectorValid, path.child("template"), errors);
  }

  /** True when the selector can be evaluated. */
  private static boolean selector(io.fabric8.kubernetes.api.model.LabelSelector selector, String kind, FieldPath at, ErrorList errors) {
    if (selector == null) {
      errors.required(at);
      return false;
    }
    Map<String, String> labels = selector.getMatchLabels();
    List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
    if ((labels == null || labels.isEmpty()) && (expressions == null || expressions.isEmpty())) {
      errors.invalid(at, Map.of(), "empty selector is invalid for " + kind);
      return false;
    }
    int before = errors.all().size();
    errors.labels(at.child("matchLabels"), labels);
    for (int i = 0; expressions != null && i < expressions.size(); i++) {
      requirement(expressions.get(i), at.child("matchExpressions").index(i), errors);
    }
    return errors.all().size() == before;
  }

  static void requirement(LabelSelectorRequirement r, FieldPath at, ErrorList errors) {
    errors.requiredName(at.child("key"), r.getKey(), Names::qualifiedName);
    List<String> values = r.getValues() == null ? List.of() : r.getValues();
    String op = r.getOperator();
    if (ErrorList.isBlank(op)) {
      errors.required(at.child("operator"));
    } else if (!OPERATORS.contains(op)) {
      errors.oneOf(at.child("operator"), op, OPERATORS);
    } else if ((op.equals("In") || op.equals("NotIn")) && values.isEmpty()) {
      errors.required(at.child("values"), "must be specified when `operator` is 'In' or 'NotIn'");
    } else if ((op.equals("Exists") || op.equals("DoesNotExist")) && !values.isEmpty()) {
      errors.forbidden(at.child("values"), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
    }
    for (int i = 0; i < values.size(); i++) {
      errors.name(at.child("values").index(i), values.get(i), Names::labelValue);
    }
  }

  private static void template(Pods p, boolean selectorValid, FieldPath at, ErrorList errors) {
    PodTemplateSpec template = p.template();
    if (template == null) {
      errors.required(at);
      return;
    }
    ObjectMeta meta = template.getMetadata();
    Map<String, String> labels = meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    errors.labels(at.child("metadata").child("labels"), labels);
    if (selectorValid && !LabelSelector.of(p.selector()).matches(labels)) {
      errors.invalid(at.child("metadata").child("labels"), labels, "selector does not match template labels");
    }
    PodSpecRules.validate(template.getSpec(), at.child("spec"), errors);
    if (template.getSpec() != null && template.getSpec().getRestartPolicy() != null) {
      String policy = template.getSpec().getRestartPolicy();
      if (PodSpecRules.RESTART_POLICIES.contains(policy)) {
        errors.oneOf(at.child("spec").child("restartPolicy"), policy, List.of("Always"));
      }
    }
  }

  private static void strategy(DeploymentStrategy strategy, FieldPath at, ErrorList errors) {
    if (strategy == null) {
      return;
    }
    errors.oneOf(at.child("type"), strategy.getType(), STRATEGIES);
    RollingUpdateDeployment rolling = strategy.getRollingUpdate();
    if (rolling == null) {
      return;
    }
    if ("Recreate".equals(strategy.getType())) {
      errors.forbidden(at.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'");
      return;
    }
    FieldPath r = at.child("rollingUpdate");
    boolean surgeOk = intOrPercent(rolling.getMaxSurge(), r.child("maxSurge"), errors);
    boolean unavailableOk = intOrPercent(rolling.getMaxUnavailable(), r.child("maxUnavailable"), errors);
    if (surgeOk && unavailableOk && isZero(rolling.getMaxSurge()) && isZero(rolling.getMaxUnavailable())) {
      errors.invalid(r.child("maxUnavailable"), value(rolling.getMaxUnavailable()), "may not be 0 when `maxSurge` is 0");
    }
    if (unavailableOk && rolling.getMaxUnavailable() != null && rolling.getMaxUnavailable().getStrVal() != null
        && percent(rolling.getMaxUnavailable()) > 100) {
      errors.invalid(r.child("maxUnavailable"), rolling.getMaxUnavailable().getStrVal(), "must not be greater than 100%");
    }
  }

  /** True when unset or well formed. */
  private static boolean intOrPercent(IntOrString v, FieldPath at, ErrorList errors) {
    if (v == null) {
      return true;
    }
    if (v.getIntVal() != null) {
      errors.atLeast(at, v.getIntVal(), 0);
      return v.getIntVal() >= 0;
    }
    if (v.getStrVal() == null || !PERCENT.matcher(v.getStrVal()).matches()) {
      errors.invalid(at, value(v), "must be an integer or percentage (e.g '5%')");
      return false;
    }
    return true;
  }

  /** Unset counts as the default, 25%, which is not zero. */
  private static boolean isZero(IntOrString v) {
    return v != null && (v.getIntVal() != null ? v.getIntVal() == 0 : percent(v) == 0);
  }

  private static int percent(IntOrString v) {
    return Integer.parseInt(v.getStrVal().substring(0, v.getStrVal().length() - 1));
  }

  private static Object value(IntOrString v) {
    return v.getIntVal() != null ? v.getIntVal() : String.valueOf(v.getStrVal());
  }
}
