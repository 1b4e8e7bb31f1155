package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Manifest;
import dev.podnet.api.Manifests;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplyTest {
  private static final String WEB = """
      apiVersion: v1
      kind: Pod
      metadata: {name: web}
      spec:
        containers: [{name: app, image: podnet/netexec}]
      """;
  private static final String DEPLOY = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers: [{name: app, image: podnet/netexec}]
      """;

  private final FakeApi api = new FakeApi();

  private List<String> apply(String yaml) {
    return new Apply(api).run(Manifests.read("web.yaml", yaml), "default", false);
  }

  @Test
  void createsWhatIsNotThereAndSaysSoLikeKubectl() {
    assertThat(apply(WEB + "---\n" + DEPLOY)).containsExactly("pod/web created", "deployment.apps/web created");
    assertThat(api.objects).containsKeys("/api/v1/namespaces/default/pods/web", "/apis/apps/v1/namespaces/default/deployments/web");
  }

  @Test
  void applyingTheSameAgainIsUnchangedAndAChangeIsConfigured() {
    apply(DEPLOY);
    assertThat(apply(DEPLOY)).containsExactly("deployment.apps/web unchanged");
    assertThat(apply(DEPLOY.replace("replicas: 2", "replicas: 3"))).containsExactly("deployment.apps/web configured");
    assertThat(api.objects.get("/apis/apps/v1/namespaces/default/deployments/web").path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @Test
  void anUpdateKeepsWhatTheServerSetAndSendsTheCurrentResourceVersion() {
    apply(WEB);
    api.objects.get("/api/v1/namespaces/default/pods/web").with("spec").put("nodeName", "node-2");
    apply(WEB.replace("metadata: {name: web}", "metadata: {name: web, labels: {tier: front}}"));
    assertThat(api.objects.get("/api/v1/namespaces/default/pods/web").path("spec").path("nodeName").asText()).isEqualTo("node-2");
    assertThat(api.writes).containsExactly("POST /api/v1/namespaces/default/pods/web", "PUT /api/v1/namespaces/default/pods/web");
  }

  @Test
  void oneInvalidObjectStoresNothingAndEveryErrorIsReported() {
    List<Manifest> manifests = Manifests.read("web.yaml", WEB + "---\n" + DEPLOY);
    Deployment d = (Deployment) manifests.get(1).object();
    d.getSpec().setReplicas(-1);
    d.getSpec().getTemplate().getSpec().getContainers().get(0).setName("App_1");
    assertThatThrownBy(() -> new Apply(api).run(manifests, "default", false)).isInstanceOfSatisfying(CliException.class, e -> {
      assertThat(e.lines()).hasSize(2);
      assertThat(e.lines()).allMatch(l -> l.startsWith("web.yaml: document 2 (deployment.apps/web): Deployment \"web\" is invalid: "));
      assertThat(String.join("\n", e.lines())).contains("spec.replicas").contains("App_1");
    });
    assertThat(api.writes).isEmpty();
  }

  @Test
  void aBadFileAmongGoodOnesStoresNothing() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("manifests");
    try {
      java.nio.file.Files.writeString(dir.resolve("a.yaml"), WEB);
      java.nio.file.Files.writeString(dir.resolve("b.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: db}\nspec: {containers: [{name: x, image: y}]}\n---\n: bad");
      Invocation run = Invocation.run(api, "apply", "-f", dir.toString());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err()).startsWith("error: " + dir.resolve("b.yaml") + ": document 2");
      assertThat(api.writes).isEmpty();
    } finally {
      for (String f : List.of("a.yaml", "b.yaml")) {
        java.nio.file.Files.delete(dir.resolve(f));
      }
      java.nio.file.Files.delete(dir);
    }
  }

  @Test
  void aServerRefusalInTheDryRunStoresNothing() {
    api.refuse("POST", "/apis/apps/v1/namespaces/default/deployments?dryRun=All",
        new ApiException(422, "Invalid", "Deployment \"web\" is invalid: spec.template.spec.containers[0].image: Required value"));
    assertThatThrownBy(() -> apply(WEB + "---\n" + DEPLOY)).isInstanceOfSatisfying(CliException.class, e -> assertThat(e.lines()).containsExactly(
        "web.yaml: document 2 (deployment.apps/web): The Deployment \"web\" is invalid: spec.template.spec.containers[0].image: Required value"));
    assertThat(api.writes).isEmpty();
  }

  @Test
  void anObjectInAnotherNamespaceThanTheGivenOneIsRefused() {
    String other = WEB.replace("metadata: {name: web}", "metadata: {name: web, namespace: prod}");
    assertThatThrownBy(() -> new Apply(api).run(Manifests.read("web.yaml", other), "dev", true)).hasMessageContaining(
        "the namespace from the provided object \"prod\" does not match the namespace \"dev\". You must pass '--namespace=prod' to perform this operation.");
  }

  @Test
  void aNamespaceCreatedInTheSameApplyIsCreatedFirst() {
    String ns = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n";
    List<String> lines = new Apply(api).run(Manifests.read("all.yaml", WEB + "---\n" + ns), "shop", false);
    assertThat(lines).containsExactly("namespace/shop created", "pod/web created");
  }

  @Test
  void theCommandPrintsEveryErrorLineAndExitsOne() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("bad", ".yaml");
    try {
      java.nio.file.Files.writeString(file, "apiVersion: v1\nkind: Pod\nmetadata: {name: Web}\nspec: {containers: []}\n");
      Invocation run = Invocation.run(api, "apply", "-f", file.toString());
      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err().lines()).hasSizeGreaterThanOrEqualTo(2).allMatch(l -> l.startsWith("error: " + file + ": document 1 (Pod default/Web): "));
      assertThat(api.writes).isEmpty();
    } finally {
      java.nio.file.Files.delete(file);
    }
  }
}
