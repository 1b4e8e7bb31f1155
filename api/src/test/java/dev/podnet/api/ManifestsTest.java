package dev.podnet.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestsTest {
  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
      spec:
        replicas: 6
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: podnet/netexec:1.0
              args: ["--http-port=8080"]
              ports:
              - name: http
                containerPort: 8080
              readinessProbe:
                httpGet:
                  path: /healthz
                  port: http
                periodSeconds: 2
      """;

  static final String POD = """
      apiVersion: v1
      kind: Pod
      metadata:
        name: client
        namespace: kube-system
        labels:
          app: client
      spec:
        nodeName: node-1
        nodeSelector:
          kubernetes.io/hostname: node-1
        hostname: client
        subdomain: clients
        restartPolicy: Never
        terminationGracePeriodSeconds: 5
        dnsPolicy: None
        dnsConfig:
          nameservers: [10.96.0.10]
          searches: [kube-system.svc.cluster.local]
        containers:
        - name: app
          image: podnet/netexec:1.0
          command: [/netexec]
          args: [--http-port=8080]
          env:
          - name: GREETING
            value: hello
          - name: POD_NAME
            valueFrom:
              fieldRef:
                fieldPath: metadata.name
          - name: POD_IP
            valueFrom:
              fieldRef:
                fieldPath: status.podIP
          - name: NODE
            valueFrom:
              fieldRef:
                fieldPath: spec.nodeName
          ports:
          - containerPort: 8080
            name: http
          livenessProbe:
            tcpSocket:
              port: 8080
            initialDelaySeconds: 1
            timeoutSeconds: 2
            failureThreshold: 5
        - name: sidecar
          image: busybox
          command: [sh, -c, "sleep 3600"]
          ports:
          - containerPort: 9090
            protocol: UDP
          readinessProbe:
            exec:
              command: [cat, /tmp/ready]
      """;

  @Test
  void aSixReplicaDeploymentAndATwoContainerPodInOneFileParse() {
    List<Manifest> manifests = Manifests.read("app.yaml", DEPLOYMENT + "---\n" + POD);

    assertThat(manifests).extracting(Manifest::document).containsExactly(1, 2);
    Deployment d = (Deployment) manifests.get(0).object();
    assertThat(d.getSpec().getReplicas()).isEqualTo(6);
    assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getPort().getStrVal())
        .isEqualTo("http");
    Pod p = (Pod) manifests.get(1).object();
    assertThat(p.getSpec().getContainers()).extracting(c -> c.getName()).containsExactly("app", "sidecar");
    assertThat(p.getSpec().getContainers().get(0).getEnv().get(2).getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP");
    assertThat(manifests.get(1).type()).isEqualTo(Resources.PODS);
    assertThat(manifests.get(1).location()).isEqualTo("app.yaml: document 2");
  }

  @Test
  void aNodeAsTheLabRegistersItParsesWithItsStatus() {
    String text = """
        apiVersion: v1
        kind: Node
        metadata:
          name: node-1
          labels: {kubernetes.io/hostname: node-1}
        spec:
          podCIDR: 10.244.1.0/24
          podCIDRs: [10.244.1.0/24]
        status:
          addresses:
          - {type: InternalIP, address: 172.18.0.2}
          - {type: Hostname, address: node-1}
          capacity: {cpu: "2", memory: 4Gi, pods: "110"}
          conditions:
          - {type: Ready, status: "True", reason: KubeletReady, lastHeartbeatTime: "2026-01-01T00:00:00Z"}
        """;

    io.fabric8.kubernetes.api.model.Node node = (io.fabric8.kubernetes.api.model.Node) Manifests.read("nodes.yaml", text).get(0).object();

    assertThat(node.getSpec().getPodCIDR()).isEqualTo("10.244.1.0/24");
    assertThat(node.getStatus().getAddresses().get(0).getAddress()).isEqualTo("172.18.0.2");
    assertThat(node.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");
    assertThat(Json.toYaml(node)).contains("memory: 4Gi").contains("status: \"True\"");
  }

  @Test
  void containerResourcesAreQuantities() {
    String text = POD.replace("  - name: sidecar\n", "  - name: sidecar\n    resources: {limits: {cpu: 100m, memory: 64Mi}}\n");

    Pod pod = (Pod) Manifests.read("p.yaml", text).get(0).object();

    assertThat(pod.getSpec().getContainers().get(1).getResources().getLimits().get("cpu").toString()).isEqualTo("100m");
  }

  @Test
  void emptyDocumentsAndCommentsAreSkippedAndNotCounted() {
    String text = "---\n# just a comment\n---\n" + DEPLOYMENT + "---\n\n---\n" + POD + "---\n";

    assertThat(Manifests.read("app.yaml", text)).extracting(Manifest::document).containsExactly(1, 2);
  }

  @Test
  void aListIsExpandedIntoItsItems() {
    String text = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Namespace
          metadata: {name: team-a}
        - apiVersion: v1
          kind: Namespace
          metadata: {name: team-b}
        """;

    List<Manifest> manifests = Manifests.read("list.yaml", text);

    assertThat(manifests).extracting(m -> m.object().getMetadata().getName()).containsExactly("team-a", "team-b");
    assertThat(manifests.get(1).location()).isEqualTo("list.yaml: document 1, item 2");
  }

  @Test
  void aJsonStreamIsReadLikeYaml() {
    String text = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}}\n"
        + "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"node-1\"}}";

    assertThat(Manifests.read("-", text)).extracting(m -> m.type().kind()).containsExactly("Namespace", "Node");
  }

  @Test
  void malformedYamlNamesTheDocumentAndTheLineInTheFile() {
    String text = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: a
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: web: x
        """;

    assertRefused(text, "pods.yaml: document 2: malformed YAML at line 9, column 12: mapping values are not allowed here");
  }

  @Test
  void malformedJsonNamesTheLineAndColumn() {
    assertThatThrownBy(() -> Manifests.read("pods.json", "{\"apiVersion\": \"v1\",\n \"kind\" \"Pod\"}"))
        .hasMessageStartingWith("pods.json: document 1: malformed JSON at line 2, column 9: Unexpected character ('\"'");
  }

  @Test
  void aRepeatedKeyIsMalformedNotLastOneWins() {
    assertThatThrownBy(() -> Manifests.read("ns.yaml", "apiVersion: v1\nkind: Namespace\nkind: Node\n"))
        .hasMessageStartingWith("ns.yaml: document 1: malformed YAML at line 3")
        .hasMessageContaining("Duplicate field 'kind'");
  }

  @Test
  void aDocumentThatIsNotAnObjectIsRefused() {
    assertRefused("- a\n- b\n", "pods.yaml: document 1: expected an object with apiVersion and kind, found a list");
  }

  @Test
  void anUnknownKindListsWhatPodnetServes() {
    assertRefused("apiVersion: v1\nkind: Foo\n",
        "pods.yaml: document 1: unknown kind \"Foo\" in apiVersion \"v1\" (podnet serves " + Resources.kinds() + ")");
  }

  @Test
  void aMissingKindOrApiVersionIsNamed() {
    assertRefused("apiVersion: v1\nmetadata: {name: a}\n", "pods.yaml: document 1: kind not set (podnet serves " + Resources.kinds() + ")");
    assertRefused("kind: Pod\nmetadata: {name: a}\n", "pods.yaml: document 1: apiVersion not set for kind \"Pod\" (use apiVersion: v1)");
  }

  @Test
  void aKnownKindInTheWrongApiVersionSaysWhichOneToUse() {
    assertRefused("apiVersion: v1\nkind: Deployment\nmetadata: {name: web}\n",
        "pods.yaml: document 1: kind \"Deployment\" is not in apiVersion \"v1\" (use apiVersion: apps/v1)");
  }

  @Test
  void aMissingRequiredFieldNamesTheObjectAndThePath() {
    assertRefused("apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - name: app\n",
        "pods.yaml: document 1 (Pod default/web): spec.containers[0].image: Required value");
  }

  @Test
  void twoContainersWithOneNameAreADuplicateValue() {
    String dup = "apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: app, image: a}\n  - {name: app, image: b}\n";
    String ns = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n";

    assertRefused(ns + "---\n" + ns + "---\n" + dup, "pods.yaml: document 3 (Pod default/web): spec.containers[1].name: Duplicate value: \"app\"");
  }

  @Test
  void aDeploymentWhoseSelectorMissesItsTemplateIsRefused() {
    String text = DEPLOYMENT.replace("      labels:\n        app: web", "      labels:\n        app: x");

    assertRefused(text, "pods.yaml: document 1 (Deployment default/web): spec.template.metadata.labels: Invalid value: {\"app\":\"x\"}: "
        + "selector does not match template labels");
  }

  @Test
  void anUnknownFieldIsRefusedNotDropped() {
    assertRefused(POD.replace("readinessProbe:", "readinesProbe:"), "pods.yaml: document 1 (Pod kube-system/client): "
        + "unknown field \"spec.containers[1].readinesProbe\"");
  }

  @Test
  void aValueOfTheWrongTypeNamesItsPath() {
    assertRefused(DEPLOYMENT.replace("replicas: 6", "replicas: many"),
        "pods.yaml: document 1 (Deployment default/web): spec.replicas: Invalid value: \"many\": must be a number");
  }

  @Test
  void everyDocumentsErrorsAreReportedTogether() {
    String text = "apiVersion: v1\nkind: Foo\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: Web}\nspec: {containers: []}\n";

    assertThatThrownBy(() -> Manifests.read("pods.yaml", text))
        .isInstanceOfSatisfying(ManifestException.class, e -> {
          assertThat(e.errors()).hasSize(3);
          assertThat(e.errors().get(2)).isEqualTo("pods.yaml: document 2 (Pod default/Web): spec.containers: Required value");
          assertThat(e.getMessage()).startsWith("pods.yaml: 3 errors\npods.yaml: document 1: unknown kind \"Foo\"");
        });
  }

  @Test
  void aMissingFileIsOneClearLine(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> Manifests.readFile(missing)).isInstanceOf(ManifestException.class).hasMessage(missing + ": no such file");
    assertThatThrownBy(() -> Manifests.readFile(dir)).hasMessage(dir + ": cannot read: is a directory, not a manifest file");
  }

  @Test
  void aFileIsReadWithItsNameAsSource(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("app.yaml"), POD);

    assertThat(Manifests.readFile(file)).singleElement().extracting(Manifest::source).isEqualTo(file.toString());
  }

  private static void assertRefused(String text, String message) {
    assertThatThrownBy(() -> Manifests.read("pods.yaml", text)).isInstanceOf(ManifestException.class).hasMessage(message);
  }
}
