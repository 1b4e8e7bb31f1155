package dev.podnet.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** The cluster's API as the trace reads it: a GET of a path (docs/api.md), empty when the object does not exist. */
public interface ClusterView {
  Optional<JsonNode> get(String path);
}
