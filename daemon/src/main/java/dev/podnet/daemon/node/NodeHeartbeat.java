package dev.podnet.daemon.node;

import dev.podnet.api.Resources;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's heartbeat, as kubelet sends it: renews Lease {@code kube-node-lease/NODE} every
 * quarter of its duration, and posts Ready again when the node lifecycle controller had marked
 * the node Unknown (the agent was away and is back). A failed renewal is only logged: the next
 * tick tries again, and a node that cannot renew is exactly what the controller must notice.
 */
final class NodeHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeHeartbeat.class);
  static final String NAMESPACE = "kube-node-lease";

  private final Store api;
  private final String node;
  private final Duration leaseDuration;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "heartbeat");
    t.setDaemon(true);
    return t;
  });

  /** Set once the node is serving: from then on a node marked not ready is made Ready again, and this runs. */
  private volatile Runnable backAgain;

  private NodeHeartbeat(Store api, String node, Duration leaseDuration) {
    this.api = api;
    this.node = node;
    this.leaseDuration = leaseDuration;
  }

  /**
   * Renews now and then every {@code leaseDuration / 4}, from the first moment of the process: a
   * restarted agent's node never stopped forwarding (routes, rules and pods stayed in the kernel),
   * so it must not look dead while the rest of the process starts.
   */
  static NodeHeartbeat start(Store api, String node, Duration leaseDuration) {
    NodeHeartbeat h = new NodeHeartbeat(api, node, leaseDuration);
    h.renew();
    long every = Math.max(200, leaseDuration.toMillis() / 4);
    h.timer.scheduleWithFixedDelay(h::tick, every, every, TimeUnit.MILLISECONDS);
    return h;
  }

  private void tick() {
    try {
      renew();
      Runnable serving = backAgain;
      if (serving == null) {
        return;
      }
      Node n = api.<Node>find(Resources.NODES, "", node).orElse(null);
      if (n != null && !NodeRegistration.isReady(n) && NodeRegistration.markReady(api, node)) {
        log.info("node ready again node={}", node);
        serving.run();
      }
    } catch (RuntimeException e) {
      log.warn("heartbeat failed node={} error={}", node, e.getMessage());
    }
  }

  private void renew() {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    try {
      api.guaranteedUpdate(Resources.LEASES, NAMESPACE, node, (Lease l) -> {
        l.getSpec().setRenewTime(now);
        l.getSpec().setHolderIdentity(node);
        l.getSpec().setLeaseDurationSeconds((int) leaseDuration.toSeconds());
        return l;
      });
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        throw e;
      }
      Node owner = api.<Node>find(Resources.NODES, "", node).orElseThrow(() -> StoreException.notFound(Resources.NODES, node));
      api.create(new LeaseBuilder().withNewMetadata().withName(node).withNamespace(NAMESPACE)
          .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(node).withUid(owner.getMetadata().getUid()).endOwnerReference()
          .endMetadata().withNewSpec().withHolderIdentity(node).withLeaseDurationSeconds((int) leaseDuration.toSeconds())
          .withRenewTime(now).endSpec().build());
    }
  }

  /** The node serves now: posts Ready, and keeps it posted; {@code backAgain} runs whenever it had been marked not ready. */
  void serving(Runnable backAgain) {
    NodeRegistration.markReady(api, node);
    this.backAgain = backAgain;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
