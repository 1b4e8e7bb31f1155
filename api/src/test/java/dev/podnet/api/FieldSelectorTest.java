package dev.podnet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {
  private static final Pod BOUND = new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").endMetadata()
      .withNewSpec().withNodeName("node-1").withRestartPolicy("Always").endSpec()
      .withNewStatus().withPhase("Running").withPodIP("10.244.1.5").endStatus().build();
  private static final Pod PENDING = new PodBuilder().withNewMetadata().withName("db").withNamespace("shop").endMetadata()
      .withNewSpec().endSpec().build();

  @Test
  void equalsDoubleEqualsAndNotEqualsSelectPodsByNode() {
    assertThat(FieldSelector.parse("Pod", "spec.nodeName=node-1").matches(BOUND)).isTrue();
    assertThat(FieldSelector.parse("Pod", "spec.nodeName==node-1").matches(BOUND)).isTrue();
    assertThat(FieldSelector.parse("Pod", "spec.nodeName!=node-1").matches(BOUND)).isFalse();
    assertThat(FieldSelector.parse("Pod", "spec.nodeName=node-2").matches(BOUND)).isFalse();
  }

  @Test
  void anAbsentFieldReadsAsEmptySoUnscheduledPodsAreSelectable() {
    assertThat(FieldSelector.parse("Pod", "spec.nodeName=").matches(PENDING)).isTrue();
    assertThat(FieldSelector.parse("Pod", "spec.nodeName=").matches(BOUND)).isFalse();
    assertThat(FieldSelector.parse("Pod", "status.phase!=Running").matches(PENDING)).isTrue();
    assertThat(FieldSelector.parse("Pod", "spec.hostNetwork=false").matches(PENDING)).isTrue();
  }

  @Test
  void commaJoinedTermsMustAllHold() {
    FieldSelector s = FieldSelector.parse("Pod", "metadata.namespace=shop,status.podIP=10.244.1.5,metadata.name!=db");
    assertThat(s.matches(BOUND)).isTrue();
    assertThat(s.matches(PENDING)).isFalse();
    assertThat(s.requirements()).hasSize(3);
  }

  @Test
  void eventsAreSelectedByInvolvedObjectAndSourceMeansTheComponent() {
    var ev = new EventBuilder().withNewMetadata().withName("web.1").withNamespace("shop").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("web").withNamespace("shop").withUid("u-1").endInvolvedObject()
        .withReason("Scheduled").withType("Normal").withNewSource().withComponent("default-scheduler").endSource().build();
    assertThat(FieldSelector.parse("Event", "involvedObject.name=web,involvedObject.namespace=shop,involvedObject.uid=u-1").matches(ev)).isTrue();
    assertThat(FieldSelector.parse("Event", "source=default-scheduler,type=Normal,reason=Scheduled").matches(ev)).isTrue();
    assertThat(FieldSelector.parse("Event", "involvedObject.kind=Node").matches(ev)).isFalse();
  }

  @Test
  void nodesNamespacesAndClusterScopedNamespaceField() {
    var node = new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewSpec().endSpec().build();
    assertThat(FieldSelector.parse("Node", "spec.unschedulable=false").matches(node)).isTrue();
    assertThat(FieldSelector.parse("Node", "metadata.namespace=").matches(node)).isTrue();
    var ns = new NamespaceBuilder().withNewMetadata().withName("gone").endMetadata().withNewStatus().withPhase("Terminating").endStatus().build();
    assertThat(FieldSelector.parse("Namespace", "status.phase=Terminating").matches(ns)).isTrue();
  }

  @Test
  void aFieldTheKindDoesNotIndexIsRejectedWithUpstreamsWording() {
    assertThatThrownBy(() -> FieldSelector.parse("Pod", "spec.hostname=x")).hasMessage("field label not supported: spec.hostname");
    assertThatThrownBy(() -> FieldSelector.parse("Service", "spec.nodeName=x")).hasMessage("field label not supported: spec.nodeName");
    assertThatThrownBy(() -> FieldSelector.parse("Pod", "justaword")).hasMessageContaining("can't understand 'justaword'");
  }

  @Test
  void escapedCommasAndEqualsBelongToTheValue() {
    var ev = new EventBuilder().withNewMetadata().withName("e").withNamespace("shop").endMetadata()
        .withNewInvolvedObject().withFieldPath("spec.containers{a,b}").endInvolvedObject().build();
    assertThat(FieldSelector.parse("Event", "involvedObject.fieldPath=spec.containers{a\\,b}").matches(ev)).isTrue();
    assertThat(FieldSelector.parse("Pod", "").isEmpty()).isTrue();
  }
}
