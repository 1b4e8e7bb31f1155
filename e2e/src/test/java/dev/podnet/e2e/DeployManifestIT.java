package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.kernel.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code deploy/podnet.yaml}, what a cluster admin applies to run podnet's agents as a DaemonSet,
 * through the real kubectl against podnet's own API: the server validates it (dry run), stores it,
 * and kubectl lists the DaemonSet and the RBAC objects with their tables. The lab runs no
 * DaemonSet controller (its agents are podnetd's), so storing it starts nothing.
 */
@KernelTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeployManifestIT {
  private static final Path MANIFEST = Podnet.CHECKOUT.resolve("deploy/podnet.yaml");
  private final Podnet podnet = Podnet.forRun("pnh");
  private Kubectl kubectl;

  @BeforeAll
  void up() {
    podnet.up("--nodes", "1");
    kubectl = Kubectl.of(podnet);
  }

  @AfterAll
  void down() {
    if (kubectl != null) {
      kubectl.close();
    }
    podnet.downAndForget();
  }

  @Test
  @Order(1)
  void theManifestPassesAServerSideDryRunAndStoresNothing() {
    Podnet.Result r = kubectl.ok("apply", "--dry-run=server", "-f", MANIFEST.toString());
    // A podnet cluster already has the agents' ServiceAccount and settings ConfigMap (its own
    // node agents use them), so those two are "configured", the rest "created".
    assertThat(r.out()).contains("serviceaccount/podnet configured (server dry run)", "clusterrole.rbac.authorization.k8s.io/podnet created (server dry run)",
        "clusterrolebinding.rbac.authorization.k8s.io/podnet created (server dry run)", "role.rbac.authorization.k8s.io/podnet created (server dry run)",
        "rolebinding.rbac.authorization.k8s.io/podnet created (server dry run)", "configmap/podnet-config configured (server dry run)",
        "daemonset.apps/podnet created (server dry run)");
    assertThat(kubectl.ok("apply", "--server-side", "--dry-run=server", "-f", MANIFEST.toString()).out())
        .contains("daemonset.apps/podnet serverside-applied (server dry run)", "role.rbac.authorization.k8s.io/podnet serverside-applied (server dry run)");
    assertThat(kubectl.run("get", "daemonset", "podnet", "-n", "kube-system").err()).contains("NotFound");
  }

  @Test
  @Order(1)
  void kubectlExplainsTheNewKindsFromTheServersOpenApi() {
    assertThat(kubectl.ok("explain", "daemonset.spec.updateStrategy").out()).contains("KIND:", "DaemonSet", "rollingUpdate");
    assertThat(kubectl.ok("explain", "clusterrolebinding.roleRef").out()).contains("ClusterRoleBinding", "apiGroup");
  }

  @Test
  @Order(2)
  void aDaemonSetWhoseSelectorMissesItsPodsIsRefusedByTheServer() throws IOException {
    Path broken = Files.createTempFile("pnh-podnet", ".yaml");
    try {
      String yaml = Files.readString(MANIFEST);
      Files.writeString(broken, yaml.replace("    metadata:\n      labels:\n        app.kubernetes.io/name: podnet",
          "    metadata:\n      labels:\n        app.kubernetes.io/name: other"));
      assertThat(Files.readString(broken)).isNotEqualTo(yaml);
      Podnet.Result r = kubectl.run("apply", "--dry-run=server", "-f", broken.toString());
      assertThat(r.exit()).isNotZero();
      assertThat(r.err()).contains("\"podnet\" is invalid", "spec.template.metadata.labels", "selector does not match template labels");
    } finally {
      Files.deleteIfExists(broken);
    }
  }

  @Test
  @Order(3)
  void appliedForRealKubectlListsTheDaemonSetAndTheRbacObjects() {
    kubectl.ok("apply", "-f", MANIFEST.toString());
    assertThat(kubectl.ok("get", "ds", "-n", "kube-system").out())
        .containsPattern("NAME\\s+DESIRED\\s+CURRENT\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+NODE SELECTOR\\s+AGE")
        .containsPattern("podnet\\s+0\\s+0\\s+0\\s+0\\s+0\\s+kubernetes.io/os=linux");
    assertThat(kubectl.ok("get", "clusterroles").out()).containsPattern("NAME\\s+CREATED AT").containsPattern("(?m)^podnet\\s+\\d{4}-");
    assertThat(kubectl.ok("get", "clusterrolebindings", "-o", "wide").out()).containsPattern("podnet\\s+ClusterRole/podnet\\s+\\S+\\s+kube-system/podnet");
    assertThat(kubectl.ok("get", "rolebindings", "-n", "kube-node-lease").out()).containsPattern("podnet\\s+Role/podnet");
    assertThat(kubectl.ok("apply", "-f", MANIFEST.toString()).out()).as("a second apply changes nothing")
        .contains("daemonset.apps/podnet unchanged", "clusterrolebinding.rbac.authorization.k8s.io/podnet unchanged");
  }
}
