package dev.podnet.daemon.api;

import static dev.podnet.daemon.api.PatchEndpointTest.HELLO;
import static dev.podnet.daemon.api.PatchEndpointTest.fails;
import static dev.podnet.daemon.api.PatchEndpointTest.q;
import static org.assertj.core.api.Assertions.assertThat;

import dev.podnet.api.ResourceType;
import dev.podnet.api.Resources;
import dev.podnet.store.ListResult;
import dev.podnet.store.MemoryStore;
import dev.podnet.store.Preconditions;
import dev.podnet.store.Store;
import dev.podnet.store.Watch;
import dev.podnet.store.WatchHandler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** A controller writing status between a patch's read and its write: the patch applies again, unless it named a resourceVersion. */
class ConcurrentWritesTest {
  private static final String PATH = "/apis/apps/v1/namespaces/default/deployments/hello";
  private final MemoryStore memory = new MemoryStore();
  private final RacingStore store = new RacingStore(memory);
  private final Router router = new Router(new ObjectEndpoints(store), new PodnetEndpoints(null));

  ConcurrentWritesTest() {
    memory.create(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata().build());
    router.apply(ApiRequest.of("POST", "/apis/apps/v1/namespaces/default/deployments", q(HELLO).getBytes(StandardCharsets.UTF_8)));
  }

  private void patch(String uri, String body) {
    router.apply(ApiRequest.of("PATCH", uri, Map.of("Content-Type", "application/merge-patch+json"), Caller.ADMIN, q(body).getBytes(StandardCharsets.UTF_8)));
  }

  private Deployment hello() {
    return memory.get(Resources.DEPLOYMENTS, "default", "hello");
  }

  @Test
  void aPatchRacingAStatusWriteIsAppliedAgainToTheFreshObject() {
    store.raceNextUpdate();
    patch(PATH, "{'spec':{'replicas':4}}");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(4);
    assertThat(hello().getStatus().getObservedGeneration()).isEqualTo(42L);
  }

  @Test
  void aScaleRacingAStatusWriteIsAppliedAgainToTheFreshObject() {
    store.raceNextUpdate();
    patch(PATH + "/scale", "{'spec':{'replicas':5}}");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(5);
    assertThat(hello().getStatus().getObservedGeneration()).isEqualTo(42L);
  }

  @Test
  void aPatchNamingTheResourceVersionItReadIsAConflictWhenSomeoneWroteSince() {
    String rv = hello().getMetadata().getResourceVersion();
    store.raceNextUpdate();
    fails(() -> patch(PATH, "{'metadata':{'resourceVersion':'" + rv + "'},'spec':{'replicas':4}}"), 409, "the object has been modified");
    assertThat(hello().getSpec().getReplicas()).isEqualTo(3);
  }

  /** A store that, once armed, lets a "controller" write the Deployment's status just before the next update lands. */
  private static final class RacingStore implements Store {
    private final Store inner;
    private boolean armed;

    RacingStore(Store inner) {
      this.inner = inner;
    }

    void raceNextUpdate() {
      armed = true;
    }

    @Override
    public <T extends HasMetadata> T update(T obj) {
      if (armed) {
        armed = false;
        inner.guaranteedUpdate(Resources.DEPLOYMENTS, "default", "hello", (Deployment d) -> {
          d.setStatus(new DeploymentStatus());
          d.getStatus().setObservedGeneration(42L);
          return d;
        });
      }
      return inner.update(obj);
    }

    @Override
    public <T extends HasMetadata> T create(T obj) {
      return inner.create(obj);
    }

    @Override
    public <T extends HasMetadata> Optional<T> find(ResourceType type, String namespace, String name) {
      return inner.find(type, namespace, name);
    }

    @Override
    public <T extends HasMetadata> T guaranteedUpdate(ResourceType type, String namespace, String name, UnaryOperator<T> mutate) {
      return inner.guaranteedUpdate(type, namespace, name, mutate);
    }

    @Override
    public <T extends HasMetadata> T delete(ResourceType type, String namespace, String name, Preconditions preconditions) {
      return inner.delete(type, namespace, name, preconditions);
    }

    @Override
    public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace) {
      return inner.list(type, namespace);
    }

    @Override
    public <T extends HasMetadata> ListResult<T> list(ResourceType type, String namespace, dev.podnet.store.ListOptions options) {
      return inner.list(type, namespace, options);
    }

    @Override
    public <T extends HasMetadata> Watch watch(ResourceType type, String namespace, long fromResourceVersion, WatchHandler<T> handler) {
      return inner.watch(type, namespace, fromResourceVersion, handler);
    }
  }
}
