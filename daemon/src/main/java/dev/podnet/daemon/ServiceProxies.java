package dev.podnet.daemon;

import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.proxy.ServiceProxy;
import dev.podnet.api.Resources;
import dev.podnet.kernel.Conntrack;
import dev.podnet.kernel.Nft;
import dev.podnet.lab.LabNode;
import dev.podnet.store.Informer;
import dev.podnet.store.Store;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * kube-proxy's job on every lab node: one {@link ServiceProxy} per node, in that node's
 * namespace, fed by one Service and one EndpointSlice informer for all of them.
 */
final class ServiceProxies implements AutoCloseable {
  private final List<ServiceProxy> proxies = new ArrayList<>();
  private final Informer<Service> services;
  private final Informer<EndpointSlice> slices;

  ServiceProxies(Store store, List<LabNode> nodes) {
    for (LabNode n : nodes) {
      proxies.add(new ServiceProxy(Nft.session(), Conntrack.tool(), n.netns(), ProxyConfig.of(n.name(), List.of(n.info().lanAddress()))));
    }
    services = new Informer<>(store, Resources.SERVICES, "");
    services.addHandler(s -> each(p -> p.onServiceAdded(s)), (o, s) -> each(p -> p.onServiceUpdated(s)), s -> each(p -> p.onServiceDeleted(s)));
    slices = new Informer<>(store, Resources.ENDPOINTSLICES, "");
    slices.addHandler(s -> each(p -> p.onSliceAdded(s)), (o, s) -> each(p -> p.onSliceUpdated(s)), s -> each(p -> p.onSliceDeleted(s)));
  }

  private void each(Consumer<ServiceProxy> c) {
    proxies.forEach(c);
  }

  /** Starts the proxies and their informers; the first rules are written once both have listed. */
  void start() {
    proxies.forEach(ServiceProxy::start);
    services.start();
    slices.start();
    services.awaitSynced(Duration.ofSeconds(30));
    slices.awaitSynced(Duration.ofSeconds(30));
    each(ServiceProxy::markServicesSynced);
    each(ServiceProxy::markSlicesSynced);
  }

  /** Stops watching; the rules stay in the nodes (a restarted podnetd finds them right). */
  @Override
  public void close() {
    services.close();
    slices.close();
    proxies.forEach(ServiceProxy::close);
  }
}
