package dev.podnet.daemon.node;

import dev.podnet.api.Resources;
import dev.podnet.lab.NodeSandboxes;
import dev.podnet.lab.runtime.NodeRuntime;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pods bound to this node, watched as kubelet watches them ({@code spec.nodeName=NODE}) and
 * handed to the node's runtime. Once the first list is in, what a previous run left for pods
 * that are gone now (sandboxes, runtime state) is removed.
 */
final class NodePods implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodePods.class);
  private final Informer<Pod> pods;
  private final NodeRuntime runtime;

  /** {@code scoped}: the API narrowed to this node's pods. */
  NodePods(Store scoped, NodeRuntime runtime) {
    this.runtime = runtime;
    this.pods = new Informer<>(scoped, Resources.PODS, "");
    pods.addHandler(runtime::sync, (old, now) -> runtime.sync(now), p -> runtime.forget(p.getMetadata().getUid()));
  }

  void start(Duration timeout, NodeSandboxes sandboxes) {
    pods.start();
    pods.awaitSynced(timeout);
    Set<String> keys = pods.list().stream().map(p -> p.getMetadata().getNamespace() + "/" + p.getMetadata().getName()).collect(Collectors.toSet());
    Set<String> uids = pods.list().stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
    int removed = sandboxes.removeStale(keys);
    try {
      runtime.removeStaleState(uids);
    } catch (IOException e) {
      log.warn("stale runtime state not removed node={} error={}", sandboxes.node().name(), e.getMessage());
    }
    if (removed > 0) {
      log.info("removed stale sandboxes node={} count={}", sandboxes.node().name(), removed);
    }
  }

  @Override
  public void close() {
    pods.close();
  }
}
