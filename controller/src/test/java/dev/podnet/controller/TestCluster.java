package dev.podnet.controller;

import static org.awaitility.Awaitility.await;

import dev.podnet.api.Defaults;
import dev.podnet.api.Resources;
import dev.podnet.store.MemoryStore;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A MemoryStore with the objects the controller tests write, and a stand-in for the node runtime
 * ({@link #runKubelet}): it marks bound pods Running and Ready and removes terminating ones.
 */
final class TestCluster implements AutoCloseable {
  static final String NS = "default";
  static final Duration WAIT = Duration.ofSeconds(10);

  final MemoryStore store = new MemoryStore();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private volatile boolean kubeletRuns;
  private volatile boolean kubeletMarksReady = true;

  <T extends AutoCloseable> T closeLater(T closeable) {
    closing.add(closeable);
    return closeable;
  }

  Node node(String name, boolean ready, Map<String, String> labels) {
    Map<String, String> all = new HashMap<>(labels);
    all.put("kubernetes.io/hostname", name);
    return store.create(new NodeBuilder().withNewMetadata().withName(name).withLabels(all).endMetadata().withNewSpec().endSpec()
        .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build());
  }

  Node node(String name) {
    return node(name, true, Map.of());
  }

  static PodTemplateSpec template(String app, String image) {
    return new PodTemplateSpecBuilder().withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage(image).endContainer().endSpec().build();
  }

  Pod pod(String name, Map<String, String> nodeSelector) {
    Pod pod = new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
        .withNewSpec().withNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector)
        .addNewContainer().withName("app").withImage("podnet/netexec").endContainer().endSpec().build();
    return store.create(Defaults.apply(pod));
  }

  Deployment deployment(String name, int replicas, String strategy) {
    Deployment d = new DeploymentBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
        .withNewStrategy().withType(strategy).endStrategy()
        .withTemplate(template(name, "podnet/netexec:1")).endSpec().build();
    return store.create(Defaults.apply(d));
  }

  ReplicaSet replicaSet(String name, int replicas) {
    ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withNamespace(NS).withName(name).endMetadata()
        .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
        .withTemplate(template(name, "podnet/netexec:1")).endSpec().build();
    return store.create(rs);
  }

  Deployment updateDeployment(String name, java.util.function.Consumer<Deployment> change) {
    return store.guaranteedUpdate(Resources.DEPLOYMENTS, NS, name, (Deployment d) -> {
      change.accept(d);
      return d;
    });
  }

  List<Pod> pods() {
    return store.<Pod>list(Resources.PODS, NS).items();
  }

  List<Pod> pods(Predicate<Pod> filter) {
    return pods().stream().filter(filter).toList();
  }

  List<ReplicaSet> replicaSets() {
    return store.<ReplicaSet>list(Resources.REPLICASETS, NS).items();
  }

  static boolean liveAndReady(Pod p) {
    return !Pods.isTerminating(p) && Pods.isReady(p);
  }

  void markReady(Pod pod) {
    try {
      store.<Pod>guaranteedUpdate(Resources.PODS, NS, pod.getMetadata().getName(), p -> {
        Pods.setCondition(p, new PodConditionBuilder().withType(Pods.READY).withStatus("True").build(), Instant.now());
        p.getStatus().setPhase("Running");
        return p;
      });
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        throw e;
      }
    }
  }

  /** The node runtime: bound pods become Ready (unless told not to), terminating ones go. */
  void runKubelet() {
    kubeletRuns = true;
    Thread t = new Thread(() -> {
      while (kubeletRuns) {
        for (Pod p : pods()) {
          if (Pods.isTerminating(p)) {
            deleteQuietly(p);
          } else if (kubeletMarksReady && Pods.isBound(p) && !Pods.isReady(p)) {
            markReady(p);
          }
        }
        sleep(10);
      }
    }, "test-kubelet");
    t.setDaemon(true);
    t.start();
    closing.add(() -> kubeletRuns = false);
  }

  void kubeletMarksReady(boolean marks) {
    kubeletMarksReady = marks;
  }

  private void deleteQuietly(Pod p) {
    try {
      store.delete(Resources.PODS, NS, p.getMetadata().getName());
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        throw e;
      }
    }
  }

  /** Waits until the store has not changed for {@code quiet}: the controllers have nothing left to write. */
  void awaitQuiet(Duration quiet) {
    long[] last = {store.revision()};
    long[] since = {System.nanoTime()};
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
      long now = store.revision();
      if (now != last[0]) {
        last[0] = now;
        since[0] = System.nanoTime();
      }
      return System.nanoTime() - since[0] >= quiet.toNanos();
    });
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }
}
