package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code NAME ADDRESSTYPE PORTS ENDPOINTS AGE}: kubectl's formatDiscoveryPorts and formatDiscoveryEndpoints. */
final class EndpointSliceColumns implements Columns {
  private static final int SHOWN = 3;

  @Override
  public List<String> headers(boolean wide) {
    return List.of("NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE");
  }

  @Override
  public List<String> cells(JsonNode slice, Instant now, boolean wide) {
    List<String> ports = new ArrayList<>();
    slice.path("ports").forEach(p -> ports.add(p.has("port") ? p.path("port").asText() : "*"));
    List<String> addresses = new ArrayList<>();
    slice.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> addresses.add(a.asText())));
    return List.of(slice.path("metadata").path("name").asText(), slice.path("addressType").asText(), abbreviated(ports), abbreviated(addresses),
        Columns.age(slice, now));
  }

  /** Up to three, then {@code  + N more...}; {@code <unset>} for none. */
  static String abbreviated(List<String> values) {
    if (values.isEmpty()) {
      return "<unset>";
    }
    String shown = String.join(",", values.subList(0, Math.min(SHOWN, values.size())));
    return values.size() > SHOWN ? shown + " + " + (values.size() - SHOWN) + " more..." : shown;
  }
}
