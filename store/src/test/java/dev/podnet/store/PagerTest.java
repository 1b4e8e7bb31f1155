package dev.podnet.store;

import static dev.podnet.store.TestObjects.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Resources;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** How lists reach the backend: an unlimited list never asks for everything in one read. */
class PagerTest {
  /** A memory store that records the spans lists ask the backend for. */
  static final class Recording extends KeyValueStore {
    final MemoryStore data = new MemoryStore();
    final List<Change.Span> spans = new CopyOnWriteArrayList<>();

    @Override
    Optional<Entry> read(String key) {
      return data.read(key);
    }

    @Override
    OptionalLong write(String key, byte[] value, long expected) {
      return data.write(key, value, expected);
    }

    @Override
    OptionalLong remove(String key, long expected) {
      return data.remove(key, expected);
    }

    @Override
    Change.Range range(Change.Span span) {
      spans.add(span);
      return data.range(span);
    }

    @Override
    Watch watchPrefix(String prefix, long after, Change.Listener listener) {
      return data.watchPrefix(prefix, after, listener);
    }
  }

  @Test
  void anUnlimitedListIsReadInBatchesAtTheFirstBatchsRevision() {
    Recording store = new Recording();
    int n = (int) Pager.UNLIMITED_BATCH * 2 + 5;
    for (int i = 0; i < n; i++) {
      store.create(pod("default", String.format("p%05d", i)));
    }
    store.spans.clear();
    ListResult<io.fabric8.kubernetes.api.model.Pod> all = store.list(Resources.PODS, "default", new ListOptions(0, "", Optional.empty()));
    assertThat(all.items()).hasSize(n);
    assertThat(store.spans).hasSize(3).allSatisfy(s -> assertThat(s.limit()).isEqualTo(Pager.UNLIMITED_BATCH));
    assertThat(store.spans.get(0).revision()).isZero();
    assertThat(store.spans.subList(1, 3)).allSatisfy(s -> assertThat(s.revision()).isEqualTo(all.resourceVersion()));
  }
}
