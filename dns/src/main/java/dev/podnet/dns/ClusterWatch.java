package dev.podnet.dns;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on Services and EndpointSlices (all namespaces), as CoreDNS's kubernetes plugin
 * watches them, and on Pods when autopath needs their addresses. Each object is reduced to a {@link ServiceEntry}/{@link SliceEntry} as it
 * arrives; the informers themselves keep only keys and resourceVersions
 * ({@link ReducedStateItemStore}), so the heap grows by the reduced entries, not whole objects.
 */
final class ClusterWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ClusterWatch.class);
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  /** Lists come in pages of this many objects, so a first sync at 10k Services never holds them all as JSON at once. */
  private static final long PAGE = 500;

  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  ClusterWatch(KubernetesClient client, ClusterRecords records, Optional<Autopath> autopath) {
    SharedIndexInformer<Service> services = client.services().inAnyNamespace().withLimit(PAGE).runnableInformer(0);
    services.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Service.class, client.getKubernetesSerialization()));
    services.addEventHandler(new Handler<>(s -> records.putService(serviceEntry(s)),
        s -> records.deleteService(s.getMetadata().getNamespace(), s.getMetadata().getName())));
    SharedIndexInformer<EndpointSlice> slices = client.discovery().v1().endpointSlices().inAnyNamespace().withLimit(PAGE).runnableInformer(0);
    slices.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, EndpointSlice.class, client.getKubernetesSerialization()));
    slices.addEventHandler(new Handler<>(s -> sliceEntry(s).ifPresent(records::putSlice),
        s -> records.deleteSlice(s.getMetadata().getNamespace(), s.getMetadata().getName())));
    informers.add(services);
    informers.add(slices);
    autopath.ifPresent(a -> informers.add(pods(client, a)));
    // fabric8 gives up for good when the first list fails; the API may come up after this pod does,
    // and a DNS server that stopped watching would answer from a frozen cluster, so always retry
    informers.forEach(i -> i.exceptionHandler((started, t) -> {
      log.warn("watch failed (retrying) started={}: {}", started, t.toString());
      return true;
    }));
  }

  /** Pods only for their addresses and namespace (autopath): the store keeps keys, the handler one map entry per address. */
  private static SharedIndexInformer<Pod> pods(KubernetesClient client, Autopath autopath) {
    SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().withLimit(PAGE).runnableInformer(0);
    pods.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Pod.class, client.getKubernetesSerialization()));
    pods.addEventHandler(new Handler<>(p -> autopath.putPod(p.getMetadata().getNamespace(), p.getMetadata().getName(), podIps(p)),
        p -> autopath.deletePod(p.getMetadata().getNamespace(), p.getMetadata().getName())));
    return pods;
  }

  private static List<InetAddress> podIps(Pod p) {
    List<InetAddress> out = new ArrayList<>();
    if (p.getStatus() != null && p.getStatus().getPodIPs() != null && !p.getStatus().getPodIPs().isEmpty()) {
      p.getStatus().getPodIPs().forEach(ip -> IpLiteral.parse(ip.getIp()).ifPresent(out::add));
    } else if (p.getStatus() != null) {
      IpLiteral.parse(p.getStatus().getPodIP()).ifPresent(out::add);
    }
    // hostNetwork pods share their node's address: it names no one namespace
    return p.getSpec() != null && Boolean.TRUE.equals(p.getSpec().getHostNetwork()) ? List.of() : out;
  }

  void start() {
    informers.forEach(SharedIndexInformer::start);
  }

  /** Both caches have had their first full list: answers now reflect the cluster. */
  boolean synced() {
    return informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }

  static ServiceEntry serviceEntry(Service s) {
    var spec = s.getSpec();
    List<InetAddress> ips = new ArrayList<>();
    List<String> raw = spec.getClusterIPs() != null && !spec.getClusterIPs().isEmpty() ? spec.getClusterIPs()
        : spec.getClusterIP() == null ? List.of() : List.of(spec.getClusterIP());
    for (String ip : raw) {
      IpLiteral.parse(ip).ifPresent(ips::add);
    }
    boolean external = "ExternalName".equals(spec.getType()) && spec.getExternalName() != null;
    List<ServiceEntry.Port> ports = new ArrayList<>();
    if (spec.getPorts() != null) {
      for (ServicePort p : spec.getPorts()) {
        if (p.getName() != null && !p.getName().isEmpty() && p.getPort() != null) {
          ports.add(new ServiceEntry.Port(p.getName(), protocol(p.getProtocol()), p.getPort()));
        }
      }
    }
    return new ServiceEntry(s.getMetadata().getNamespace(), s.getMetadata().getName(), external ? List.of() : ips,
        external ? Optional.of(spec.getExternalName()) : Optional.empty(), ports,
        Boolean.TRUE.equals(spec.getPublishNotReadyAddresses()));
  }

  static Optional<SliceEntry> sliceEntry(EndpointSlice s) {
    var labels = s.getMetadata().getLabels();
    String service = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
    if (service == null) {
      return Optional.empty();
    }
    List<ServiceEntry.Port> ports = new ArrayList<>();
    if (s.getPorts() != null) {
      for (EndpointPort p : s.getPorts()) {
        if (p.getName() != null && !p.getName().isEmpty() && p.getPort() != null) {
          ports.add(new ServiceEntry.Port(p.getName(), protocol(p.getProtocol()), p.getPort()));
        }
      }
    }
    List<SliceEntry.Endpoint> endpoints = new ArrayList<>();
    if (s.getEndpoints() != null) {
      for (Endpoint e : s.getEndpoints()) {
        endpoints.add(endpoint(e));
      }
    }
    return Optional.of(new SliceEntry(s.getMetadata().getNamespace(), s.getMetadata().getName(), service, ports, endpoints));
  }

  private static SliceEntry.Endpoint endpoint(Endpoint e) {
    List<InetAddress> addresses = new ArrayList<>();
    if (e.getAddresses() != null) {
      for (String a : e.getAddresses()) {
        IpLiteral.parse(a).ifPresent(addresses::add);
      }
    }
    boolean ready = e.getConditions() == null || e.getConditions().getReady() == null || e.getConditions().getReady();
    Optional<String> hostname = Optional.ofNullable(e.getHostname()).filter(h -> !h.isEmpty())
        .map(h -> h.toLowerCase(Locale.ROOT));
    return new SliceEntry.Endpoint(addresses, hostname, ready);
  }

  private static String protocol(String p) {
    return p == null ? "tcp" : p.toLowerCase(Locale.ROOT);
  }

  /** Adds and updates both mean "this is the object now"; deletes name the object gone. */
  private static final class Handler<T> implements ResourceEventHandler<T> {
    private final java.util.function.Consumer<T> put;
    private final java.util.function.Consumer<T> delete;

    Handler(java.util.function.Consumer<T> put, java.util.function.Consumer<T> delete) {
      this.put = put;
      this.delete = delete;
    }

    @Override
    public void onAdd(T obj) {
      guarded(put, obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      guarded(put, newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      guarded(delete, obj);
    }

    /** One odd object must not stop the informer from delivering the rest. */
    private static <T> void guarded(java.util.function.Consumer<T> action, T obj) {
      try {
        action.accept(obj);
      } catch (RuntimeException e) {
        log.warn("object={}: skipped: {}", obj instanceof io.fabric8.kubernetes.api.model.HasMetadata h
            ? h.getMetadata().getNamespace() + "/" + h.getMetadata().getName() : "?", e.toString());
      }
    }
  }
}
