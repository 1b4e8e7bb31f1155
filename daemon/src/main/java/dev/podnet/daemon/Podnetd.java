package dev.podnet.daemon;

import dev.podnet.api.Resources;
import dev.podnet.controller.Controllers;
import dev.podnet.controller.events.EventBroadcaster;
import dev.podnet.controller.events.EventExpiry;
import dev.podnet.lab.runtime.NodeRuntime;
import dev.podnet.lab.runtime.PodCredentials;
import dev.podnet.daemon.api.ApiRequest;
import dev.podnet.daemon.api.ApiResponse;
import dev.podnet.daemon.api.ApiServer;
import dev.podnet.daemon.auth.TokenRequests;
import dev.podnet.daemon.api.AdmissionLookups;
import dev.podnet.daemon.api.ObjectEndpoints;
import dev.podnet.daemon.api.PodnetEndpoints;
import dev.podnet.daemon.api.Router;
import dev.podnet.daemon.api.ServiceAllocations;
import dev.podnet.kernel.IpKernel;
import dev.podnet.lab.Lab;
import dev.podnet.lab.LabConfig;
import dev.podnet.store.EtcdServer;
import dev.podnet.store.EtcdStore;
import dev.podnet.store.Store;
import dev.podnet.store.StoreException;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * podnetd's composition root: every part built in order, readable as a list, and closed in
 * reverse. {@link #stop()} leaves the pods running (a restart adopts them); {@link #teardown()}
 * removes the whole cluster.
 */
public final class Podnetd {
  private static final Logger log = LoggerFactory.getLogger(Podnetd.class);

  private final DaemonConfig config;
  private final Lifetimes lifetimes;
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();
  private final CountDownLatch done = new CountDownLatch(1);
  private Optional<EtcdServer> etcd = Optional.empty();
  private Lab lab;
  private EtcdStore store;
  private volatile boolean tearingDown;

  public Podnetd(DaemonConfig config) {
    this(config, Lifetimes.DEFAULTS);
  }

  public Podnetd(DaemonConfig config, Lifetimes lifetimes) {
    this.config = config;
    this.lifetimes = lifetimes;
  }

  public void start() {
    long t0 = System.nanoTime();
    etcd = config.etcd().isPresent() ? Optional.empty() : Optional.of(OrphanEtcd.killThenStart(config.stateDir().resolve("etcd")));
    etcd.ifPresent(parts::push);
    String endpoint = config.etcd().orElseGet(() -> etcd.orElseThrow().endpoint());
    store = EtcdStore.connect(endpoint);
    parts.push(store);
    bootstrapNamespaces(store);
    ServiceAllocations services = new ServiceAllocations(store);
    services.ensureKubernetesService();
    ClusterDns.ensure(store, services);
    if (config.ingress()) {
      ClusterIngress.ensure(store, services);
    }

    EventBroadcaster events = new EventBroadcaster(store);
    parts.push(events);
    parts.push(EventExpiry.start(store, lifetimes.eventTtl()));
    parts.push(Controllers.start(store, Controllers.Config.defaults(store).withRecorders(component -> events.recorder(component, ""))));

    LabConfig labConfig = LabConfig.defaults(config.name()).withRouting(config.routing()).withNodes(config.nodes())
        .withPrefix(config.prefix(), config.stateDir().resolve("lab"));
    lab = Lab.network(labConfig, new IpKernel(), Duration.ofSeconds(10));
    ApiAccess access = ApiAccess.prepare(config, store, lab.controlPlane().address());
    parts.push(access);
    KubernetesEndpoint kubernetesEndpoint = new KubernetesEndpoint(store, lab.controlPlane().address(), ApiEndpoints.INTERNAL_PORT);
    parts.push(kubernetesEndpoint);
    kubernetesEndpoint.start();
    StoreStatusSink statusSink = new StoreStatusSink(store);
    PodCredentials credentials = access.podCredentials(store);
    LabNodes nodes = new LabNodes(store, lab, config.stateDir(),
        node -> new NodeRuntime.Wiring(statusSink, credentials, events.recorder("kubelet", node)));
    parts.push(nodes);
    nodes.ensure(config.nodes());

    ServiceProxies proxies = new ServiceProxies(store, lab.nodes());
    parts.push(proxies);
    proxies.start();

    PodDispatcher pods = new PodDispatcher(store, nodes);
    parts.push(pods);
    pods.start();
    pods.awaitSynced(Duration.ofSeconds(30));
    new Leftovers(lab, nodes, pods).remove();

    ClusterView view = new ClusterView(config, endpoint, lab, nodes, pods, this::teardownAsync);
    AdmissionLookups lookups = AdmissionLookups.cached(store);
    parts.push(lookups);
    Function<ApiRequest, ApiResponse> router = new TokenRequests(new Router(new ObjectEndpoints(store, services, lifetimes.bookmarkInterval(), lookups),
        new PodnetEndpoints(view)), access.tokens(), store);
    access.serve(router, lab.controlPlane().netns());
    parts.push(ApiServer.start(config.socket(), router));
    log.info("podnetd up cluster={} nodes={} routing={} etcd={} socket={} api={} took_ms={}", config.name(), config.nodes(), config.routing(),
        endpoint, config.socket(), access.endpoints().loopbackUrl(), (System.nanoTime() - t0) / 1_000_000);
  }

  private static void bootstrapNamespaces(Store store) {
    for (String ns : new String[] {"default", "kube-system", "kube-public", "kube-node-lease"}) {
      try {
        store.create(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().withNewSpec().withFinalizers("kubernetes").endSpec()
            .withNewStatus().withPhase("Active").endStatus().build());
      } catch (StoreException e) {
        if (!e.is(StoreException.Reason.ALREADY_EXISTS)) {
          throw e;
        }
      }
    }
    store.find(Resources.NAMESPACES, "", "default").orElseThrow();
  }

  /** Waits until a teardown or {@link #stop()} finished. */
  public void await() throws InterruptedException {
    done.await();
  }

  /** Stops podnetd itself; pods, namespaces and routes stay for the next podnetd to adopt. */
  public synchronized void stop() {
    closeParts();
    done.countDown();
  }

  /** Called from the API: the reply must reach the client before the API goes away. */
  private void teardownAsync() {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      teardown();
    }, "teardown");
    t.start();
  }

  /** Removes everything: pods, nodes, the LAN, etcd and its data, the state directory. */
  public synchronized void teardown() {
    if (tearingDown) {
      return;
    }
    tearingDown = true;
    log.info("tearing down cluster={}", config.name());
    if (config.etcd().isPresent() && store != null) {
      wipeRegistry(); // the user's etcd stays; the cluster's objects go with the cluster
    }
    closeParts();
    if (lab != null) {
      lab.close();
    }
    Leftovers.removeEverything(config);
    done.countDown();
  }

  private void wipeRegistry() {
    try {
      io.etcd.jetcd.ByteSequence prefix = io.etcd.jetcd.ByteSequence.from("/registry/", java.nio.charset.StandardCharsets.UTF_8);
      store.client().getKVClient().delete(prefix, io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build())
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("cluster objects not removed from etcd={} error={}", config.etcd().orElse(""), e.toString());
    }
  }

  private void closeParts() {
    while (!parts.isEmpty()) {
      AutoCloseable c = parts.pop();
      try {
        c.close();
      } catch (Exception e) {
        log.warn("close failed part={} error={}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
