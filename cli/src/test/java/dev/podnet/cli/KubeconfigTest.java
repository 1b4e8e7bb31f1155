package dev.podnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
  private static final String FOREIGN = """
      apiVersion: v1
      kind: Config
      clusters:
      - name: prod
        cluster:
          server: https://10.0.0.1:6443
      contexts:
      - name: prod
        context:
          cluster: prod
          user: ops
          namespace: shop
      users:
      - name: ops
        user:
          token: secret
      current-context: prod
      preferences:
        colors: true
      """;
  private static final KubeconfigEntry LAB = new KubeconfigEntry("podnet-lab", "https://127.0.0.1:40000", "Q0E=", "Q0VSVA==", "S0VZ");

  @TempDir
  Path dir;

  @Test
  void mergeAddsTheClusterUserAndContextMakesItCurrentAndKeepsEverythingElse() throws Exception {
    Path f = dir.resolve("config");
    Files.writeString(f, FOREIGN);
    Kubeconfig.read(f).merge(LAB).write(f);
    Kubeconfig.read(f).merge(LAB).write(f); // twice: still one of each
    String text = Files.readString(f);
    Kubeconfig k = Kubeconfig.read(f);
    assertThat(k.currentContext()).isEqualTo("podnet-lab");
    assertThat(k.hasContext("prod")).isTrue();
    assertThat(text).contains("server: https://10.0.0.1:6443", "token: secret", "namespace: shop", "colors: true",
        "server: https://127.0.0.1:40000", "certificate-authority-data: Q0E=", "client-certificate-data: Q0VSVA==", "client-key-data: S0VZ");
    assertThat(text.split("name: podnet-lab", -1)).hasSize(4); // cluster, user, context
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
  }

  @Test
  void removeTakesOutOnlyItsEntriesAndClearsTheCurrentContextItSet() throws Exception {
    Path f = dir.resolve("config");
    Files.writeString(f, FOREIGN);
    Kubeconfig.read(f).merge(LAB).write(f);
    Kubeconfig k = Kubeconfig.read(f);
    assertThat(k.remove("podnet-lab")).isTrue();
    k.write(f);
    String text = Files.readString(f);
    assertThat(text).doesNotContain("podnet-lab");
    assertThat(text).contains("server: https://10.0.0.1:6443", "token: secret", "namespace: shop");
    assertThat(Kubeconfig.read(f).currentContext()).isEmpty();
    assertThat(Kubeconfig.read(f).remove("podnet-lab")).isFalse();
  }

  @Test
  void removeLeavesAnotherCurrentContextAlone() throws Exception {
    Path f = dir.resolve("config");
    Files.writeString(f, FOREIGN);
    Kubeconfig k = Kubeconfig.read(f).merge(LAB);
    k.remove("podnet-other");
    assertThat(k.currentContext()).isEqualTo("podnet-lab");
  }

  @Test
  void aMissingFileIsAnEmptyConfigAndTheFileIsTheFirstOfKubeconfig() {
    Path f = dir.resolve("sub/config");
    Kubeconfig.read(f).merge(LAB).write(f);
    assertThat(Kubeconfig.read(f).hasContext("podnet-lab")).isTrue();
    assertThat(Kubeconfig.location(Map.of("KUBECONFIG", ":/a/b:/c/d"))).isEqualTo(Path.of("/a/b"));
    assertThat(Kubeconfig.location(Map.of("HOME", "/home/x"))).isEqualTo(Path.of("/home/x/.kube/config"));
  }
}
