package dev.podnet.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import org.junit.jupiter.api.Test;

class DefaultsTest {

  private static Pod pod() {
    String text = ManifestsTest.POD;
    for (String line : new String[] {"namespace: kube-system", "restartPolicy: Never", "terminationGracePeriodSeconds: 5", "dnsPolicy: None",
        "protocol: UDP"}) {
      text = text.replaceAll("(?m)^ *" + line + "\n", "");
    }
    return (Pod) Manifests.read("pod.yaml", text).get(0).object();
  }

  @Test
  void aPodGetsWhatTheApiServerWouldFillIn() {
    Pod pod = Defaults.apply(pod());

    assertThat(pod.getMetadata().getNamespace()).isEqualTo("default");
    PodSpec spec = pod.getSpec();
    assertThat(spec.getRestartPolicy()).isEqualTo("Always");
    assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
    Container app = spec.getContainers().get(0);
    assertThat(app.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(spec.getContainers().get(1).getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(app.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(spec.getContainers().get(1).getImagePullPolicy()).isEqualTo("Always");
    assertThat(app.getEnv().get(1).getValueFrom().getFieldRef().getApiVersion()).isEqualTo("v1");
  }

  @Test
  void probesGetKubernetesTimingsAndHttpGetsASchemeAndPath() {
    Pod pod = Defaults.apply(pod());

    Probe liveness = pod.getSpec().getContainers().get(0).getLivenessProbe();
    assertThat(liveness.getTimeoutSeconds()).as("given").isEqualTo(2);
    assertThat(liveness.getFailureThreshold()).as("given").isEqualTo(5);
    assertThat(liveness.getPeriodSeconds()).isEqualTo(10);
    assertThat(liveness.getSuccessThreshold()).isEqualTo(1);
    Probe readiness = pod.getSpec().getContainers().get(1).getReadinessProbe();
    assertThat(readiness.getTimeoutSeconds()).isEqualTo(1);
    assertThat(readiness.getFailureThreshold()).isEqualTo(3);

    Deployment d = Defaults.apply((Deployment) Manifests.read("d.yaml", ManifestsTest.DEPLOYMENT.replaceAll("(?m)^ *path: /healthz\n", "")).get(0).object());
    Probe http = d.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe();
    assertThat(http.getHttpGet().getScheme()).isEqualTo("HTTP");
    assertThat(http.getHttpGet().getPath()).isEqualTo("/");
    assertThat(http.getPeriodSeconds()).as("given").isEqualTo(2);
  }

  @Test
  void aDeploymentGetsOneReplicaAQuarterRollingUpdateAndADefaultedTemplate() {
    Deployment d = Defaults.apply((Deployment) Manifests.read("d.yaml", ManifestsTest.DEPLOYMENT.replaceAll("(?m)^ *replicas: 6\n", "")).get(0).object());

    DeploymentSpec spec = d.getSpec();
    assertThat(d.getMetadata().getNamespace()).isEqualTo("default");
    assertThat(spec.getReplicas()).isEqualTo(1);
    assertThat(spec.getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(spec.getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
    assertThat(spec.getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("25%");
    assertThat(spec.getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(spec.getProgressDeadlineSeconds()).isEqualTo(600);
    assertThat(spec.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Always");
    assertThat(spec.getTemplate().getMetadata().getNamespace()).as("a template has no namespace of its own").isNull();
  }

  @Test
  void applyingTwiceChangesNothingMoreAndAClusterObjectGetsNoNamespace() {
    Deployment once = Defaults.apply((Deployment) Manifests.read("d.yaml", ManifestsTest.DEPLOYMENT).get(0).object());
    String json = Json.write(once);

    assertThat(Json.write(Defaults.apply(once))).isEqualTo(json);
    Namespace ns = Defaults.apply(Json.read("{\"metadata\":{\"name\":\"a\"}}", Namespace.class));
    assertThat(ns.getMetadata().getNamespace()).isNull();
  }

  @Test
  void withTheHostsNetworkAContainerPortIsAlsoAHostPort() {
    Pod pod = Json.read("{\"metadata\":{\"name\":\"p\"},\"spec\":{\"hostNetwork\":true,\"containers\":[{\"name\":\"a\",\"image\":\"i\","
        + "\"ports\":[{\"containerPort\":53,\"protocol\":\"UDP\"}]}]}}", Pod.class);

    assertThat(Defaults.apply(pod).getSpec().getContainers().get(0).getPorts().get(0).getHostPort()).isEqualTo(53);
  }

  @Test
  void aReplicaSetGetsOneReplicaAndADefaultedTemplate() {
    ReplicaSet rs = Json.read("{\"metadata\":{\"name\":\"web-5d8f\"},\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"a\","
        + "\"image\":\"i:1\"}]}}}}", ReplicaSet.class);

    Defaults.apply(rs);

    assertThat(rs.getSpec().getReplicas()).isEqualTo(1);
    assertThat(rs.getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");
  }
}
