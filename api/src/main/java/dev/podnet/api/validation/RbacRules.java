package dev.podnet.api.validation;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Objects;

/**
 * Roles and their bindings, as upstream's pkg/apis/rbac/validation checks them: every rule grants
 * some verbs on something (resources in API groups, or, cluster-wide only, non-resource URLs), a
 * binding refers to a role of this API group by name and names who it binds, and what a binding
 * refers to never changes (upstream: delete and recreate it, so grants cannot be swapped under a
 * subject). podnetd stores them; its authorization is still the fixed table in docs/api.md.
 */
final class RbacRules {
  static final String GROUP = "rbac.authorization.k8s.io";
  private static final List<String> SUBJECT_KINDS = List.of("ServiceAccount", "User", "Group");

  private RbacRules() {}

  static void role(Role role, ErrorList errors) {
    rules(role.getRules(), true, errors);
  }

  static void clusterRole(ClusterRole role, ErrorList errors) {
    rules(role.getRules(), false, errors);
  }

  static void roleBinding(RoleBinding binding, ErrorList errors) {
    roleRef(binding.getRoleRef(), List.of("Role", "ClusterRole"), errors);
    subjects(binding.getSubjects(), true, errors);
  }

  static void clusterRoleBinding(ClusterRoleBinding binding, ErrorList errors) {
    roleRef(binding.getRoleRef(), List.of("ClusterRole"), errors);
    subjects(binding.getSubjects(), false, errors);
  }

  /** Upstream's ValidateRoleBindingUpdate / ValidateClusterRoleBindingUpdate. */
  static void roleRefUpdate(RoleRef before, RoleRef after, ErrorList errors) {
    if (!Objects.equals(before, after)) {
      errors.invalid(FieldPath.of("roleRef"), after == null ? "" : after.getKind() + "/" + after.getName(), "cannot change roleRef");
    }
  }

  private static void rules(List<PolicyRule> rules, boolean namespaced, ErrorList errors) {
    for (int i = 0; rules != null && i < rules.size(); i++) {
      rule(rules.get(i), namespaced, FieldPath.of("rules").index(i), errors);
    }
  }

  private static void rule(PolicyRule rule, boolean namespaced, FieldPath at, ErrorList errors) {
    if (isEmpty(rule.getVerbs())) {
      errors.required(at.child("verbs"), "verbs must contain at least one value");
    }
    List<String> urls = rule.getNonResourceURLs();
    if (!isEmpty(urls)) {
      if (namespaced) {
        errors.invalid(at.child("nonResourceURLs"), urls, "namespaced rules cannot apply to non-resource URLs");
      }
      if (!isEmpty(rule.getApiGroups()) || !isEmpty(rule.getResources()) || !isEmpty(rule.getResourceNames())) {
        errors.invalid(at.child("nonResourceURLs"), urls, "rules cannot apply to both regular resources and non-resource URLs");
      }
      return;
    }
    if (isEmpty(rule.getApiGroups())) {
      errors.required(at.child("apiGroups"), "resource rules must supply at least one api group");
    }
    if (isEmpty(rule.getResources())) {
      errors.required(at.child("resources"), "resource rules must supply at least one resource");
    }
  }

  private static void roleRef(RoleRef ref, List<String> kinds, ErrorList errors) {
    FieldPath at = FieldPath.of("roleRef");
    RoleRef r = ref == null ? new RoleRef() : ref;
    if (!GROUP.equals(r.getApiGroup())) {
      errors.add(FieldError.notSupported(at.child("apiGroup").text(), Objects.toString(r.getApiGroup(), ""), List.of(GROUP)));
    }
    if (!kinds.contains(r.getKind())) {
      errors.add(FieldError.notSupported(at.child("kind").text(), Objects.toString(r.getKind(), ""), kinds));
    }
    errors.requiredName(at.child("name"), r.getName(), Names::pathSegment);
  }

  private static void subjects(List<Subject> subjects, boolean namespaced, ErrorList errors) {
    for (int i = 0; subjects != null && i < subjects.size(); i++) {
      subject(subjects.get(i), namespaced, FieldPath.of("subjects").index(i), errors);
    }
  }

  /** User and Group subjects carry the RBAC group (defaulted when left out); a ServiceAccount the core group and its namespace. */
  private static void subject(Subject s, boolean namespaced, FieldPath at, ErrorList errors) {
    String group = Objects.toString(s.getApiGroup(), "");
    if (ErrorList.isBlank(s.getName())) {
      errors.required(at.child("name"));
    }
    if ("ServiceAccount".equals(s.getKind())) {
      errors.optionalName(at.child("name"), s.getName(), Names::dnsSubdomain);
      if (!group.isEmpty()) {
        errors.add(FieldError.notSupported(at.child("apiGroup").text(), group, List.of("")));
      }
      if (!namespaced && ErrorList.isBlank(s.getNamespace())) {
        errors.required(at.child("namespace"));
      }
    } else if (SUBJECT_KINDS.contains(s.getKind())) {
      if (!group.equals(GROUP)) {
        errors.add(FieldError.notSupported(at.child("apiGroup").text(), group, List.of(GROUP)));
      }
    } else {
      errors.add(FieldError.notSupported(at.child("kind").text(), Objects.toString(s.getKind(), ""), SUBJECT_KINDS));
    }
  }

  private static boolean isEmpty(List<String> list) {
    return list == null || list.isEmpty();
  }
}
