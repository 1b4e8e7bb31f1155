package dev.podnet.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.podnet.api.Json;
import dev.podnet.api.Resources;
import dev.podnet.ui.ClusterObjects;
import dev.podnet.ui.Graphviz;
import dev.podnet.ui.Topology;
import dev.podnet.ui.TopologyDot;
import dev.podnet.ui.TopologyReader;

/** {@code podnet get topology -o dot|svg|json}: the cluster's network as one picture, read from the API now. */
final class TopologyOutput {
  static final String CLUSTER_PATH = "/apis/podnet.dev/v1/cluster";
  private TopologyOutput() {}

  static String render(Session session, String output) {
    Topology topology = read(session);
    return switch (output) {
      case "", "dot" -> TopologyDot.render(topology);
      case "svg" -> Graphviz.svg(TopologyDot.render(topology));
      case "json" -> json(topology);
      default -> throw new CliException("get topology: unknown output format " + output + " (use -o dot, svg or json)");
    };
  }

  static Topology read(Session session) {
    Api api = session.api();
    ClusterObjects objects = new ClusterObjects(Collection.items(api.get(Resources.NODES.path("", ""))),
        Collection.items(api.get(Resources.PODS.path("", ""))), Collection.items(api.get(Resources.SERVICES.path("", ""))),
        Collection.items(api.get(Resources.ENDPOINTSLICES.path("", ""))), Collection.items(api.get(Resources.EVENTS.path("", ""))));
    return TopologyReader.read(session.cluster().name(), objects, outside(api));
  }

  /** The lab's outside client, as podnetd's cluster endpoint describes it (docs/api.md); a podnetd without one: no address. */
  static Topology.Outside outside(Api api) {
    try {
      return new Topology.Outside(api.get(CLUSTER_PATH).path("outside").path("address").asText(""));
    } catch (ApiException e) {
      if (e.isNoCluster()) {
        throw e;
      }
      return new Topology.Outside("");
    }
  }

  private static String json(Topology topology) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(topology) + "\n";
    } catch (JsonProcessingException e) {
      throw new CliException("get topology: write JSON: " + e.getMessage());
    }
  }
}
