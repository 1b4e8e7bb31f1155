package dev.podnet.store;

import static dev.podnet.store.TestObjects.node;
import static dev.podnet.store.TestObjects.pod;
import static dev.podnet.store.TestObjects.rv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Store} does, run against each implementation by a subclass. */
@SuppressWarnings("try") // watches are opened in try-with-resources only to be closed
abstract class StoreContract {

  /** The store under test, empty. */
  abstract Store emptyStore();

  /** Drops the history before {@code revision}, as etcd compaction does. */
  abstract void compact(long revision);

  Store store;

  @BeforeEach
  void empty() {
    store = emptyStore();
  }

  @Test
  void createSetsUidTimestampGenerationAndResourceVersion() {
    Pod created = store.create(pod("default", "web"));
    assertThat(created.getMetadata().getUid()).matches("[0-9a-f-]{36}");
    assertThat(created.getMetadata().getCreationTimestamp()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(Long.parseLong(rv(created))).isPositive();
    assertThat(created.getApiVersion()).isEqualTo("v1");
    assertThat((Pod) store.get(Resources.PODS, "default", "web")).isEqualTo(created);
  }

  @Test
  void createLeavesTheCallersObjectAlone() {
    Pod mine = pod("default", "web");
    store.create(mine);
    assertThat(mine.getMetadata().getUid()).isNull();
    assertThat(mine.getMetadata().getResourceVersion()).isNull();
  }

  @Test
  void createOfAnExistingNameFailsAlreadyExists() {
    store.create(pod("default", "web"));
    assertThatThrownBy(() -> store.create(pod("default", "web")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(409))
        .hasMessage("pods \"web\" already exists");
  }

  @Test
  void theSameNameInAnotherNamespaceIsAnotherObject() {
    store.create(pod("default", "web"));
    store.create(pod("other", "web"));
    assertThat(store.list(Resources.PODS, "").items()).hasSize(2);
  }

  @Test
  void aNamespacedObjectWithoutNamespaceIsInvalid() {
    assertThatThrownBy(() -> store.create(pod("", "web")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID))
        .hasMessage("Pod \"web\" is invalid: metadata.namespace: Required value");
  }

  @Test
  void aClusterScopedObjectWithANamespaceIsInvalid() {
    Node n = node("node-1");
    n.getMetadata().setNamespace("default");
    assertThatThrownBy(() -> store.create(n))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(422))
        .hasMessageStartingWith("Node \"node-1\" is invalid: metadata.namespace: Forbidden");
  }

  @Test
  void aNameWithASlashIsInvalid() {
    assertThatThrownBy(() -> store.create(pod("default", "a/b")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.INVALID))
        .hasMessageContaining("may not be '.' or '..' or contain '/'");
  }

  @Test
  void generateNameGetsARandomSuffix() {
    Pod p = pod("default", null);
    p.getMetadata().setGenerateName("web-");
    Pod created = store.create(p);
    assertThat(created.getMetadata().getName()).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
  }

  @Test
  void getOfAMissingObjectIsNotFound() {
    assertThatThrownBy(() -> store.get(Resources.PODS, "default", "web"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(404))
        .hasMessage("pods \"web\" not found");
    assertThat(store.find(Resources.PODS, "default", "web")).isEmpty();
    assertThatThrownBy(() -> store.get(Resources.DEPLOYMENTS, "default", "web")).hasMessage("deployments.apps \"web\" not found");
  }

  @Test
  void emptyLabelValuesAndIntOrStringFieldsSurviveTheRoundTrip() {
    Pod p = new PodBuilder(pod("default", "web")).editMetadata().withLabels(Map.of("role", "", "app", "web")).endMetadata()
        .editSpec().editFirstContainer().withNewReadinessProbe().withNewHttpGet().withPort(new IntOrString("http")).endHttpGet()
        .endReadinessProbe().endContainer().endSpec().build();
    store.create(p);
    Pod read = store.get(Resources.PODS, "default", "web");
    assertThat(read.getMetadata().getLabels()).isEqualTo(Map.of("role", "", "app", "web"));
    assertThat(read.getSpec().getContainers().get(0).getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  @Test
  void updateWithTheCurrentResourceVersionSucceedsAndMovesIt() {
    Pod created = store.create(pod("default", "web"));
    created.getMetadata().setLabels(Map.of("app", "web"));
    Pod updated = store.update(created);
    assertThat(Long.parseLong(rv(updated))).isGreaterThan(Long.parseLong(rv(created)));
    assertThat(updated.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat((Pod) store.get(Resources.PODS, "default", "web")).isEqualTo(updated);
  }

  @Test
  void updateWithAStaleResourceVersionConflicts() {
    Pod created = store.create(pod("default", "web"));
    Pod first = new PodBuilder(created).editMetadata().addToLabels("a", "1").endMetadata().build();
    store.update(first);
    Pod stale = new PodBuilder(created).editMetadata().addToLabels("b", "2").endMetadata().build();
    assertThatThrownBy(() -> store.update(stale))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CONFLICT))
        .hasMessage("Operation cannot be fulfilled on pods \"web\": the object has been modified; "
            + "please apply your changes to the latest version and try again");
  }

  @Test
  void updateWithoutResourceVersionIsUnconditional() {
    store.create(pod("default", "web"));
    store.update(new PodBuilder(pod("default", "web")).editMetadata().addToLabels("a", "1").endMetadata().build());
    Pod blind = new PodBuilder(pod("default", "web")).editMetadata().addToLabels("b", "2").endMetadata().build();
    assertThat(store.update(blind).getMetadata().getLabels()).isEqualTo(Map.of("b", "2"));
  }

  @Test
  void updateKeepsUidAndCreationTimestampWhateverTheCallerSends() {
    Pod created = store.create(pod("default", "web"));
    Pod forged = new PodBuilder(created).editMetadata().withUid("forged").withCreationTimestamp("2000-01-01T00:00:00Z")
        .addToLabels("a", "1").endMetadata().build();
    Pod updated = store.update(forged);
    assertThat(updated.getMetadata().getUid()).isEqualTo(created.getMetadata().getUid());
    assertThat(updated.getMetadata().getCreationTimestamp()).isEqualTo(created.getMetadata().getCreationTimestamp());
  }

  @Test
  void generationIncrementsWhenSpecChangesAndOnlyThen() {
    Pod created = store.create(pod("default", "web"));
    Pod labelled = store.update(new PodBuilder(created).editMetadata().addToLabels("a", "1").endMetadata().build());
    assertThat(labelled.getMetadata().getGeneration()).isEqualTo(1L);
    Pod respecced = store.update(new PodBuilder(labelled).editSpec().withNodeName("node-1").endSpec().build());
    assertThat(respecced.getMetadata().getGeneration()).isEqualTo(2L);
  }

  @Test
  void anUpdateThatChangesNothingWritesNothing() {
    Pod created = store.create(pod("default", "web"));
    Pod same = store.update(new PodBuilder(created).build());
    assertThat(rv(same)).isEqualTo(rv(created));
  }

  @Test
  void updateOfAMissingObjectIsNotFound() {
    assertThatThrownBy(() -> store.update(pod("default", "web")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void guaranteedUpdateRetriesWhenItLosesARace() {
    store.create(pod("default", "web"));
    AtomicInteger calls = new AtomicInteger();
    Pod result = store.<Pod>guaranteedUpdate(Resources.PODS, "default", "web", p -> {
      if (calls.getAndIncrement() == 0) {
        store.update(new PodBuilder(p).editMetadata().addToLabels("other", "writer").endMetadata().build());
      }
      p.getMetadata().getLabels().put("mine", "too");
      return p;
    });
    assertThat(calls).hasValue(2);
    assertThat(result.getMetadata().getLabels()).containsEntry("other", "writer").containsEntry("mine", "too");
  }

  @Test
  void concurrentGuaranteedUpdatesLoseNoIncrement() throws Exception {
    store.create(pod("default", "web"));
    int writers = 4;
    int each = 10;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
      for (int w = 0; w < writers; w++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            store.<Pod>guaranteedUpdate(Resources.PODS, "default", "web", p -> {
              Map<String, String> a = p.getMetadata().getAnnotations();
              int n = a == null ? 0 : Integer.parseInt(a.getOrDefault("count", "0"));
              p.getMetadata().setAnnotations(Map.of("count", Integer.toString(n + 1)));
              return p;
            });
          }
        }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    Pod result = store.get(Resources.PODS, "default", "web");
    assertThat(result.getMetadata().getAnnotations()).containsEntry("count", Integer.toString(writers * each));
  }

  @Test
  void deleteReturnsTheLastStateAndTheObjectIsGone() {
    Pod created = store.create(pod("default", "web"));
    Pod deleted = store.delete(Resources.PODS, "default", "web");
    assertThat(deleted).isEqualTo(created);
    assertThat(store.find(Resources.PODS, "default", "web")).isEmpty();
    assertThatThrownBy(() -> store.delete(Resources.PODS, "default", "web"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.code()).isEqualTo(404))
        .hasMessage("pods \"web\" not found");
  }

  @Test
  void deleteWithAnotherUidConflictsAndKeepsTheObject() {
    store.create(pod("default", "web"));
    assertThatThrownBy(() -> store.delete(Resources.PODS, "default", "web", new Preconditions("not-this-one", "")))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.CONFLICT))
        .hasMessageContaining("Precondition failed: UID in precondition: not-this-one");
    assertThat(store.find(Resources.PODS, "default", "web")).isPresent();
  }

  @Test
  void listReturnsOneNamespaceOrAllSortedByKeyAtTheCurrentRevision() {
    store.create(pod("b", "web"));
    store.create(pod("a", "db"));
    store.create(pod("a", "api"));
    Pod last = store.create(pod("c", "web"));
    ListResult<Pod> all = store.list(Resources.PODS, "");
    assertThat(all.items()).extracting(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName())
        .containsExactly("a/api", "a/db", "b/web", "c/web");
    assertThat(all.resourceVersion()).isGreaterThanOrEqualTo(Long.parseLong(rv(last)));
    ListResult<Pod> a = store.list(Resources.PODS, "a");
    assertThat(a.items()).extracting(p -> p.getMetadata().getName()).containsExactly("api", "db");
    assertThat(store.<Node>list(Resources.NODES, "").items()).isEmpty();
  }

  @Test
  void watchDeliversAddedModifiedDeletedInOrder() throws InterruptedException {
    long from = store.list(Resources.PODS, "").resourceVersion();
    RecordingHandler<Pod> seen = new RecordingHandler<>();
    try (Watch w = store.watch(Resources.PODS, "", from, seen)) {
      Pod created = store.create(pod("default", "web"));
      Pod updated = store.update(new PodBuilder(created).editMetadata().addToLabels("a", "1").endMetadata().build());
      store.delete(Resources.PODS, "default", "web");
      assertThat(seen.nextLine()).isEqualTo("ADDED default/web " + rv(created));
      assertThat(seen.nextLine()).isEqualTo("MODIFIED default/web " + rv(updated));
      WatchEvent<Pod> deleted = seen.next();
      assertThat(deleted.type()).isEqualTo(WatchEvent.Type.DELETED);
      assertThat(deleted.object().getMetadata().getLabels()).containsEntry("a", "1");
      assertThat(deleted.resourceVersion()).isGreaterThan(Long.parseLong(rv(updated)));
      assertThat(store.list(Resources.PODS, "").resourceVersion()).isEqualTo(deleted.resourceVersion());
    }
  }

  @Test
  void aWatchOfOneNamespaceSeesOnlyThatNamespace() throws InterruptedException {
    RecordingHandler<Pod> seen = new RecordingHandler<>();
    try (Watch w = store.watch(Resources.PODS, "a", store.list(Resources.PODS, "").resourceVersion(), seen)) {
      store.create(pod("ab", "web"));
      Pod mine = store.create(pod("a", "web"));
      assertThat(seen.nextLine()).isEqualTo("ADDED a/web " + rv(mine));
    }
  }

  @Test
  void aWatchFromAnOldResourceVersionReplaysWhatCameAfter() throws InterruptedException {
    Pod first = store.create(pod("default", "one"));
    Pod second = store.create(pod("default", "two"));
    store.delete(Resources.PODS, "default", "one");
    RecordingHandler<Pod> seen = new RecordingHandler<>();
    try (Watch w = store.watch(Resources.PODS, "", Long.parseLong(rv(first)), seen)) {
      assertThat(seen.nextLine()).isEqualTo("ADDED default/two " + rv(second));
      assertThat(seen.next().type()).isEqualTo(WatchEvent.Type.DELETED);
      seen.assertQuiet(Duration.ofMillis(200));
    }
  }

  @Test
  void aWatchFromACompactedResourceVersionFailsGone() throws InterruptedException {
    Pod first = store.create(pod("default", "one"));
    store.create(pod("default", "two"));
    Pod third = store.create(pod("default", "three"));
    compact(Long.parseLong(rv(third)));
    RecordingHandler<Pod> seen = new RecordingHandler<>();
    try (Watch w = store.watch(Resources.PODS, "", Long.parseLong(rv(first)), seen)) {
      StoreException e = seen.error();
      assertThat(e.code()).isEqualTo(410);
      assertThat(e).hasMessage("too old resource version: " + rv(first) + " (" + rv(third) + ")");
    }
  }

  @Test
  void aWatchHandlerMayCallTheStore() throws InterruptedException {
    java.util.concurrent.BlockingQueue<String> seen = new java.util.concurrent.LinkedBlockingQueue<>();
    try (Watch w = store.watch(Resources.PODS, "", 0, new WatchHandler<Pod>() {
      @Override
      public void onEvent(WatchEvent<Pod> event) {
        Pod current = store.get(Resources.PODS, "default", event.object().getMetadata().getName());
        seen.add(current.getMetadata().getUid());
      }

      @Override
      public void onError(StoreException error) {
        seen.add(error.getMessage());
      }
    })) {
      Pod created = store.create(pod("default", "web"));
      assertThat(seen.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(created.getMetadata().getUid());
    }
  }

  @Test
  void aClosedWatchDeliversNothingMore() throws InterruptedException {
    RecordingHandler<Deployment> seen = new RecordingHandler<>();
    Watch w = store.watch(Resources.DEPLOYMENTS, "", 0, seen);
    w.close();
    w.close();
    store.create(new DeploymentBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata().build());
    seen.assertQuiet(Duration.ofMillis(300));
  }
}
