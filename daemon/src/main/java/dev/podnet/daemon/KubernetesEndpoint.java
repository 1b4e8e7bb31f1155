package dev.podnet.daemon;

import dev.podnet.api.Resources;
import dev.podnet.api.Services;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's endpoint reconciler: the {@code kubernetes} Service in {@code default} has no
 * selector, so no controller fills its EndpointSlice; podnetd keeps it pointing at the API's
 * internal address, and puts it back every few seconds if someone changed or deleted it.
 */
final class KubernetesEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KubernetesEndpoint.class);
  static final String NAME = "kubernetes";
  private static final long PERIOD_SECONDS = 10;

  private final Store store;
  private final EndpointSlice wanted;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kubernetes-endpoint");
    t.setDaemon(true);
    return t;
  });

  KubernetesEndpoint(Store store, InetAddress api, int port) {
    this.store = store;
    this.wanted = plan(api, port);
  }

  /** The slice as upstream writes it: one ready endpoint, port {@code https}. Pure. */
  static EndpointSlice plan(InetAddress api, int port) {
    return new EndpointSliceBuilder().withNewMetadata().withName(NAME).withNamespace("default")
        .addToLabels(Services.SERVICE_NAME_LABEL, NAME)
        .endMetadata().withAddressType("IPv4").addNewEndpoint().withAddresses(api.getHostAddress()).withNewConditions().withReady(true).endConditions()
        .endEndpoint().addNewPort().withName("https").withPort(port).withProtocol("TCP").endPort().build();
  }

  void start() {
    ensure();
    timer.scheduleWithFixedDelay(this::ensureQuietly, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
  }

  /** Creates the slice, or corrects it; writes nothing when it is as wanted (no watch event every period). */
  void ensure() {
    java.util.Optional<EndpointSlice> current = store.find(Resources.ENDPOINTSLICES, "default", NAME);
    if (current.isEmpty()) {
      try {
        store.create(wanted);
        log.info("endpointslice=default/kubernetes created address={}", wanted.getEndpoints().get(0).getAddresses().get(0));
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
          throw e;
        }
      }
      return;
    }
    if (matches(current.get())) {
      return;
    }
    store.guaranteedUpdate(Resources.ENDPOINTSLICES, "default", NAME, (EndpointSlice s) -> {
      s.setEndpoints(List.copyOf(wanted.getEndpoints()));
      s.setPorts(List.copyOf(wanted.getPorts()));
      s.getMetadata().setLabels(wanted.getMetadata().getLabels());
      s.setAddressType("IPv4");
      return s;
    });
    log.info("endpointslice=default/kubernetes updated address={}", wanted.getEndpoints().get(0).getAddresses().get(0));
  }

  private boolean matches(EndpointSlice s) {
    return Objects.equals(s.getEndpoints(), wanted.getEndpoints()) && Objects.equals(s.getPorts(), wanted.getPorts())
        && Objects.equals(s.getMetadata().getLabels(), wanted.getMetadata().getLabels());
  }

  private void ensureQuietly() {
    try {
      ensure();
    } catch (RuntimeException e) {
      log.warn("endpointslice=default/kubernetes not reconciled error={}", e.toString());
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
