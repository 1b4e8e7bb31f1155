package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link Topology} from the API's objects: pure, so the map and the pictures agree on what the cluster is. */
public final class TopologyReader {
  /** The Event MetalLB's speaker (and podnet's ArpAnnouncer) posts on a Service when a node takes its IP. */
  static final String NODE_ASSIGNED = "nodeAssigned";
  private static final Pattern ANNOUNCING = Pattern.compile("announcing from node \"([^\"]+)\"");
  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  private TopologyReader() {}

  public static Topology read(String cluster, ClusterObjects objects, Topology.Outside outside) {
    List<Topology.Node> nodes = objects.nodes().stream().map(TopologyReader::node).sorted(Comparator.comparing(Topology.Node::name)).toList();
    List<Topology.Pod> pods = objects.pods().stream().map(TopologyReader::pod).sorted(Comparator.comparing(Topology.Pod::id)).toList();
    List<Topology.Service> services = objects.services().stream().map(s -> service(s, objects))
        .sorted(Comparator.comparing((Topology.Service s) -> s.namespace() + "/" + s.name())).toList();
    return new Topology(cluster, nodes, pods, services, outside);
  }

  private static Topology.Node node(JsonNode n) {
    String internalIp = "";
    for (JsonNode a : n.path("status").path("addresses")) {
      if ("InternalIP".equals(a.path("type").asText()) && internalIp.isEmpty()) {
        internalIp = a.path("address").asText();
      }
    }
    return new Topology.Node(name(n), internalIp, n.path("spec").path("podCIDR").asText(""), conditionTrue(n, "Ready"));
  }

  private static Topology.Pod pod(JsonNode p) {
    JsonNode spec = p.path("spec");
    return new Topology.Pod(namespace(p), name(p), spec.path("nodeName").asText(""), p.path("status").path("podIP").asText(""),
        conditionTrue(p, "Ready"), spec.path("hostNetwork").asBoolean(false));
  }

  private static Topology.Service service(JsonNode s, ClusterObjects objects) {
    JsonNode spec = s.path("spec");
    List<Topology.Port> ports = new ArrayList<>();
    for (JsonNode p : spec.path("ports")) {
      ports.add(new Topology.Port(p.path("name").asText(""), p.path("port").asInt(), p.path("protocol").asText("TCP"),
          p.path("targetPort").asText(p.path("port").asText()), p.path("nodePort").asInt(0)));
    }
    List<String> lbIps = new ArrayList<>();
    s.path("status").path("loadBalancer").path("ingress").forEach(i -> {
      if (i.hasNonNull("ip")) {
        lbIps.add(i.path("ip").asText());
      }
    });
    String announcer = lbIps.isEmpty() ? "" : announcer(s, objects.events()).orElse("");
    return new Topology.Service(namespace(s), name(s), spec.path("type").asText("ClusterIP"), spec.path("clusterIP").asText(""), ports,
        endpoints(s, objects.endpointSlices()), lbIps, announcer);
  }

  private static List<Topology.Endpoint> endpoints(JsonNode svc, List<JsonNode> slices) {
    List<Topology.Endpoint> out = new ArrayList<>();
    for (JsonNode slice : slices) {
      if (!namespace(slice).equals(namespace(svc)) || !name(svc).equals(slice.path("metadata").path("labels").path(SERVICE_NAME_LABEL).asText())) {
        continue;
      }
      for (JsonNode e : slice.path("endpoints")) {
        JsonNode ref = e.path("targetRef");
        String pod = "Pod".equals(ref.path("kind").asText()) ? ref.path("namespace").asText(namespace(svc)) + "/" + ref.path("name").asText() : "";
        boolean ready = e.path("conditions").path("ready").asBoolean(true);
        for (JsonNode a : e.path("addresses")) {
          out.add(new Topology.Endpoint(a.asText(), pod, e.path("nodeName").asText(""), ready));
        }
      }
    }
    out.sort(Comparator.comparing(Topology.Endpoint::ip));
    return out;
  }

  /** The node named by the Service's newest nodeAssigned Event (newest by resourceVersion: etcd revisions only grow). */
  static Optional<String> announcer(JsonNode svc, List<JsonNode> events) {
    return events.stream()
        .filter(e -> NODE_ASSIGNED.equals(e.path("reason").asText()))
        .filter(e -> "Service".equals(e.path("involvedObject").path("kind").asText()))
        .filter(e -> name(svc).equals(e.path("involvedObject").path("name").asText())
            && namespace(svc).equals(e.path("involvedObject").path("namespace").asText()))
        .max(Comparator.comparingLong(e -> e.path("metadata").path("resourceVersion").asLong(0)))
        .flatMap(e -> {
          Matcher m = ANNOUNCING.matcher(e.path("message").asText());
          return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        });
  }

  private static boolean conditionTrue(JsonNode object, String type) {
    for (JsonNode c : object.path("status").path("conditions")) {
      if (type.equals(c.path("type").asText())) {
        return "True".equals(c.path("status").asText());
      }
    }
    return false;
  }

  private static String name(JsonNode o) {
    return o.path("metadata").path("name").asText();
  }

  private static String namespace(JsonNode o) {
    return o.path("metadata").path("namespace").asText("");
  }
}
