package dev.podnet.agent.lb;

import dev.podnet.api.LabelSelector;
import dev.podnet.api.metallb.AddressRange;
import dev.podnet.api.metallb.IpAddressPool;
import dev.podnet.api.metallb.L2Advertisement;
import dev.podnet.api.metallb.MetalLb;
import dev.podnet.kernel.Ip;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Which node answers ARP for each LoadBalancer IP: MetalLB's layer-2 choice, computed the same
 * way on every node from the same objects, so exactly one node claims each IP without talking to
 * the others. Eligible nodes are Ready, alive (the caller's faster view), not excluded, selected
 * by an L2Advertisement of the IP's pool and, for eTP=Local, running a ready endpoint; the winner
 * is the first by {@code sha256(node + "#" + ip)}. Pure.
 */
public final class L2Election {
  private L2Election() {}

  /** The owner of every announceable IP, by IP (text); IPs no node may announce are absent. */
  static Map<String, String> owners(L2Inputs in, Predicate<String> alive) {
    Map<String, String> out = new TreeMap<>();
    for (Service svc : in.services().stream().sorted(Comparator.comparing(L2Election::key)).toList()) {
      if (!MetalLb.handles(svc)) {
        continue;
      }
      for (InetAddress ip : ingress(svc)) {
        String text = Ip.text(ip);
        if (out.containsKey(text)) {
          continue; // a shared IP: the first Service decides (sharing eTP=Local Services select the same pods)
        }
        Optional<IpAddressPool> pool = in.pools().stream().filter(p -> MetalLb.NAMESPACE.equals(p.getMetadata().getNamespace()))
            .filter(p -> contains(p, ip)).findFirst();
        if (pool.isEmpty()) {
          continue;
        }
        List<String> eligible = in.nodes().stream().filter(n -> eligible(n, svc, pool.get(), in, alive)).map(n -> n.getMetadata().getName())
            .sorted(Comparator.comparing((String n) -> hash(n, text), Arrays::compareUnsigned)).toList();
        if (!eligible.isEmpty()) {
          out.put(text, eligible.get(0));
        }
      }
    }
    return out;
  }

  /** The IPs {@code node} must announce. */
  static List<String> announcedBy(String node, L2Inputs in, Predicate<String> alive) {
    return owners(in, alive).entrySet().stream().filter(e -> e.getValue().equals(node)).map(Map.Entry::getKey).toList();
  }

  private static boolean eligible(Node n, Service svc, IpAddressPool pool, L2Inputs in, Predicate<String> alive) {
    String name = n.getMetadata().getName();
    Map<String, String> labels = Objects.requireNonNullElse(n.getMetadata().getLabels(), Map.of());
    if (!isReady(n) || labels.containsKey(LbNames.EXCLUDE_LABEL) || !alive.test(name)) {
      return false;
    }
    boolean advertised = in.advertisements().stream().filter(a -> MetalLb.NAMESPACE.equals(a.getMetadata().getNamespace()))
        .anyMatch(a -> covers(a, pool) && selects(a, labels));
    if (!advertised) {
      return false;
    }
    boolean local = "Local".equals(svc.getSpec().getExternalTrafficPolicy());
    return !local || hasReadyEndpoint(svc, name, in.slices());
  }

  public static boolean isReady(Node n) {
    return n.getStatus() != null && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean covers(L2Advertisement a, IpAddressPool pool) {
    var spec = a.getSpec();
    if (spec.ipAddressPools().isEmpty() && spec.ipAddressPoolSelectors().isEmpty()) {
      return true;
    }
    Map<String, String> poolLabels = Objects.requireNonNullElse(pool.getMetadata().getLabels(), Map.of());
    return spec.ipAddressPools().contains(pool.name())
        || spec.ipAddressPoolSelectors().stream().anyMatch(s -> LabelSelector.of(s).matches(poolLabels));
  }

  private static boolean selects(L2Advertisement a, Map<String, String> nodeLabels) {
    var selectors = a.getSpec().nodeSelectors();
    return selectors.isEmpty() || selectors.stream().anyMatch(s -> LabelSelector.of(s).matches(nodeLabels));
  }

  /** True when {@code node} runs a ready endpoint of {@code svc}: where eTP=Local traffic may go (BGP mode reads it too). */
  public static boolean hasReadyEndpoint(Service svc, String node, List<EndpointSlice> slices) {
    String service = svc.getMetadata().getName();
    return slices.stream().filter(s -> Objects.equals(s.getMetadata().getNamespace(), svc.getMetadata().getNamespace()))
        .filter(s -> s.getMetadata().getLabels() != null && service.equals(s.getMetadata().getLabels().get("kubernetes.io/service-name")))
        .flatMap(s -> Optional.ofNullable(s.getEndpoints()).orElse(List.of()).stream())
        .anyMatch(e -> node.equals(e.getNodeName()) && isReady(e));
  }

  private static boolean isReady(Endpoint e) {
    return e.getConditions() == null || e.getConditions().getReady() == null || e.getConditions().getReady();
  }

  /** The Service's LoadBalancer IPs an announcer makes reachable (not those of ipMode Proxy). */
  public static List<InetAddress> ingress(Service svc) {
    if (svc.getStatus() == null || svc.getStatus().getLoadBalancer() == null || svc.getStatus().getLoadBalancer().getIngress() == null) {
      return List.of();
    }
    return svc.getStatus().getLoadBalancer().getIngress().stream().filter(i -> !"Proxy".equals(i.getIpMode()))
        .map(LoadBalancerIngress::getIp).map(AddressRange::ip).flatMap(Optional::stream).toList();
  }

  public static boolean contains(IpAddressPool p, InetAddress ip) {
    for (String text : p.getSpec().addresses()) {
      try {
        if (AddressRange.parse(text).contains(ip)) {
          return true;
        }
      } catch (IllegalArgumentException e) {
        // validation refused it at the API: an old bad entry holds nothing
      }
    }
    return false;
  }

  /** MetalLB's key: sha256 of {@code node#ip}; the lowest wins. */
  static byte[] hash(String node, String ip) {
    try {
      return MessageDigest.getInstance("SHA-256").digest((node + "#" + ip).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static String key(Service s) {
    return s.getMetadata().getNamespace() + "/" + s.getMetadata().getName();
  }
}
