package dev.podnet.store;

import static dev.podnet.store.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InformerTest {
  private static final Duration SYNC = Duration.ofSeconds(10);
  private final MemoryStore memory = new MemoryStore();
  private final InterposedStore store = new InterposedStore(memory);
  private final InformerLog<Pod> log = new InformerLog<>();
  private Informer<Pod> informer;

  @AfterEach
  void close() {
    if (informer != null) {
      informer.close();
    }
  }

  private Informer<Pod> startOnPods(String namespace) {
    informer = log.attachTo(new Informer<>(store, Resources.PODS, namespace));
    informer.start();
    informer.awaitSynced(SYNC);
    return informer;
  }

  @Test
  void startAddsWhatIsThereAndSyncs() {
    memory.create(pod("b", "web"));
    memory.create(pod("a", "db"));
    startOnPods("");
    assertThat(informer.hasSynced()).isTrue();
    assertThat(log.lines()).containsExactly("add a/db", "add b/web");
    assertThat(informer.get("a", "db")).isPresent();
    assertThat(informer.get("a", "web")).isEmpty();
    assertThat(informer.list()).extracting(p -> p.getMetadata().getName()).containsExactly("db", "web");
  }

  @Test
  void handlersHearAddUpdateDeleteInOrder() {
    startOnPods("default");
    Pod web = memory.create(pod("default", "web"));
    memory.create(pod("other", "web"));
    memory.update(new PodBuilder(web).editMetadata().addToLabels("a", "1").endMetadata().build());
    memory.delete(Resources.PODS, "default", "web");
    await().atMost(SYNC).untilAsserted(() -> assertThat(log.lines()).containsExactly("add default/web", "update default/web", "delete default/web"));
    assertThat(informer.list()).isEmpty();
  }

  @Test
  void afterAWatchEndsGoneItListsAgainAndReportsOnlyTheDifference() {
    memory.create(pod("default", "a"));
    Pod b = memory.create(pod("default", "b"));
    memory.create(pod("default", "c"));
    startOnPods("");
    store.sever();
    memory.create(pod("default", "d"));
    memory.update(new PodBuilder(b).editMetadata().addToLabels("changed", "yes").endMetadata().build());
    memory.delete(Resources.PODS, "default", "c");
    log.clear();

    store.failWatches(StoreException.gone(1, 5));

    await().atMost(SYNC).untilAsserted(() -> assertThat(log.lines()).containsExactly("delete default/c", "update default/b", "add default/d"));
    assertThat(informer.get("default", "b").orElseThrow().getMetadata().getLabels()).containsEntry("changed", "yes");
    Pod e = memory.create(pod("default", "e"));
    await().atMost(SYNC).untilAsserted(() -> assertThat(informer.get("default", "e")).contains(e));
  }

  @Test
  void aHandlerAddedAfterStartFirstHearsWhatIsCached() {
    memory.create(pod("default", "web"));
    startOnPods("");
    List<String> late = new CopyOnWriteArrayList<>();
    informer.addHandler(p -> late.add("add " + p.getMetadata().getName()), (o, n) -> late.add("update"), p -> late.add("delete"));
    memory.create(pod("default", "db"));
    await().atMost(SYNC).untilAsserted(() -> assertThat(late).containsExactly("add web", "add db"));
  }

  @Test
  void aThrowingHandlerDoesNotStopTheOthers() {
    informer = new Informer<>(store, Resources.PODS, "");
    informer.addHandler(p -> {
      throw new IllegalStateException("boom");
    }, (o, n) -> {}, p -> {});
    log.attachTo(informer).start();
    informer.awaitSynced(SYNC);
    memory.create(pod("default", "web"));
    memory.create(pod("default", "db"));
    await().atMost(SYNC).untilAsserted(() -> assertThat(log.lines()).containsExactly("add default/web", "add default/db"));
  }

  @Test
  void awaitSyncedGivesUpSayingWhyTheListFailed() {
    store.failLists(new StoreException(StoreException.Reason.UNAVAILABLE, "list /registry/pods/ on http://127.0.0.1:1: down"));
    informer = new Informer<>(store, Resources.PODS, "");
    informer.start();
    assertThatThrownBy(() -> informer.awaitSynced(Duration.ofMillis(500)))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(503))
        .hasMessageContaining("informer for pods in all namespaces not synced within 500 ms")
        .hasMessageContaining("http://127.0.0.1:1: down");
    assertThat(informer.hasSynced()).isFalse();
    store.failLists(null);
    informer.awaitSynced(SYNC);
  }

  @Test
  void aClosedInformerHearsNothingMore() throws InterruptedException {
    startOnPods("");
    informer.close();
    memory.create(pod("default", "web"));
    Thread.sleep(200);
    assertThat(log.lines()).isEmpty();
  }
}
