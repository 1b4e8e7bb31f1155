package dev.podnet.ingress;

import dev.podnet.ingress.proxy.Certificates;
import dev.podnet.ingress.proxy.ProxyConfig;
import dev.podnet.ingress.proxy.ProxyServer;
import dev.podnet.ingress.route.ClusterObjects;
import dev.podnet.ingress.route.RouteTable;
import dev.podnet.ingress.route.RouteTableBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.FileOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A profiling aid, not a test: the proxy wired as {@link IngressMain} wires it (metrics, access
 * log, the same listeners and event loops) with one Ingress rule for {@code foo.bar.com} to
 * backends given as {@code host:port}, without an API server. Run in a network namespace of its
 * own beside nginx to compare CPU per request under wrk:
 * {@code java -cp target/test-classes:target/classes:target/lib/* dev.podnet.ingress.LoopbackProxy PORT LOGFILE HOST:PORT...}
 */
public final class LoopbackProxy {
  private LoopbackProxy() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<EndpointSlice> slices = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String[] hp = args[i].split(":");
      slices.add(new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName("echo-" + i)
          .addToLabels("kubernetes.io/service-name", "echo").endMetadata().withAddressType("IPv4")
          .addNewPort().withName("http").withPort(Integer.parseInt(hp[1])).withProtocol("TCP").endPort()
          .addNewEndpoint().withAddresses(hp[0]).withNewConditions().withReady(true).endConditions().endEndpoint().build());
    }
    Service echo = new ServiceBuilder().withNewMetadata().withNamespace("default").withName("echo").endMetadata()
        .withNewSpec().addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSpec().build();
    Ingress ingress = Serialization.unmarshal("apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: echo, namespace: default}\n"
        + "spec:\n  rules:\n  - host: foo.bar.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: echo, "
        + "port: {number: 8080}}}}\n", Ingress.class);
    RouteTable table = RouteTableBuilder.build(new ClusterObjects(List.of(ingress), Map.of("default/echo", echo),
        Map.of("default/echo", slices))).table();
    Metrics metrics = new Metrics();
    AccessLog log = args[1].equals("-") ? null : new AccessLog(new FileOutputStream(args[1])); // "-": no access log
    ProxyServer.start(new ProxyServer.Listen(new InetSocketAddress(port), new InetSocketAddress(port + 1), Integer.getInteger("threads", Runtime.getRuntime().availableProcessors())),
        ProxyConfig.DEFAULTS, () -> table, Certificates.selfSigned(), r -> {
          metrics.record(r);
          if (log != null) {
            log.record(r);
          }
        });
    System.out.println("listening " + port);
    Thread.sleep(Long.MAX_VALUE);
  }
}
