package dev.podnet.dns;

import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The podnet/dns image's entry point and composition root: the cluster index and its list-watches
 * (in-cluster configuration, as CoreDNS's kubernetes plugin), the zone, the forwarder, the UDP/TCP
 * server and the probe/metrics ports, built in that order. DNS is served as soon as the socket
 * is bound; /ready turns 200 once the watches have listed everything.
 */
public final class DnsMain {
  private static final Logger log = LoggerFactory.getLogger(DnsMain.class);

  private DnsMain() {}

  public static void main(String[] args) throws Exception {
    DnsConfig config;
    try {
      config = DnsConfig.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("podnet-dns: " + e.getMessage());
      System.exit(2);
      return;
    }
    ClusterRecords records = new ClusterRecords(config.domain());
    ApiEndpoint api = ApiEndpoint.fromEnvironment();
    KubeZone zone = new KubeZone(config.domain(), config.ttl(), records);
    Optional<Autopath> autopath = config.autopath() ? Optional.of(new Autopath(config.domain(), zone)) : Optional.empty();
    ClusterWatch watch = new ClusterWatch(api, records, autopath);
    watch.start();
    Metrics metrics = new Metrics();
    NioEventLoopGroup group = new NioEventLoopGroup(1);
    ForwardCache cache = new ForwardCache(10_000, config.ttl());
    metrics.cacheSize(cache::size);
    Forwarder forwarder = new Forwarder(config.upstreams(), config.forwardTimeout(), cache, metrics);
    forwarder.start(group);
    Responder responder = new Responder(zone, config.upstreams().isEmpty() ? Optional.empty() : Optional.of(forwarder), autopath);
    DnsServer server = new DnsServer(group, config.listen(), responder, metrics);
    ProbeServer probes = new ProbeServer(config.probes(), watch::synced, metrics::render);
    log.info("serving zone={} listen={} upstreams={} ttl={} autopath={}", config.domain(), server.udpAddress(), config.upstreams(),
        config.ttl(), config.autopath());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      lameDuck(config.lameDuck());
      probes.close();
      server.close();
      forwarder.close();
      watch.close();
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }, "shutdown"));
    logWhenSynced(watch, records);
  }

  /**
   * CoreDNS's health lameduck: on SIGTERM the pod is already terminating, so the endpoint
   * controller takes it out of kube-dns; keep answering while proxies catch up, so clients
   * whose queries were already steered here still get replies.
   */
  private static void lameDuck(Duration d) {
    log.info("terminating: serving for lameduck={} ms more", d.toMillis());
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void logWhenSynced(ClusterWatch watch, ClusterRecords records) throws InterruptedException {
    while (!watch.synced()) {
      Thread.sleep(Duration.ofMillis(100).toMillis());
    }
    log.info("ready services={}", records.serviceCount());
  }
}
