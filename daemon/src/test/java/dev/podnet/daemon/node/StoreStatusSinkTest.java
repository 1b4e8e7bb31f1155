package dev.podnet.daemon.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreStatusSinkTest {
  private final MemoryStore memory = new MemoryStore();
  /** The store's methods the sink called, in order. */
  private final List<String> calls = new ArrayList<>();
  private final StoreStatusSink sink = new StoreStatusSink(recording(memory));

  private Store recording(Store target) {
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
      calls.add(m.getName());
      try {
        return m.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  private Pod created() {
    memory.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    return memory.create(new PodBuilder().withNewMetadata().withNamespace("default").withName("web").endMetadata()
        .withNewSpec().withNodeName("node-1").addNewContainer().withName("c").withImage("pause").endContainer().endSpec()
        .withNewStatus().addNewCondition().withType("PodScheduled").withStatus("True").withReason("bound").endCondition().endStatus().build());
  }

  private static PodStatus status(String phase, String ready) {
    return new PodStatusBuilder().withPhase(phase).addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
        .addNewCondition().withType("Ready").withStatus(ready).endCondition().build();
  }

  private Pod stored() {
    return memory.get(Resources.PODS, "default", "web");
  }

  @Test
  void afterTheFirstWriteEachStatusIsOneWriteWithoutARead() {
    Pod pod = created();
    sink.update(pod, status("Running", "True"));
    calls.clear();
    sink.update(pod, status("Running", "False"));
    assertThat(calls).containsExactly("updateStatus");
    assertThat(stored().getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("False"));
    assertThat(stored().getStatus().getConditions()).anyMatch(c -> c.getType().equals("PodScheduled") && "bound".equals(c.getReason()));
  }

  @Test
  void aStatusChangedByAnotherWriterMeansReadingItAgainAndTheWriteStillLands() {
    Pod pod = created();
    sink.update(pod, status("Running", "True"));
    memory.guaranteedUpdateStatus(Resources.PODS, "default", "web", (Pod p) -> {
      p.getStatus().setReason("NodeLost");
      return p;
    });
    sink.update(pod, status("Running", "False"));
    assertThat(stored().getStatus().getReason()).isNull();
    assertThat(stored().getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("False"));
  }

  @Test
  void aNewPodOfTheSameNameIsNotWrittenOn() {
    Pod pod = created();
    sink.update(pod, status("Running", "True"));
    memory.delete(Resources.PODS, "default", "web");
    Pod replacement = memory.create(new PodBuilder(pod).editMetadata().withUid(null).withResourceVersion(null).endMetadata().withStatus(new PodStatus()).build());
    sink.update(pod, status("Failed", "False"));
    assertThat(stored().getMetadata().getUid()).isEqualTo(replacement.getMetadata().getUid()).isNotEqualTo(pod.getMetadata().getUid());
    assertThat(stored().getStatus().getPhase()).isNull();
  }
}
