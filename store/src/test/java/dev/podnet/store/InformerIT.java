package dev.podnet.store;

import static dev.podnet.store.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Informers on a real etcd, through the failures they exist to survive. */
class InformerIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path dir;

  @Test
  void anInformerFollowsEtcdThroughARestart() {
    EtcdServer etcd = EtcdServer.start(dir);
    try (EtcdStore store = EtcdStore.connect(etcd.endpoint())) {
      store.create(pod("default", "before"));
      InformerLog<Pod> log = new InformerLog<>();
      try (Informer<Pod> informer = log.attachTo(new Informer<>(store, Resources.PODS, ""))) {
        informer.start();
        informer.awaitSynced(WAIT);

        etcd.close();
        etcd = EtcdServer.start(dir);
        store.create(pod("default", "after"));
        store.delete(Resources.PODS, "default", "before");

        await().atMost(WAIT).untilAsserted(() -> assertThat(log.lines()).containsExactly("add default/before", "add default/after", "delete default/before"));
        assertThat(informer.list()).extracting(p -> p.getMetadata().getName()).containsExactly("after");
      }
    } finally {
      etcd.close();
    }
  }

  @Test
  void aWatchThatFindsItsHistoryCompactedListsAgain() {
    try (EtcdServer etcd = EtcdServer.start(dir); EtcdStore etcdStore = EtcdStore.connect(etcd.endpoint())) {
      InterposedStore store = new InterposedStore(etcdStore);
      // Between the informer's list and its watch, two pods come and etcd compacts away their history.
      store.afterNextList(() -> {
        store.create(pod("default", "x"));
        Pod y = store.create(pod("default", "y"));
        compact(etcdStore, Long.parseLong(y.getMetadata().getResourceVersion()));
      });
      InformerLog<Pod> log = new InformerLog<>();
      try (Informer<Pod> informer = log.attachTo(new Informer<>(store, Resources.PODS, ""))) {
        informer.start();
        await().atMost(WAIT).untilAsserted(() -> assertThat(log.lines()).containsExactly("add default/x", "add default/y"));
        assertThat(store.watchesStarted()).isEqualTo(2);
      }
    }
  }

  private static void compact(EtcdStore store, long revision) {
    try {
      store.client().getKVClient().compact(revision).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("compact to " + revision + ": " + e, e);
    }
  }
}
