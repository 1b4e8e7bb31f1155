package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Defaults;
import dev.podnet.api.Json;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacValidationTest {
  private static final String REF = "'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'ClusterRole','name':'podnet'}";

  private static <T extends HasMetadata> T read(String json, Class<T> type) {
    return Defaults.apply(Json.read(json.replace('\'', '"'), type));
  }

  private static List<String> errors(HasMetadata object) {
    return Validation.validate(object).stream().map(FieldError::toString).toList();
  }

  @Test
  void aClusterRoleMayBeNamedWithAColonAsSystemRolesAre() {
    assertThat(errors(read("{'metadata':{'name':'system:podnet'},'rules':[{'apiGroups':[''],'resources':['nodes'],'verbs':['get']}]}",
        ClusterRole.class))).isEmpty();
    assertThat(errors(read("{'metadata':{'name':'a/b'}}", ClusterRole.class))).containsExactly("metadata.name: Invalid value: \"a/b\": may not contain '/'");
  }

  @Test
  void aRuleGrantsAtLeastOneVerbOnAtLeastOneResourceOfSomeGroup() {
    assertThat(errors(read("{'metadata':{'name':'r'},'rules':[{'resources':[]}]}", ClusterRole.class))).containsExactly(
        "rules[0].verbs: Required value: verbs must contain at least one value",
        "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
        "rules[0].resources: Required value: resource rules must supply at least one resource");
  }

  @Test
  void nonResourceUrlsAreClusterWideAndNeverMixedWithResources() {
    assertThat(errors(read("{'metadata':{'name':'r'},'rules':[{'nonResourceURLs':['/healthz'],'verbs':['get']}]}", ClusterRole.class))).isEmpty();
    assertThat(errors(read("{'metadata':{'name':'r','namespace':'kube-system'},'rules':[{'nonResourceURLs':['/healthz'],'resources':['pods'],"
        + "'verbs':['get']}]}", Role.class))).containsExactly(
        "rules[0].nonResourceURLs: Invalid value: [\"/healthz\"]: namespaced rules cannot apply to non-resource URLs",
        "rules[0].nonResourceURLs: Invalid value: [\"/healthz\"]: rules cannot apply to both regular resources and non-resource URLs");
  }

  @Test
  void aClusterRoleBindingRefersToAClusterRoleAndItsServiceAccountsNameTheirNamespace() {
    ClusterRoleBinding ok = read("{'metadata':{'name':'podnet'}," + REF + ",'subjects':[{'kind':'ServiceAccount','name':'podnet',"
        + "'namespace':'kube-system'},{'kind':'User','name':'alice'}]}", ClusterRoleBinding.class);
    assertThat(errors(ok)).isEmpty();
    assertThat(ok.getSubjects().get(1).getApiGroup()).as("defaulted").isEqualTo("rbac.authorization.k8s.io");
    assertThat(errors(read("{'metadata':{'name':'b'},'roleRef':{'apiGroup':'rbac.authorization.k8s.io','kind':'Role','name':'r'},"
        + "'subjects':[{'kind':'ServiceAccount','name':'podnet'},{'kind':'Robot','name':'x'}]}", ClusterRoleBinding.class))).containsExactly(
        "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
        "subjects[0].namespace: Required value",
        "subjects[1].kind: Unsupported value: \"Robot\": supported values: \"ServiceAccount\", \"User\", \"Group\"");
  }

  @Test
  void aRoleBindingNeedsARoleRefOfTheRbacGroup() {
    assertThat(errors(read("{'metadata':{'name':'b','namespace':'default'},'roleRef':{'kind':'Role'},'subjects':[{'kind':'ServiceAccount',"
        + "'name':'default'}]}", RoleBinding.class))).containsExactly(
        "roleRef.apiGroup: Unsupported value: \"\": supported values: \"rbac.authorization.k8s.io\"",
        "roleRef.name: Required value");
  }

  @Test
  void theRoleRefOfABindingCannotChangeButItsSubjectsCan() {
    ClusterRoleBinding before = read("{'metadata':{'name':'b'}," + REF + "}", ClusterRoleBinding.class);
    ClusterRoleBinding moreSubjects = read("{'metadata':{'name':'b'}," + REF + ",'subjects':[{'kind':'Group','name':'g'}]}",
        ClusterRoleBinding.class);
    assertThat(Validation.validateUpdate(before, moreSubjects)).isEmpty();
    ClusterRoleBinding otherRole = read("{'metadata':{'name':'b'}," + REF.replace("podnet", "admin") + "}", ClusterRoleBinding.class);
    assertThat(Validation.validateUpdate(before, otherRole).stream().map(FieldError::toString))
        .containsExactly("roleRef: Invalid value: \"ClusterRole/admin\": cannot change roleRef");
  }
}
