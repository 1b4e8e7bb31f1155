package dev.podnet.ui;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The API objects a topology is read from, as the API serves them (JSON trees): every Node, Pod,
 * Service and EndpointSlice, and the Events that say which node announces a LoadBalancer IP.
 */
public record ClusterObjects(List<JsonNode> nodes, List<JsonNode> pods, List<JsonNode> services, List<JsonNode> endpointSlices,
    List<JsonNode> events) {

  public ClusterObjects {
    nodes = List.copyOf(nodes);
    pods = List.copyOf(pods);
    services = List.copyOf(services);
    endpointSlices = List.copyOf(endpointSlices);
    events = List.copyOf(events);
  }
}
