package dev.podnet.controller;

import dev.podnet.api.EventRecorder;
import dev.podnet.api.Resources;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.IpAddressPoolStatus;
import dev.podnet.controller.lb.LoadBalancerPlan;
import dev.podnet.controller.lb.MetalLbNames;
import dev.podnet.controller.lb.ServiceChange;
import dev.podnet.store.Informer;
import dev.podnet.store.StoreException;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MetalLB's controller: LoadBalancer Services get addresses from the IPAddressPools of
 * {@code metallb-system} into {@code status.loadBalancer.ingress}, pools show their counts. The
 * whole cluster is planned at once ({@link LoadBalancerPlan}) on any change, so a freed address is
 * reused and a new pool serves pending Services without per-object bookkeeping; writes are only
 * the differences. A pending Service gets one Warning Event per distinct reason.
 */
public final class LoadBalancerController extends SyncLoop<String> {
  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancerController.class);
  static final String NAME = "loadbalancer";
  private static final String ALL = "all";

  private final Store store;
  private final Informer<Service> services;
  private final Informer<IpAddressPool> pools;
  private final Informer<Namespace> namespaces;
  private final Map<String, String> reported = new HashMap<>();
  private EventRecorder events = EventRecorder.NONE;

  public LoadBalancerController(Store store) {
    this(store, new Informers(store), true);
  }

  LoadBalancerController(Store store, Informers informers, boolean ownsInformers) {
    super(NAME, informers, ownsInformers,
        List.of(informers.of(Resources.SERVICES), informers.of(Resources.IPADDRESSPOOLS), informers.of(Resources.NAMESPACES)));
    this.store = store;
    this.services = informers.of(Resources.SERVICES);
    this.pools = informers.of(Resources.IPADDRESSPOOLS);
    this.namespaces = informers.of(Resources.NAMESPACES);
    services.addHandler(s -> enqueue(ALL), (o, s) -> enqueue(ALL), s -> {
      reported.remove(s.getMetadata().getNamespace() + "/" + s.getMetadata().getName());
      enqueue(ALL);
    });
    pools.addHandler(p -> enqueue(ALL), (o, p) -> enqueue(ALL), p -> enqueue(ALL));
    namespaces.addHandler(n -> enqueue(ALL), (o, n) -> enqueue(ALL), n -> enqueue(ALL));
  }

  public LoadBalancerController recordingTo(EventRecorder recorder) {
    this.events = recorder;
    return this;
  }

  @Override
  void sync(String key) {
    LoadBalancerPlan plan = LoadBalancerPlan.of(pools.list(), services.list(), this::namespaceLabels);
    int written = 0;
    for (ServiceChange c : plan.services()) {
      written += apply(c) ? 1 : 0;
    }
    plan.pools().forEach(this::poolStatus);
    if (written > 0) {
      LOG.info("controller={} services written={} pending={}", NAME, written,
          plan.services().stream().filter(c -> c instanceof ServiceChange.Pending).count());
    }
  }

  private Map<String, String> namespaceLabels(String namespace) {
    return namespaces.get("", namespace).map(n -> n.getMetadata().getLabels()).map(Map::copyOf).orElse(Map.of());
  }

  /** True when the store was written. */
  private boolean apply(ServiceChange c) {
    String key = c.namespace() + "/" + c.name();
    if (c instanceof ServiceChange.Pending p) {
      if (!p.reason().equals(reported.put(key, p.reason()))) {
        services.get(c.namespace(), c.name()).ifPresent(s -> events.warning(s, "AllocationFailed",
            "Failed to allocate IP for \"" + key + "\": " + p.reason()));
        LOG.warn("controller={} service={} pending: {}", NAME, key, p.reason());
      }
      return p.holdsIngress() && write(c, List.of(), "");
    }
    reported.remove(key);
    if (c instanceof ServiceChange.Assign a) {
      boolean done = write(c, a.ips(), a.pool());
      services.get(c.namespace(), c.name()).filter(s -> done).ifPresent(s -> events.normal(s, "IPAllocated", "Assigned IP " + a.ips()));
      return done;
    }
    return write(c, List.of(), "");
  }

  private boolean write(ServiceChange c, List<String> ips, String pool) {
    try {
      store.guaranteedUpdate(Resources.SERVICES, c.namespace(), c.name(), (Service s) -> {
        if (s.getStatus() == null) {
          s.setStatus(new ServiceStatus());
        }
        s.getStatus().setLoadBalancer(new LoadBalancerStatus(ips.stream()
            .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).withIpMode("VIP").build()).toList()));
        Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(s.getMetadata().getAnnotations(), Map.of()));
        if (pool.isEmpty()) {
          annotations.remove(MetalLbNames.ALLOCATED_FROM_POOL);
        } else {
          annotations.put(MetalLbNames.ALLOCATED_FROM_POOL, pool);
        }
        s.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        return s;
      });
      LOG.info("controller={} service={}/{} ingress={} pool={}", NAME, c.namespace(), c.name(), ips, pool);
      return true;
    } catch (StoreException e) {
      if (e.is(StoreException.Reason.NOT_FOUND)) {
        return false;
      }
      throw e;
    }
  }

  private void poolStatus(String name, IpAddressPoolStatus status) {
    boolean same = pools.get(MetalLbNames.NAMESPACE, name).flatMap(IpAddressPool::getStatus).filter(status::equals).isPresent();
    if (same) {
      return;
    }
    try {
      store.guaranteedUpdate(Resources.IPADDRESSPOOLS, MetalLbNames.NAMESPACE, name, (IpAddressPool p) -> {
        p.setStatus(status);
        return p;
      });
    } catch (StoreException e) {
      if (!e.is(StoreException.Reason.NOT_FOUND)) {
        throw e;
      }
    }
  }
}
