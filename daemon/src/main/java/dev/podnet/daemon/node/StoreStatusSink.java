package dev.podnet.daemon.node;

import dev.podnet.api.Resources;
import dev.podnet.lab.runtime.PodStatusSink;
import dev.podnet.store.Preconditions;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Node runtimes report pod status here: it goes to the store, and a finished pod leaves it. */
final class StoreStatusSink implements PodStatusSink {
  private static final Logger log = LoggerFactory.getLogger(StoreStatusSink.class);
  private final Store store;

  StoreStatusSink(Store store) {
    this.store = store;
  }

  @Override
  public void update(Pod pod, PodStatus status) {
    String uid = pod.getMetadata().getUid();
    try {
      store.guaranteedUpdateStatus(Resources.PODS, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), (Pod cur) -> {
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
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        log.warn("pod status not written pod={}/{} error={}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getMessage());
      }
    }
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
