package dev.podnet.agent.proxy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/** One endpoint of one service port, with the EndpointSlice conditions that decide its use. */
public record EndpointInfo(InetAddress ip, int port, boolean local, boolean ready, boolean serving, boolean terminating) {

  static final Comparator<EndpointInfo> ORDER = Comparator
      .comparing((EndpointInfo e) -> Arrays.toString(e.ip.getAddress()))
      .thenComparingInt(EndpointInfo::port);

  String hostPort() {
    return ip.getHostAddress() + ":" + port;
  }

  /**
   * kube-proxy's CategorizeEndpoints: ready endpoints; when none are ready, serving+terminating
   * ones (a rolling update keeps flowing); not-ready ones never. Local policy falls back on its
   * own, independently of the cluster set.
   */
  public record Selection(List<EndpointInfo> cluster, List<EndpointInfo> local, boolean hasAny, int localReady) {

    public static Selection of(List<EndpointInfo> all) {
      List<EndpointInfo> cluster = usable(all, e -> true);
      List<EndpointInfo> local = usable(all, EndpointInfo::local);
      boolean any = all.stream().anyMatch(e -> e.ready || (e.serving && e.terminating));
      int localReady = (int) all.stream().filter(e -> e.local && e.ready).count();
      return new Selection(cluster, local, any, localReady);
    }

    private static List<EndpointInfo> usable(List<EndpointInfo> all, Predicate<EndpointInfo> where) {
      List<EndpointInfo> ready = new ArrayList<>(all.stream().filter(where).filter(EndpointInfo::ready).toList());
      if (ready.isEmpty()) {
        ready.addAll(all.stream().filter(where).filter(e -> e.serving && e.terminating).toList());
      }
      ready.sort(ORDER);
      return List.copyOf(ready);
    }
  }
}
