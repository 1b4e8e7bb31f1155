package dev.podnet.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.kernel.Netns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns FROM and TO as the user wrote them ({@code a}, {@code pod/NS/NAME}, {@code node/N},
 * {@code svc/NAME[.NS]}, an LB IP, {@code outside}, a plain IP) into namespaces and addresses,
 * through the API: the objects say which namespace a pod lives in and what a Service fronts.
 */
final class Resolver {
  private final ClusterView api;
  private final String defaultNamespace;

  Resolver(ClusterView api, String defaultNamespace) {
    this.api = api;
    this.defaultNamespace = defaultNamespace;
  }

  /**
   * The FROM namespace, the TO address, every namespace the probe may cross, and the addresses
   * ({@code ip:port}) it may finally be delivered to: the target, or the endpoints of the Service
   * it names.
   */
  record Plan(Place from, Target to, List<Place> watched, List<String> endpoints) {}

  Plan plan(String from, String to, Optional<Integer> port, String proto) {
    Place source = source(from);
    Map<String, String> services = new HashMap<>();
    Map<String, String> pods = new HashMap<>();
    index(services, pods);
    Target target = target(to, port, services, pods);
    Map<String, Place> watched = new LinkedHashMap<>();
    watched.put(source.name(), source);
    for (Place n : nodes()) {
      boolean fromNode = source.role() == Place.Role.FROM && source.node().equals(n.node()) && !source.name().equals(n.name());
      watched.putIfAbsent(n.name(), fromNode ? n.as(Place.Role.FROM_NODE) : n);
    }
    List<String> endpoints = endpoints(target, proto);
    for (String endpoint : endpoints) {
      Optional.ofNullable(pods.get(endpoint.substring(0, endpoint.lastIndexOf(':')))).flatMap(this::pod)
          .map(p -> p.as(Place.Role.TARGET)).ifPresent(p -> watched.putIfAbsent(p.name(), p));
    }
    return new Plan(source, target, List.copyOf(watched.values()), endpoints);
  }

  private List<String> endpoints(Target target, String proto) {
    String service = target.services().get(target.ip() + ":" + target.port());
    if (service == null && target.label().startsWith("node/")) {
      service = target.services().get("nodeport:" + target.port());
    }
    if (service == null) {
      return List.of(target.ip() + ":" + target.port());
    }
    String[] p = service.substring(0, service.lastIndexOf(':')).split("/");
    List<String> out = new ArrayList<>();
    api.get("/apis/discovery.k8s.io/v1/namespaces/" + p[0] + "/endpointslices?labelSelector=kubernetes.io/service-name%3D" + p[1])
        .ifPresent(l -> l.path("items").forEach(slice -> slice.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> {
          for (JsonNode port : slice.path("ports")) {
            if (port.path("protocol").asText("TCP").equalsIgnoreCase(proto.equals("icmp") ? "tcp" : proto)) {
              out.add(a.asText() + ":" + port.path("port").asInt());
            }
          }
        }))));
    return out;
  }

  /** FROM as the namespace the probe starts in (see {@link Sources}). */
  Place source(String from) {
    return new Sources(api, this, defaultNamespace).resolve(from);
  }

  /** {@code NAME}, {@code pod/NAME} or {@code pod/NS/NAME} as namespace and name. */
  String[] podName(String ref) {
    String r = ref.startsWith("pod/") ? ref.substring(4) : ref;
    String[] p = r.split("/");
    return p.length == 2 ? p : new String[] {defaultNamespace, r};
  }

  Optional<Place> pod(String nsName) {
    String[] p = nsName.split("/");
    Optional<JsonNode> sandbox = api.get("/apis/podnet.dev/v1/namespaces/" + p[0] + "/pods/" + p[1] + "/sandbox");
    Optional<JsonNode> pod = api.get("/api/v1/namespaces/" + p[0] + "/pods/" + p[1]);
    if (sandbox.isEmpty() || pod.isEmpty() || pod.get().path("spec").path("hostNetwork").asBoolean()) {
      return Optional.empty();
    }
    return Optional.of(new Place("pod/" + nsName, Netns.at(sandbox.get().path("netns").asText()),
        Optional.of(sandbox.get().path("node").asText()), Place.Role.TARGET, pod.get().path("status").path("podIP").asText()));
  }

  Place node(String name) {
    JsonNode node = api.get("/api/v1/nodes/" + name).orElseThrow(() -> new TraceException("node " + name + " not found (see: podnet get nodes)"));
    JsonNode ns = api.get("/apis/podnet.dev/v1/nodes/" + name + "/namespaces")
        .orElseThrow(() -> new TraceException("node " + name + " has no namespaces here: it is not a lab node of this cluster"));
    String ip = "";
    for (JsonNode a : node.path("status").path("addresses")) {
      if (a.path("type").asText().equals("InternalIP")) {
        ip = a.path("address").asText();
      }
    }
    return new Place("node/" + name, Netns.at(ns.path("netns").asText()), Optional.of(name), Place.Role.NODE, ip);
  }

  List<Place> nodes() {
    List<Place> out = new ArrayList<>();
    api.get("/api/v1/nodes").ifPresent(l -> l.path("items").forEach(n -> out.add(node(n.path("metadata").path("name").asText()))));
    return out;
  }

  /** Service frontends ({@code ip:port}, {@code nodeport:P}) to {@code ns/name:port}, and pod IPs to {@code ns/name}. */
  private void index(Map<String, String> services, Map<String, String> pods) {
    api.get("/api/v1/services").ifPresent(l -> l.path("items").forEach(s -> ServiceFrontends.add(s, services)));
    api.get("/api/v1/pods").ifPresent(l -> l.path("items").forEach(p -> {
      String ip = p.path("status").path("podIP").asText();
      if (!ip.isEmpty() && !p.path("spec").path("hostNetwork").asBoolean()) {
        pods.put(ip, p.path("metadata").path("namespace").asText() + "/" + p.path("metadata").path("name").asText());
      }
    }));
  }

  private Target target(String to, Optional<Integer> port, Map<String, String> services, Map<String, String> pods) {
    if (to.startsWith("svc/")) {
      return service(to.substring(4), port, services, pods);
    }
    if (to.startsWith("node/")) {
      Place n = node(to.substring(5));
      return new Target(to, n.ip(), port.orElseThrow(() -> new TraceException("a trace to a node needs --port (e.g. a NodePort)")), services, pods);
    }
    if (to.equals("outside")) {
      return new Target(to, source("outside").ip(), port.orElse(80), services, pods);
    }
    if (Sources.isIp(to)) {
      Optional<String> lb = services.entrySet().stream().filter(e -> e.getKey().startsWith(to + ":")).map(Map.Entry::getValue).findFirst();
      int p = port.orElseGet(() -> lb.map(s -> Integer.parseInt(s.substring(s.lastIndexOf(':') + 1))).orElse(80));
      return new Target(to, to, p, services, pods);
    }
    String[] nsName = podName(to);
    Place pod = pod(nsName[0] + "/" + nsName[1]).orElseThrow(() -> new TraceException("pod " + nsName[0] + "/" + nsName[1] + " not found or not running"));
    return new Target(pod.label(), pod.ip(), port.orElseGet(() -> firstContainerPort(nsName)), services, pods);
  }

  private int firstContainerPort(String[] nsName) {
    JsonNode pod = api.get("/api/v1/namespaces/" + nsName[0] + "/pods/" + nsName[1]).orElseThrow();
    for (JsonNode c : pod.path("spec").path("containers")) {
      for (JsonNode p : c.path("ports")) {
        return p.path("containerPort").asInt();
      }
    }
    throw new TraceException("pod " + nsName[0] + "/" + nsName[1] + " declares no container port: give one with --port");
  }

  private Target service(String ref, Optional<Integer> port, Map<String, String> services, Map<String, String> pods) {
    String name = ref.contains(".") ? ref.substring(0, ref.indexOf('.')) : ref;
    String ns = ref.contains(".") ? ref.substring(ref.indexOf('.') + 1) : defaultNamespace;
    JsonNode svc = api.get("/api/v1/namespaces/" + ns + "/services/" + name)
        .orElseThrow(() -> new TraceException("service " + ns + "/" + name + " not found (see: podnet get svc -n " + ns + ")"));
    String ip = svc.path("spec").path("clusterIP").asText();
    if (ip.isEmpty() || ip.equals("None")) {
      throw new TraceException("service " + ns + "/" + name + " is headless (no ClusterIP): trace to one of its pods instead");
    }
    int p = port.orElseGet(() -> svc.path("spec").path("ports").path(0).path("port").asInt(80));
    return new Target("svc/" + ns + "/" + name, ip, p, services, pods);
  }
}
