package dev.podnet.ingress.route;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Computes a {@link RouteTable} from the cluster, merging rules across Ingresses as ingress-nginx
 * does: oldest Ingress first (then namespace/name), and the first to claim a host+path keeps it.
 * The cluster's default backend is the oldest Ingress's {@code spec.defaultBackend}; a host falls
 * back to its own Ingress's default backend first. Problems (a missing Service, a resource
 * backend) are collected for Events; they never stop other routes.
 */
public final class RouteTableBuilder {
  private static final Comparator<Ingress> OLDEST_FIRST = Comparator
      .comparing((Ingress i) -> Objects.requireNonNullElse(i.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(i -> i.getMetadata().getNamespace()).thenComparing(i -> i.getMetadata().getName());

  private RouteTableBuilder() {}

  /** The table, and what is wrong with which Ingress. */
  public record Result(RouteTable table, List<Problem> problems) {}

  public static Result build(ClusterObjects objects) {
    List<Problem> problems = new ArrayList<>();
    Backends backends = new Backends(objects, problems);
    List<Ingress> ordered = new ArrayList<>(objects.ingresses());
    ordered.sort(OLDEST_FIRST);
    Route clusterDefault = new Route.NotFound(Site.NONE);
    for (Ingress ing : ordered) {
      if (ing.getSpec() != null && ing.getSpec().getDefaultBackend() != null) {
        clusterDefault = defaultBackend(ing, "*", backends);
        break;
      }
    }
    Map<String, HostRoutes.Builder> hosts = new LinkedHashMap<>();
    int paths = 0;
    for (Ingress ing : ordered) {
      if (!RouteOptions.isCanary(ing.getMetadata().getAnnotations())) {
        paths += addIngress(ing, hosts, backends);
      }
    }
    for (Ingress ing : ordered) { // canaries after every main route, whichever Ingress is older
      if (RouteOptions.isCanary(ing.getMetadata().getAnnotations())) {
        addCanary(ing, hosts, backends, problems);
      }
    }
    markTls(ordered, hosts);
    Map<String, HostRoutes> exact = new HashMap<>();
    Map<String, HostRoutes> wildcard = new HashMap<>();
    HostRoutes any = hosts.getOrDefault("", new HostRoutes.Builder()).build(clusterDefault);
    for (Map.Entry<String, HostRoutes.Builder> e : hosts.entrySet()) {
      String host = e.getKey();
      if (host.startsWith("*.")) {
        wildcard.put(host.substring(2), e.getValue().build(clusterDefault));
      } else if (!host.isEmpty()) {
        exact.put(host, e.getValue().build(clusterDefault));
      }
    }
    return new Result(new RouteTable(exact, wildcard, any, paths), List.copyOf(problems));
  }

  /** Adds one Ingress's rules; returns how many paths it contributed. */
  private static int addIngress(Ingress ing, Map<String, HostRoutes.Builder> hosts, Backends backends) {
    if (ing.getSpec() == null) {
      return 0;
    }
    String ns = ing.getMetadata().getNamespace();
    String name = ing.getMetadata().getName();
    RouteOptions options = RouteOptions.of(ing.getMetadata().getAnnotations());
    int added = 0;
    for (IngressRule rule : Objects.requireNonNullElse(ing.getSpec().getRules(), List.<IngressRule>of())) {
      String host = Objects.requireNonNullElse(rule.getHost(), "").toLowerCase(Locale.ROOT);
      HostRoutes.Builder b = hosts.computeIfAbsent(host, h -> new HostRoutes.Builder());
      if (ing.getSpec().getDefaultBackend() != null) {
        b.offerFallback(defaultBackend(ing, host.isEmpty() ? "*" : host, backends));
      }
      List<HTTPIngressPath> rulePaths = rule.getHttp() == null ? List.of() : Objects.requireNonNullElse(rule.getHttp().getPaths(), List.of());
      for (HTTPIngressPath p : rulePaths) {
        String path = Objects.requireNonNullElse(p.getPath(), "");
        Site site = new Site(ns + "/" + name, host.isEmpty() ? "*" : host, path.isEmpty() ? "/" : path);
        Route route = backends.resolve(ns, name, p.getBackend(), site, options);
        boolean fresh = "Exact".equals(p.getPathType()) ? b.addExact(path, route) : b.addPrefix(path, route);
        added += fresh ? 1 : 0;
      }
    }
    return added;
  }

  private static void addCanary(Ingress ing, Map<String, HostRoutes.Builder> hosts, Backends backends, List<Problem> problems) {
    if (ing.getSpec() == null) {
      return;
    }
    String ns = ing.getMetadata().getNamespace();
    String name = ing.getMetadata().getName();
    RouteOptions options = RouteOptions.of(ing.getMetadata().getAnnotations());
    for (IngressRule rule : Objects.requireNonNullElse(ing.getSpec().getRules(), List.<IngressRule>of())) {
      String host = Objects.requireNonNullElse(rule.getHost(), "").toLowerCase(Locale.ROOT);
      List<HTTPIngressPath> rulePaths = rule.getHttp() == null ? List.of() : Objects.requireNonNullElse(rule.getHttp().getPaths(), List.of());
      for (HTTPIngressPath p : rulePaths) {
        String path = Objects.requireNonNullElse(p.getPath(), "");
        Site site = new Site(ns + "/" + name, host.isEmpty() ? "*" : host, path.isEmpty() ? "/" : path);
        if (!(backends.resolve(ns, name, p.getBackend(), site, options) instanceof Route.Proxy canary)) {
          continue; // no ready canary endpoints: all traffic stays on the main route
        }
        HostRoutes.Builder b = hosts.get(host);
        boolean attached = b != null && b.attachCanary(path, "Exact".equals(p.getPathType()), RouteOptions.canary(ing.getMetadata().getAnnotations(),
            canary));
        if (!attached) {
          problems.add(new Problem(ns, name, "CanaryWithoutMain", "canary path " + site.host() + site.path()
              + " matches no path of a non-canary Ingress (or one that has a canary already); it takes no traffic"));
        }
      }
    }
  }

  private static Route defaultBackend(Ingress ing, String host, Backends backends) {
    String ns = ing.getMetadata().getNamespace();
    String name = ing.getMetadata().getName();
    Site site = new Site(ns + "/" + name, host, "default-backend");
    return backends.resolve(ns, name, ing.getSpec().getDefaultBackend(), site, RouteOptions.of(ing.getMetadata().getAnnotations()));
  }

  /** A host is a TLS host when an Ingress lists it (or a wildcard covering it) under spec.tls. */
  private static void markTls(List<Ingress> ordered, Map<String, HostRoutes.Builder> hosts) {
    for (Ingress ing : ordered) {
      List<IngressTLS> tls = ing.getSpec() == null ? List.of() : Objects.requireNonNullElse(ing.getSpec().getTls(), List.of());
      for (IngressTLS t : tls) {
        for (String h : Objects.requireNonNullElse(t.getHosts(), List.<String>of())) {
          String tlsHost = h.toLowerCase(Locale.ROOT);
          hosts.forEach((host, b) -> {
            if (!host.isEmpty() && TlsHostMatch.covers(tlsHost, host)) {
              b.markTls();
            }
          });
        }
      }
    }
  }
}
