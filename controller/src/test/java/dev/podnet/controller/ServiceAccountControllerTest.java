package dev.podnet.controller;

import static dev.podnet.controller.TestCluster.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServiceAccountControllerTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() throws Exception {
    cluster.close();
  }

  private boolean hasDefault(String ns) {
    return cluster.store.find(Resources.SERVICEACCOUNTS, ns, "default").isPresent();
  }

  private void namespace(String name, boolean terminating) {
    cluster.store.create(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
        .withPhase(terminating ? "Terminating" : "Active").endStatus().build());
  }

  @Test
  void everyNamespaceOldAndNewGetsItsDefaultAccountAndGetsItBackWhenDeleted() {
    namespace("before", false);
    cluster.closeLater(new ServiceAccountController(cluster.store)).start();
    namespace("after", false);
    await().atMost(WAIT).until(() -> hasDefault("before") && hasDefault("after"));

    cluster.store.delete(Resources.SERVICEACCOUNTS, "after", "default");
    await().atMost(WAIT).until(() -> hasDefault("after"));
  }

  @Test
  void aTerminatingNamespaceGetsNone() {
    cluster.closeLater(new ServiceAccountController(cluster.store)).start();
    namespace("going", true);
    namespace("marker", false);
    await().atMost(WAIT).until(() -> hasDefault("marker"));
    TestCluster.sleep(100);
    assertThat(hasDefault("going")).isFalse();
  }
}
