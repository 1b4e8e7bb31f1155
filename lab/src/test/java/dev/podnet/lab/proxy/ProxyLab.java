package dev.podnet.lab.proxy;

import dev.podnet.lab.LabTestSupport;
import dev.podnet.agent.proxy.ProxyConfig;
import dev.podnet.agent.proxy.ServiceProxy;
import dev.podnet.kernel.Conntrack;
import dev.podnet.kernel.Exec;
import dev.podnet.kernel.IpKernel;
import dev.podnet.kernel.KernelTestSupport;
import dev.podnet.kernel.Nft;
import dev.podnet.lab.Lab;
import dev.podnet.lab.LabConfig;
import dev.podnet.lab.LabNode;
import dev.podnet.lab.Sandbox;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A 3-node lab with one ServiceProxy per node, fed by hand like informers would. */
final class ProxyLab implements AutoCloseable {
  final Lab lab;
  final List<ServiceProxy> proxies = new ArrayList<>();

  ProxyLab(int nodes) {
    String p = KernelTestSupport.prefix();
    LabConfig config = LabConfig.defaults("test").withNodes(nodes).withRouting("vxlan").withPrefix(p, Path.of("/run/podnet/test-" + p));
    lab = Lab.create(config, new IpKernel(), Duration.ofSeconds(1));
    for (LabNode n : lab.nodes()) {
      proxies.add(proxy(n));
    }
  }

  ServiceProxy proxy(LabNode n) {
    ServiceProxy p = unsynced(n).start();
    p.markServicesSynced();
    p.markSlicesSynced();
    return p;
  }

  /** A proxy for the node, not started and with neither informer synced: a restart before its lists arrive. */
  static ServiceProxy unsynced(LabNode n) {
    ProxyConfig c = ProxyConfig.of(n.name(), List.of(n.info().lanAddress())).withSyncPeriod(Duration.ofSeconds(2));
    return new ServiceProxy(Nft.session(), Conntrack.tool(), n.netns(), c);
  }

  /** The node whose pod CIDR holds the pod: what an EndpointSlice's nodeName says. */
  String nodeOf(Sandbox s) {
    return lab.nodes().stream().filter(n -> n.info().podCidr().contains(s.ip())).findFirst().orElseThrow().name();
  }

  LabNode node(int i) {
    return lab.nodes().get(i);
  }

  /** Every proxy learns the Service and its slice, then syncs (as after an informer event). */
  void apply(Service svc, EndpointSlice... slices) {
    for (ServiceProxy p : proxies) {
      p.onServiceAdded(svc);
      for (EndpointSlice s : slices) {
        p.onSliceUpdated(s);
      }
      p.syncNow();
    }
  }

  /** A pod on {@code node} answering each TCP connection with its name and the peer's address. */
  Sandbox tcpServer(int node, String name, int port) {
    Sandbox s = lab.createPod(node(node), "default", name);
    s.start(List.of("socat", "TCP-LISTEN:" + port + ",reuseaddr,fork", "SYSTEM:echo " + name + " from=$SOCAT_PEERADDR"));
    awaitListener(s, "t", port);
    return s;
  }

  Sandbox udpServer(int node, String name, int port) {
    Sandbox s = lab.createPod(node(node), "default", name);
    s.start(List.of("socat", "UDP-RECVFROM:" + port + ",reuseaddr,fork", "SYSTEM:echo " + name));
    awaitListener(s, "u", port);
    return s;
  }

  static Exec.Result tcp(Sandbox from, String host, int port) {
    return from.run(List.of("socat", "-T", "3", "-t", "2", "-", "TCP:" + host + ":" + port + ",connect-timeout=3"), "");
  }

  static void awaitListener(Sandbox s, String proto, int port) {
    LabTestSupport.awaitListener(s, proto, port);
  }

  static Duration await(String what, Duration timeout, BooleanSupplier ok) {
    return LabTestSupport.await(what, timeout, ok);
  }

  @Override
  public void close() {
    proxies.forEach(ServiceProxy::close);
    lab.close();
  }
}
