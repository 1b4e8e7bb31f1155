package dev.podnet.store;

import static dev.podnet.store.TestObjects.pod;
import static dev.podnet.store.TestObjects.rv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.podnet.api.Resources;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** limit/continue, and what a filtered watch needs, on every {@link Store}: the lists-and-watches part of the contract. */
abstract class StorePagingContract extends StoreContract {

  private List<String> names(ListResult<Pod> l) {
    return l.items().stream().map(p -> p.getMetadata().getName()).toList();
  }

  private ListResult<Pod> page(String namespace, long limit, String token, Optional<Predicate<HasMetadata>> filter) {
    return store.list(Resources.PODS, namespace, new ListOptions(limit, token, filter));
  }

  @Test
  void pagesWalkTheCollectionInKeyOrderWithRemainingCounts() {
    for (String n : List.of("d", "a", "c", "b", "e")) {
      store.create(pod("default", n));
    }
    ListResult<Pod> first = page("default", 2, "", Optional.empty());
    assertThat(names(first)).containsExactly("a", "b");
    assertThat(first.remainingItemCount()).isEqualTo(OptionalLong.of(3));
    ListResult<Pod> second = page("default", 2, first.continueToken(), Optional.empty());
    assertThat(names(second)).containsExactly("c", "d");
    assertThat(second.resourceVersion()).isEqualTo(first.resourceVersion());
    ListResult<Pod> last = page("default", 2, second.continueToken(), Optional.empty());
    assertThat(names(last)).containsExactly("e");
    assertThat(last.continueToken()).isEmpty();
    assertThat(last.remainingItemCount()).isEmpty();
  }

  @Test
  void anUnlimitedListOfMoreThanOneBatchAndMoreThanOneGrpcMessageIsWhole() {
    // 1200 pods of ~4 KiB: more than one read batch and more than gRPC's 4 MiB in one message
    String pad = "x".repeat(4096);
    for (int i = 0; i < 1200; i++) {
      Pod p = pod("big", String.format("p%04d", i));
      p.getMetadata().setAnnotations(java.util.Map.of("pad", pad));
      store.create(p);
    }
    ListResult<Pod> all = page("big", 0, "", Optional.empty());
    assertThat(all.items()).hasSize(1200);
    assertThat(names(all).get(0)).isEqualTo("p0000");
    assertThat(names(all).get(1199)).isEqualTo("p1199");
    assertThat(all.continueToken()).isEmpty();
    ListResult<Pod> filtered = page("big", 0, "", Optional.of(o -> o.getMetadata().getName().endsWith("7")));
    assertThat(filtered.items()).hasSize(120);
  }

  @Test
  void laterPagesShowTheCollectionAsItWasAtTheFirstPage() {
    store.create(pod("default", "a"));
    store.create(pod("default", "b"));
    store.create(pod("default", "c"));
    ListResult<Pod> first = page("default", 1, "", Optional.empty());
    store.delete(Resources.PODS, "default", "b");
    store.create(pod("default", "bb"));
    List<String> rest = new ArrayList<>();
    String token = first.continueToken();
    while (!token.isEmpty()) {
      ListResult<Pod> p = page("default", 1, token, Optional.empty());
      rest.addAll(names(p));
      token = p.continueToken();
    }
    assertThat(rest).containsExactly("b", "c");
  }

  @Test
  void aFilteredPageIsFullAndCarriesNoRemainingCount() {
    for (int i = 0; i < 10; i++) {
      store.create(pod("default", "p" + i));
    }
    Predicate<HasMetadata> odd = o -> (o.getMetadata().getName().charAt(1) - '0') % 2 == 1;
    ListResult<Pod> first = page("default", 2, "", Optional.of(odd));
    assertThat(names(first)).containsExactly("p1", "p3");
    assertThat(first.remainingItemCount()).isEmpty();
    ListResult<Pod> second = page("default", 10, first.continueToken(), Optional.of(odd));
    assertThat(names(second)).containsExactly("p5", "p7", "p9");
    assertThat(second.continueToken()).isEmpty();
  }

  @Test
  void pagesAcrossNamespacesAndALimitCoveringEverythingNeedsNoToken() {
    store.create(pod("a", "x"));
    store.create(pod("b", "x"));
    ListResult<Pod> first = page("", 1, "", Optional.empty());
    assertThat(first.items().get(0).getMetadata().getNamespace()).isEqualTo("a");
    ListResult<Pod> second = page("", 1, first.continueToken(), Optional.empty());
    assertThat(second.items().get(0).getMetadata().getNamespace()).isEqualTo("b");
    assertThat(page("", 2, "", Optional.empty()).continueToken()).isEmpty();
  }

  @Test
  void aTokenFromBeforeCompactionIsGoneWithUpstreamsMessage() {
    store.create(pod("default", "a"));
    store.create(pod("default", "b"));
    ListResult<Pod> first = page("default", 1, "", Optional.empty());
    Pod c = store.create(pod("default", "c"));
    store.create(pod("default", "d"));
    compact(Long.parseLong(rv(c)) + 1);
    assertThatThrownBy(() -> page("default", 1, first.continueToken(), Optional.empty()))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.GONE))
        .hasMessageStartingWith("The provided continue parameter is too old to display a consistent list result.");
  }

  @Test
  void aModifiedEventCarriesTheStateItReplaced() throws Exception {
    RecordingHandler<Pod> seen = new RecordingHandler<>();
    long from = store.list(Resources.PODS, "").resourceVersion();
    try (Watch w = store.watch(Resources.PODS, "", from, seen)) {
      Pod created = store.create(pod("default", "web"));
      store.update(new io.fabric8.kubernetes.api.model.PodBuilder(created).editMetadata().addToLabels("a", "1").endMetadata().build());
      assertThat(seen.next().previous()).isEmpty();
      WatchEvent<Pod> modified = seen.next();
      assertThat(modified.previous()).hasValueSatisfying(p -> {
        assertThat(p.getMetadata().getLabels()).isNullOrEmpty();
        assertThat(rv(p)).isEqualTo(rv(created));
      });
    }
  }

  @Test
  void aTokenThisStoreDidNotWriteIsABadRequest() {
    assertThatThrownBy(() -> page("default", 1, "bm90LWEtdG9rZW4", Optional.empty()))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.BAD_REQUEST))
        .hasMessageStartingWith("continue key is not valid");
  }
}
