package dev.podnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.Json;
import java.io.IOException;

/** One line of a watch stream: {@code {"type":"ADDED|MODIFIED|DELETED|ERROR","object":{...}}}. */
final class WatchEvent {
  private WatchEvent() {}

  /** The event; a missing node for a blank (keep-alive) line. */
  static JsonNode parse(String line) {
    if (line.isBlank()) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    try {
      return Json.mapper().readTree(line);
    } catch (IOException e) {
      throw new ApiException(0, "BadRequest", "podnetd sent a watch event that is not JSON: " + e.getMessage() + " in: " + line);
    }
  }
}
