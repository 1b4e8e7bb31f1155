package dev.podnet.store;

import static dev.podnet.store.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcdServerIT {
  @TempDir
  Path dir;

  @Test
  void aRestartOnTheSameDirectoryKeepsTheDataAndTheEndpoint() {
    Pod created;
    String endpoint;
    try (EtcdServer etcd = EtcdServer.start(dir); EtcdStore store = EtcdStore.connect(etcd.endpoint())) {
      created = store.create(pod("default", "web"));
      endpoint = etcd.endpoint();
    }
    try (EtcdServer etcd = EtcdServer.start(dir); EtcdStore store = EtcdStore.connect(etcd.endpoint())) {
      assertThat(etcd.endpoint()).isEqualTo(endpoint);
      assertThat((Pod) store.get(Resources.PODS, "default", "web")).isEqualTo(created);
    }
  }

  @Test
  void aRestartWhoseClientPortIsTakenMovesToAnotherAndKeepsTheData() throws Exception {
    Pod created;
    int port;
    try (EtcdServer etcd = EtcdServer.start(dir); EtcdStore store = EtcdStore.connect(etcd.endpoint())) {
      created = store.create(pod("default", "web"));
      port = URI.create(etcd.endpoint()).getPort();
    }
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port));
      try (EtcdServer etcd = EtcdServer.start(dir); EtcdStore store = EtcdStore.connect(etcd.endpoint())) {
        assertThat(URI.create(etcd.endpoint()).getPort()).isNotEqualTo(port);
        assertThat((Pod) store.get(Resources.PODS, "default", "web")).isEqualTo(created);
      }
    }
  }

  @Test
  void closeStopsTheProcess() {
    EtcdServer etcd = EtcdServer.start(dir);
    long pid = etcd.pid();
    etcd.close();
    etcd.close();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void anEtcdThatCannotStartFailsQuotingItsLog() throws Exception {
    Files.writeString(dir.resolve("data"), "not a directory");
    assertThatThrownBy(() -> EtcdServer.start(dir))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(503))
        .hasMessageContaining("exited with status")
        .hasMessageContaining(dir.resolve("etcd.log").toString());
  }
}
