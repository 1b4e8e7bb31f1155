package dev.podnet.daemon;

import dev.podnet.api.Resources;
import dev.podnet.lab.runtime.NodeRuntime;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Hands every pod bound to a lab node to that node's runtime, as the kubelet's pod watch does. */
final class PodDispatcher implements AutoCloseable {
  private final Informer<Pod> pods;
  private final LabNodes nodes;

  PodDispatcher(Store store, LabNodes nodes) {
    this.nodes = nodes;
    this.pods = new Informer<>(store, Resources.PODS, "");
    pods.addHandler(this::dispatch, (old, now) -> dispatch(now), this::gone);
  }

  void start() {
    pods.start();
  }

  void awaitSynced(java.time.Duration d) {
    pods.awaitSynced(d);
  }

  /** The uids of every pod the store has now. */
  Set<String> uids() {
    return pods.list().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
  }

  Set<String> sandboxKeys() {
    return pods.list().stream().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).collect(Collectors.toSet());
  }

  Optional<Pod> find(String namespace, String name) {
    return pods.get(namespace, name);
  }

  private void dispatch(Pod p) {
    runtimeOf(p).ifPresent(r -> r.sync(p));
  }

  private void gone(Pod p) {
    runtimeOf(p).ifPresent(r -> r.forget(p.getMetadata().getUid()));
  }

  private Optional<NodeRuntime> runtimeOf(Pod p) {
    String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
    return node == null || node.isEmpty() ? Optional.empty() : nodes.runtime(node);
  }

  @Override
  public void close() {
    pods.close();
  }
}
