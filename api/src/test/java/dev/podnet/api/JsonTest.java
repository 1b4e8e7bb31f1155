package dev.podnet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void writingLeavesOutNullsAndEmptyCollections() {
    Pod pod = Json.read("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{}},\"spec\":{\"containers\":[]}}",
        Pod.class);

    assertThat(Json.write(pod)).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{}}");
  }

  @Test
  void readingIgnoresFieldsANewerWriterAdded() {
    assertThat(Json.read("{\"metadata\":{\"name\":\"p\"},\"futureField\":1}", Pod.class).getMetadata().getName()).isEqualTo("p");
  }

  @Test
  void aCopySharesNothing() {
    Pod pod = (Pod) Manifests.read("p.yaml", ManifestsTest.POD).get(0).object();
    Pod copy = Json.copy(pod);

    copy.getSpec().getContainers().get(0).setImage("other");
    assertThat(copy).isNotSameAs(pod);
    assertThat(pod.getSpec().getContainers().get(0).getImage()).isEqualTo("podnet/netexec:1.0");
  }

  @Test
  void yamlLooksLikeKubectlGetOutput() {
    Pod pod = Json.read("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"version\":\"1\",\"on\":\"true\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"a\",\"image\":\"i\",\"ports\":[{\"containerPort\":80}]}]}}", Pod.class);

    assertThat(Json.toYaml(pod)).isEqualTo("""
        apiVersion: v1
        kind: Pod
        metadata:
          labels:
            "on": "true"
            version: "1"
          name: p
        spec:
          containers:
          - image: i
            name: a
            ports:
            - containerPort: 80
        """);
    assertThat(Json.read(Json.write(Manifests.read("p.yaml", Json.toYaml(pod)).get(0).object()), Pod.class)).isEqualTo(pod);
  }

  @Test
  void badJsonIsAnErrorWithItsPlace() {
    assertThatThrownBy(() -> Json.read("{\"metadata\":", Pod.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cannot read Pod from JSON: ");
  }
}
