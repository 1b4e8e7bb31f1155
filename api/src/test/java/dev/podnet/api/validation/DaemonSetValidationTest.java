package dev.podnet.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Defaults;
import dev.podnet.api.Json;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class DaemonSetValidationTest {
  private static final String DS = "{'metadata':{'name':'podnet','namespace':'kube-system'},'spec':{'selector':{'matchLabels':{'app':'podnet'}},"
      + "'template':{'metadata':{'labels':{'app':'%s'}},'spec':{'hostNetwork':true,'containers':[{'name':'agent','image':'podnet:0.1.0'}]%s}}%s}}";

  private static DaemonSet daemonSet(String label, String podSpec, String spec) {
    return Defaults.apply(Json.read(DS.formatted(label, podSpec, spec).replace('\'', '"'), DaemonSet.class));
  }

  private static List<String> errors(DaemonSet ds) {
    return Validation.validate(ds).stream().map(FieldError::toString).toList();
  }

  @Test
  void aWellFormedDaemonSetIsDefaultedToRollOneNodeAtATime() {
    DaemonSet ds = daemonSet("podnet", "", "");
    assertThat(errors(ds)).isEmpty();
    assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(ds.getSpec().getUpdateStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(ds.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
  }

  @Test
  void theSelectorMustMatchTheTemplatesLabels() {
    assertThat(errors(daemonSet("other", "", ""))).containsExactly(
        "spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: selector does not match template labels");
  }

  @Test
  void anEmptySelectorIsInvalidForADaemonSet() {
    DaemonSet ds = daemonSet("podnet", "", "");
    ds.getSpec().getSelector().setMatchLabels(null);
    assertThat(errors(ds)).containsExactly("spec.selector: Invalid value: {}: empty selector is invalid for daemonset");
  }

  @Test
  void daemonPodsRestartAlwaysAndHaveNoDeadline() {
    assertThat(errors(daemonSet("podnet", ",'restartPolicy':'OnFailure','activeDeadlineSeconds':5", ""))).containsExactly(
        "spec.template.spec.restartPolicy: Unsupported value: \"OnFailure\": supported values: \"Always\"",
        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in DaemonSet is not Supported");
  }

  @Test
  void theUpdateStrategyIsOnDeleteOrARollingUpdateThatMakesProgress() {
    assertThat(errors(daemonSet("podnet", "", ",'updateStrategy':{'type':'Recreate'}"))).containsExactly(
        "spec.updateStrategy.type: Unsupported value: \"Recreate\": supported values: \"OnDelete\", \"RollingUpdate\"");
    assertThat(errors(daemonSet("podnet", "", ",'updateStrategy':{'rollingUpdate':{'maxUnavailable':0}}"))).containsExactly(
        "spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
  }

  @Test
  void theSelectorCannotChangeOnUpdate() {
    DaemonSet before = daemonSet("podnet", "", "");
    DaemonSet after = daemonSet("podnet", "", "");
    after.getSpec().getSelector().getMatchLabels().put("tier", "node");
    assertThat(Validation.validateUpdate(before, before)).isEmpty();
    assertThat(Validation.validateUpdate(before, after).stream().map(FieldError::toString))
        .containsExactly("spec.selector: Invalid value: \"app=podnet,tier=node\": field is immutable");
  }
}
