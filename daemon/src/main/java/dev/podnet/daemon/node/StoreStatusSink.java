package dev.podnet.daemon.node;

import dev.podnet.api.Resources;
import dev.podnet.lab.runtime.PodStatusSink;
import dev.podnet.store.Preconditions;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Node runtimes report pod status here: it goes to the store, and a finished pod leaves it. */
final class StoreStatusSink implements PodStatusSink {
  private static final Logger log = LoggerFactory.getLogger(StoreStatusSink.class);
  /** A status write slower than this is logged: it delays every Service's view of the pod (a dead endpoint stays). */
  private static final long SLOW_MS = 200;
  private final Store store;
  /** By pod uid: the pod as the last status write returned it (dropped when the pod finishes). */
  private final Map<String, Pod> written = new ConcurrentHashMap<>();

  StoreStatusSink(Store store) {
    this.store = store;
  }

  @Override
  public void update(Pod pod, PodStatus status) {
    String uid = pod.getMetadata().getUid();
    long start = System.nanoTime();
    try {
      Pod stored = writeOnLast(written.remove(uid), status).orElseGet(() -> writeOnCurrent(pod, status));
      if (uid.equals(stored.getMetadata().getUid())) {
        written.put(uid, stored);
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (ms >= SLOW_MS) {
        log.info("pod status write slow pod={}/{} ms={}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), ms);
      }
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        log.warn("pod status not written pod={}/{} error={}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getMessage());
      }
    }
  }

  /**
   * One PUT on the pod as the API last returned it to this sink: after the first write the node's
   * runtime is the pod status's only writer, so its resourceVersion is almost always current and
   * the GET a read-modify-write costs (half of a dead container's way out of its Services) is
   * saved. Empty when there is no such copy or it was stale (a conflict): then the GET path runs.
   */
  private Optional<Pod> writeOnLast(Pod last, PodStatus status) {
    if (last == null) {
      return Optional.empty();
    }
    keepSchedulerCondition(last.getStatus(), status);
    if (Objects.equals(last.getStatus(), status)) {
      return Optional.of(last);
    }
    last.setStatus(status);
    try {
      return Optional.of(store.updateStatus(last));
    } catch (StoreException e) {
      if (e.is(StoreException.Reason.CONFLICT)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private Pod writeOnCurrent(Pod pod, PodStatus status) {
    String uid = pod.getMetadata().getUid();
    return store.guaranteedUpdateStatus(Resources.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), (Pod cur) -> {
      if (!uid.equals(cur.getMetadata().getUid())) {
        return cur; // a new pod of the same name: not ours to report on
      }
      keepSchedulerCondition(cur.getStatus(), status);
      if (Objects.equals(cur.getStatus(), status)) {
        return cur;
      }
      cur.setStatus(status);
      return cur;
    });
  }

  private static void keepSchedulerCondition(PodStatus current, PodStatus next) {
    if (current == null) {
      return;
    }
    for (PodCondition c : current.getConditions()) {
      if (c.getType().equals("PodScheduled")) {
        next.getConditions().replaceAll(n -> n.getType().equals("PodScheduled") ? c : n);
      }
    }
  }

  @Override
  public void finished(Pod pod) {
    written.remove(pod.getMetadata().getUid());
    try {
      store.delete(Resources.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          new Preconditions(pod.getMetadata().getUid(), ""));
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND) && !e.is(StoreException.Reason.CONFLICT)) {
        log.warn("finished pod not removed pod={}/{} error={}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getMessage());
      }
    }
  }
}
