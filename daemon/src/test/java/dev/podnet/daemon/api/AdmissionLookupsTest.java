package dev.podnet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.store.MemoryStore;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import org.junit.jupiter.api.Test;

class AdmissionLookupsTest {
  private final MemoryStore store = new MemoryStore();

  @Test
  void cachedLookupsSeeWhatExistedAndWhatWasJustCreatedLiveOnAMiss() {
    store.create(new NamespaceBuilder().withNewMetadata().withName("old").endMetadata().build());
    try (AdmissionLookups lookups = AdmissionLookups.cached(store)) {
      assertThat(lookups.namespace("old")).isPresent();
      store.create(new NamespaceBuilder().withNewMetadata().withName("fresh").endMetadata().build());
      store.create(new ServiceAccountBuilder().withNewMetadata().withNamespace("fresh").withName("default").endMetadata().build());
      assertThat(lookups.namespace("fresh")).as("not cached yet: read live").isPresent();
      assertThat(lookups.serviceAccountExists("fresh", "default")).isTrue();
      assertThat(lookups.namespace("never")).isEmpty();
      assertThat(lookups.serviceAccountExists("fresh", "robot")).isFalse();
    }
  }
}
