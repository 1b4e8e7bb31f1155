package dev.podnet.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Netns;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * FROM as the namespace the probe starts in. A probe is a socket, and a socket lives in exactly one
 * namespace, so every kind of FROM comes down to one: a pod's, a node's, or a lab client's
 * ({@code outside}, the edge router, the client behind it). A Service has no namespace of its own:
 * its traffic starts in its endpoint pods, so {@code svc/NAME[.NS]} and an address a Service answers
 * on (LB IP, ClusterIP) start in one ready endpoint pod, named in the label ({@code from} of the
 * trace) so the user sees which.
 */
final class Sources {
  private static final String CLUSTER = "/apis/podnet.dev/v1/cluster";
  /** The lab's own clients in the cluster info (docs/api.md): its key there, and how a trace names it. */
  private record Client(String key, String label) {}

  private static final List<Client> CLIENTS = List.of(new Client("outside", "outside"), new Client("edge", "edge"),
      new Client("outsideRouted", "outside-routed"));

  private final ClusterView api;
  private final Resolver resolver;
  private final String defaultNamespace;

  Sources(ClusterView api, Resolver resolver, String defaultNamespace) {
    this.api = api;
    this.resolver = resolver;
    this.defaultNamespace = defaultNamespace;
  }

  /** FROM as the user wrote it (docs/walkthroughs/trace.md lists the kinds) as the probe's place, or a TraceException saying what is missing. */
  Place resolve(String from) {
    if (from.equals("outside")) {
      return client(CLIENTS.get(0)).orElseThrow(() -> new TraceException("this cluster has no outside namespace: run podnet down and podnet up"));
    }
    if (from.startsWith("node/")) {
      return resolver.node(from.substring(5)).as(Place.Role.FROM);
    }
    if (from.startsWith("svc/")) {
      String ref = from.substring(4);
      String name = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref;
      String ns = ref.contains(".") ? ref.substring(ref.indexOf('.') + 1) : defaultNamespace;
      api.get("/api/v1/namespaces/" + ns + "/services/" + name)
          .orElseThrow(() -> new TraceException("service " + ns + "/" + name + " not found (see: podnet get svc -n " + ns + ")"));
      return endpoint(ns, name, Optional.empty());
    }
    if (isIp(from)) {
      return byIp(from);
    }
    String[] nsName = resolver.podName(from);
    return resolver.pod(nsName[0] + "/" + nsName[1]).map(p -> p.as(Place.Role.FROM))
        .orElseThrow(() -> new TraceException("pod " + nsName[0] + "/" + nsName[1] + " not found or not running (see: podnet get pods -n " + nsName[0] + ")"));
  }

  static boolean isIp(String s) {
    return s.matches("[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+") || s.matches("[0-9a-fA-F:]*:[0-9a-fA-F:.]*");
  }

  /** Whatever in the lab owns {@code ip}: a pod, a node (InternalIP), a lab client, or a Service answering on it. */
  private Place byIp(String ip) {
    Optional<Place> pod = podWith(ip);
    if (pod.isPresent()) {
      return labelled(pod.get(), ip + " (" + pod.get().label() + ")");
    }
    for (Place n : resolver.nodes()) {
      if (n.ip().equals(ip)) {
        return labelled(n, ip + " (" + n.label() + ")");
      }
    }
    for (Client c : CLIENTS) {
      Optional<Place> client = client(c).filter(p -> p.ip().equals(ip));
      if (client.isPresent()) {
        return labelled(client.get(), ip + " (" + c.label() + ")");
      }
    }
    Optional<JsonNode> svc = serviceWith(ip);
    if (svc.isPresent()) {
      String ns = svc.get().path("metadata").path("namespace").asText();
      String name = svc.get().path("metadata").path("name").asText();
      return endpoint(ns, name, Optional.of(ip));
    }
    throw new TraceException("nothing in this lab has the IP " + ip + ": it is no pod's, node's (InternalIP), Service's (ClusterIP, LB IP),"
        + " nor the outside or edge client's (see: podnet get pods -A -o wide, podnet get nodes -o wide, podnet get svc -A)");
  }

  private Optional<Place> podWith(String ip) {
    List<String> owners = new ArrayList<>();
    api.get("/api/v1/pods").ifPresent(l -> l.path("items").forEach(p -> {
      boolean has = p.path("status").path("podIP").asText().equals(ip);
      for (JsonNode a : p.path("status").path("podIPs")) {
        has |= a.path("ip").asText().equals(ip);
      }
      if (has && !p.path("spec").path("hostNetwork").asBoolean()) {
        owners.add(p.path("metadata").path("namespace").asText() + "/" + p.path("metadata").path("name").asText());
      }
    }));
    return owners.stream().map(resolver::pod).flatMap(Optional::stream).findFirst();
  }

  private Optional<JsonNode> serviceWith(String ip) {
    List<JsonNode> out = new ArrayList<>();
    api.get("/api/v1/services").ifPresent(l -> l.path("items").forEach(s -> {
      boolean has = s.path("spec").path("clusterIP").asText().equals(ip);
      for (JsonNode a : s.path("spec").path("clusterIPs")) {
        has |= a.asText().equals(ip);
      }
      for (JsonNode ing : s.path("status").path("loadBalancer").path("ingress")) {
        has |= ing.path("ip").asText().equals(ip);
      }
      if (has) {
        out.add(s);
      }
    }));
    return out.stream().findFirst();
  }

  /**
   * One ready endpoint pod of Service {@code ns/name}, the first by namespace/name so the same
   * cluster always gives the same one; labelled with the Service, the pod, and the IP FROM named.
   */
  private Place endpoint(String ns, String name, Optional<String> ip) {
    List<String> ready = new ArrayList<>();
    api.get("/apis/discovery.k8s.io/v1/namespaces/" + ns + "/endpointslices?labelSelector=kubernetes.io/service-name%3D" + name)
        .ifPresent(l -> l.path("items").forEach(slice -> slice.path("endpoints").forEach(e -> {
          JsonNode ref = e.path("targetRef");
          // a missing ready condition means ready (EndpointSlice API: "nil should be interpreted as true")
          if (e.path("conditions").path("ready").asBoolean(true) && ref.path("kind").asText().equals("Pod")) {
            ready.add(ref.path("namespace").asText(ns) + "/" + ref.path("name").asText());
          }
        })));
    ready.sort(Comparator.naturalOrder());
    String svc = "svc/" + ns + "/" + name;
    return ready.stream().map(resolver::pod).flatMap(Optional::stream).findFirst()
        .map(p -> labelled(p, ip.map(a -> a + " (" + svc + ", endpoint ").orElse(svc + " (endpoint ") + p.label() + ")"))
        .orElseThrow(() -> new TraceException("service " + ns + "/" + name + " has no ready endpoint pod in the lab to start the probe from"
            + " (see: podnet get endpointslices -n " + ns + " -l kubernetes.io/service-name=" + name + ")"));
  }

  /** The lab client {@code c}, if this cluster has it. */
  private Optional<Place> client(Client c) {
    return api.get(CLUSTER).map(info -> info.path(c.key())).filter(o -> o.has("netns"))
        .map(o -> new Place(c.label(), Netns.at(o.path("netns").asText()), Optional.empty(), Place.Role.FROM, o.path("address").asText()));
  }

  private static Place labelled(Place p, String label) {
    return new Place(label, p.netns(), p.node(), Place.Role.FROM, p.ip());
  }
}
