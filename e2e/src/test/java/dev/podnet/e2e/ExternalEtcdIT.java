package dev.podnet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Resources;
import dev.podnet.kernel.KernelTest;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.store.EtcdServer;
import dev.podnet.store.EtcdStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code podnet up --etcd URL}: the cluster's objects live in the user's etcd, which podnet neither starts nor stops. */
@KernelTest
class ExternalEtcdIT {

  @Test
  void upWithAnExistingEtcdStoresThereAndDownLeavesItRunning() throws Exception {
    String name = "e2eext" + KernelTestSupport.prefix().replace("-", "").substring(2);
    Path dir = Files.createTempDirectory("podnet-e2e-etcd-");
    Podnet podnet = new Podnet(name, dir.resolve("state"));
    try (EtcdServer etcd = EtcdServer.start(dir.resolve("etcd"))) {
      Podnet.Result up = podnet.run("up", "--nodes", "1", "--etcd", etcd.endpoint());
      assertThat(up.exit()).as(up.err()).isZero();
      podnet.apply("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: podnet/pause\n");
      podnet.await("p Ready", Duration.ofSeconds(60), p -> ClusterIT.condition(p, "Ready").equals("True"), "pod", "p");
      try (EtcdStore store = EtcdStore.connect(etcd.endpoint())) {
        assertThat(store.find(Resources.PODS, "default", "p")).isPresent();
        assertThat(store.find(Resources.NODES, "", "node-1")).isPresent();
      }
      assertThat(dir.resolve("state").resolve(name).resolve("etcd")).doesNotExist();
      podnet.ok("down");
      assertThat(ProcessHandle.of(etcd.pid())).as("podnet down leaves the user's etcd running").isPresent();
      try (EtcdStore store = EtcdStore.connect(etcd.endpoint())) {
        assertThat(store.list(Resources.PODS, "").items()).as("but takes the cluster's objects with it").isEmpty();
      }
    } finally {
      podnet.run("down");
      Podnet.deleteTree(dir);
    }
  }
}
