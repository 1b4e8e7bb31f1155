package dev.podnet.ingress;

import dev.podnet.ingress.proxy.Certificates;
import dev.podnet.ingress.proxy.ProxyConfig;
import dev.podnet.ingress.proxy.ProxyServer;
import dev.podnet.ingress.route.RouteTable;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The podnet/ingress image's entry point and composition root, built in order: the API client
 * (in-cluster), the informers, the routing state (empty until the first sync), the proxy
 * listeners, the sync thread, the status port. Traffic is accepted at once; /healthz turns 200
 * once the first full routing table is in place.
 */
public final class IngressMain {
  private static final Logger log = LoggerFactory.getLogger(IngressMain.class);
  private static final int PERIODIC_SYNC_SECONDS = 30;
  private static final int DRAIN_SECONDS = 5;

  private IngressMain() {}

  public static void main(String[] args) throws Exception {
    IngressConfig config;
    try {
      config = IngressConfig.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("podnet-ingress: " + e.getMessage());
      System.exit(2);
      return;
    }
    java.util.concurrent.atomic.AtomicBoolean firstSync = new java.util.concurrent.atomic.AtomicBoolean();
    Metrics metrics = new Metrics();
    // the status port first: the liveness probe (TCP) says the process is up while the API client, TLS and
    // listeners still load, which took over a minute on a node at load average 59; /healthz stays 503 until the first sync
    StatusServer status = new StatusServer(config.statusPort(), firstSync::get, metrics::render);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(apiConfig()).build();
    AtomicReference<RouteTable> routes = new AtomicReference<>(RouteTable.empty());
    Certificates certs = Certificates.selfSigned();
    AccessLog accessLog = config.accessLog() ? new AccessLog() : null;
    ProxyServer proxy = ProxyServer.start(new ProxyServer.Listen(new InetSocketAddress(config.httpPort()), new InetSocketAddress(config.httpsPort()),
        config.threads()), new ProxyConfig(config.connectTimeout(), config.readTimeout(), ProxyConfig.DEFAULTS.maxHeaderBytes(),
        ProxyConfig.DEFAULTS.maxInitialLine(), ProxyConfig.DEFAULTS.idlePerEndpoint()), routes::get, certs, r -> {
          metrics.record(r);
          if (accessLog != null) {
            accessLog.record(r);
          }
        });
    Sync[] sync = new Sync[1];
    ClusterWatch watch = new ClusterWatch(client, () -> sync[0].trigger());
    String pod = System.getenv().getOrDefault("HOSTNAME", "podnet-ingress");
    sync[0] = new Sync(watch, config, routes, certs, new EventReporter(client, pod), new StatusPublisher(client));
    watch.start();
    log.info("serving class={} controller={} http={} https={} status={} threads={}", config.ingressClass(), config.controller(),
        proxy.httpAddress(), proxy.httpsAddress(), status.port(), config.threads());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      status.close();
      proxy.close(DRAIN_SECONDS); // ingress-nginx drains too: requests in flight finish, keep-alive clients reconnect elsewhere
      sync[0].close();
      watch.close();
      client.close();
      if (accessLog != null) {
        accessLog.close();
      }
    }, "shutdown"));
    while (!watch.synced()) {
      Thread.sleep(100);
    }
    sync[0].trigger();
    sync[0].startPeriodic(PERIODIC_SYNC_SECONDS);
    RouteTable empty = routes.get();
    while (routes.get() == empty) {
      Thread.sleep(50);
    }
    firstSync.set(true);
    log.info("ready hosts={} paths={}", routes.get().hostCount(), routes.get().pathCount());
  }

  /** In a pod, the in-cluster configuration only (lab pods see the host's files, and ~/.kube/config there is not for them). */
  private static Config apiConfig() {
    if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
      System.setProperty(Config.KUBERNETES_AUTH_TRYKUBECONFIG_SYSTEM_PROPERTY, "false");
    }
    return Config.autoConfigure(null);
  }
}
