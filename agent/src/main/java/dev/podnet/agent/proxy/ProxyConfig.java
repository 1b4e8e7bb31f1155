package dev.podnet.agent.proxy;

import dev.podnet.kernel.Cidr;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * What the proxy knows about its node and cluster.
 *
 * @param nodeName endpoints with this {@code nodeName} are local
 * @param nodeIPs the node's addresses (NodePorts answer on every local address but loopback)
 * @param clusterCidr the pod CIDR: sources inside it are pods and keep their IP
 * @param serviceCidr ClusterIPs come from here; unallocated ones are dropped
 * @param minSyncInterval at most one sync per interval; events in between coalesce
 * @param syncPeriod full resync period: repairs what was changed or deleted by hand
 */
public record ProxyConfig(String nodeName, List<InetAddress> nodeIPs, Cidr clusterCidr, Cidr serviceCidr,
    Duration minSyncInterval, Duration syncPeriod) {

  public ProxyConfig {
    nodeIPs = List.copyOf(nodeIPs);
    if (IpFamily.of(clusterCidr) != IpFamily.of(serviceCidr)) {
      throw new IllegalArgumentException("cluster CIDR " + clusterCidr + " and service CIDR " + serviceCidr + " are of different families");
    }
  }

  /** The lab's address plan, 100 ms coalescing, 10 s resync. */
  public static ProxyConfig of(String nodeName, List<InetAddress> nodeIPs) {
    return new ProxyConfig(nodeName, nodeIPs, Cidr.parse("10.244.0.0/16"), Cidr.parse("10.96.0.0/12"),
        Duration.ofMillis(100), Duration.ofSeconds(10));
  }

  public ProxyConfig withSyncPeriod(Duration period) {
    return new ProxyConfig(nodeName, nodeIPs, clusterCidr, serviceCidr, minSyncInterval, period);
  }

  public IpFamily family() {
    return IpFamily.of(clusterCidr);
  }
}
