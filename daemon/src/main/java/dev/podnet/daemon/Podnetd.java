package dev.podnet.daemon;

import dev.podnet.api.Parts;
import dev.podnet.api.Resources;
import dev.podnet.controller.Controllers;
import dev.podnet.controller.events.EventBroadcaster;
import dev.podnet.controller.events.EventExpiry;
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
  private final Parts parts = new Parts("podnetd");
  private final CountDownLatch done = new CountDownLatch(1);
  private Optional<EtcdServer> etcd = Optional.empty();
  private Lab lab;
  private EtcdStore store;
  private NodeProcesses processes;
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
    etcd.ifPresent(parts::add);
    String endpoint = config.etcd().orElseGet(() -> etcd.orElseThrow().endpoint());
    store = EtcdStore.connect(endpoint);
    parts.add(store);
    bootstrapNamespaces(store);
    ServiceAllocations services = new ServiceAllocations(store);
    services.ensureKubernetesService();
    ClusterDns.ensure(store, services);
    MetalLbDefaults.ensure(store);
    if (config.ingress()) {
      ClusterIngress.ensure(store, services);
    }

    EventBroadcaster events = new EventBroadcaster(store);
    parts.add(events);
    parts.add(EventExpiry.start(store, lifetimes.eventTtl()));
    parts.add(Controllers.start(store, Controllers.Config.defaults(store).withRecorders(component -> events.recorder(component, ""))
        .withNodeGrace(lifetimes.nodeGrace())));

    LabConfig labConfig = LabConfig.defaults(config.name()).withRouting(config.routing()).withNodes(config.nodes())
        .withPrefix(config.prefix(), config.stateDir().resolve("lab"));
    lab = Lab.network(labConfig, new IpKernel(), Duration.ofSeconds(10));
    if (config.edge()) {
      // before the nodes: each node's machine gets its route to the routed segment through the router
      MetalLbDefaults.ensureBgp(store, lab.ensureEdge(labConfig.stateDir().resolve(Lab.EDGE_DIR)).lanAddress());
    }
    ApiAccess access = ApiAccess.prepare(config, store, lab.controlPlane().address());
    parts.add(access);
    KubernetesEndpoint kubernetesEndpoint = new KubernetesEndpoint(store, lab.controlPlane().address(), ApiEndpoints.INTERNAL_PORT);
    parts.add(kubernetesEndpoint);
    kubernetesEndpoint.start();
    NetworkConfigMap.ensure(store, config.routing(), labConfig.podCidr(), config.datapath().flag());
    access.publishClusterInfo(store);

    processes = new NodeProcesses(config, access.writeNodeKubeconfig(store, config.stateDir().resolve("nodes").resolve("agent.kubeconfig")),
        lifetimes.nodeGrace());
    parts.add(processes);
    LabNodes nodes = new LabNodes(store, lab, processes);
    parts.add(nodes);
    nodes.ensure(config.nodes()); // the agents' JVMs start while the API does: they wait for it

    ClusterView view = new ClusterView(config, endpoint, store, lab.names(), nodes, processes, lab, this::teardownAsync);
    AdmissionLookups lookups = AdmissionLookups.cached(store);
    parts.add(lookups);
    Function<ApiRequest, ApiResponse> router = new TokenRequests(new Router(new ObjectEndpoints(store, services, lifetimes.bookmarkInterval(), lookups),
        new PodnetEndpoints(view)), access.tokens(), store);
    access.serve(router, lab.controlPlane().netns());
    parts.add(ApiServer.start(config.socket(), router));
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
    if (processes != null) {
      processes.killAll(); // the nodes go first: nothing may recreate what the cleanup removes
    }
    closeParts();
    if (lab != null) {
      lab.close();
    }
    try {
      Leftovers.removeEverything(config);
    } catch (RuntimeException e) {
      // podnet down finds what is left by name and removes it; podnetd must still exit
      log.error("teardown incomplete cluster={} error={}", config.name(), e.getMessage());
    } finally {
      done.countDown();
    }
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
    parts.close();
  }
}
