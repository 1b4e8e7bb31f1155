package dev.podnet.store;

import static dev.podnet.store.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Resources;
import io.etcd.jetcd.options.DeleteOption;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on a real etcd, started for this class in a temporary directory. */
class EtcdStoreIT extends StorePagingContract {
  @TempDir
  static Path dir;
  static EtcdServer etcd;
  static EtcdStore etcdStore;

  @BeforeAll
  static void startEtcd() {
    etcd = EtcdServer.start(dir.resolve("etcd"));
    etcdStore = EtcdStore.connect(etcd.endpoint());
  }

  @AfterAll
  static void stopEtcd() {
    try {
      if (etcdStore != null) {
        etcdStore.close();
      }
    } finally {
      if (etcd != null) {
        etcd.close();
      }
    }
  }

  @Override
  Store emptyStore() {
    try {
      etcdStore.client().getKVClient().delete(EtcdStore.bytes("/registry/"), DeleteOption.builder().isPrefix(true).build()).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("empty etcd at " + etcd.endpoint() + ": " + e, e);
    }
    return etcdStore;
  }

  @Override
  void compact(long revision) {
    try {
      etcdStore.client().getKVClient().compact(revision).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("compact etcd at " + etcd.endpoint() + " to " + revision + ": " + e, e);
    }
  }

  @Test
  void objectsAreStoredAsKubernetesJsonUnderRegistryKeysWithoutResourceVersion() throws Exception {
    store.create(pod("default", "web"));
    var kvs = etcdStore.client().getKVClient().get(EtcdStore.bytes("/registry/pods/default/web")).get(10, TimeUnit.SECONDS).getKvs();
    String json = kvs.get(0).getValue().toString(StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{").doesNotContain("resourceVersion").doesNotContain("null");
  }

  @Test
  void anUnreachableEtcdIsUnavailableAndNamed() {
    String nowhere = "http://127.0.0.1:" + EtcdPorts.choose().client();
    try (EtcdStore unreachable = EtcdStore.connect(nowhere, Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> unreachable.get(Resources.PODS, "default", "web"))
          .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(503))
          .hasMessageContaining("get /registry/pods/default/web on " + nowhere);
    }
  }
}
