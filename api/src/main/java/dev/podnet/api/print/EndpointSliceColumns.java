package dev.podnet.api.print;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code NAME ADDRESSTYPE PORTS ENDPOINTS AGE}: kubectl's formatDiscoveryPorts and formatDiscoveryEndpoints. */
public final class EndpointSliceColumns implements Columns {
  private static final int SHOWN = 3;
  private static final List<Column> COLUMNS = List.of(Column.NAME,
      Column.of("AddressType", "Type of address contained in this endpoint slice."),
      Column.of("Ports", "Ports contained in this endpoint slice."),
      Column.of("Endpoints", "Endpoints contained in this endpoint slice."),
      Column.AGE);

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public List<String> cells(JsonNode slice, Instant now) {
    List<String> ports = new ArrayList<>();
    slice.path("ports").forEach(p -> ports.add(p.has("port") ? p.path("port").asText() : "*"));
    List<String> addresses = new ArrayList<>();
    slice.path("endpoints").forEach(e -> e.path("addresses").forEach(a -> addresses.add(a.asText())));
    return List.of(slice.path("metadata").path("name").asText(), slice.path("addressType").asText(), abbreviated(ports), abbreviated(addresses),
        Columns.age(slice, now));
  }

  /** Up to three, then {@code  + N more...}; {@code <unset>} for none. */
  public static String abbreviated(List<String> values) {
    if (values.isEmpty()) {
      return "<unset>";
    }
    String shown = String.join(",", values.subList(0, Math.min(SHOWN, values.size())));
    return values.size() > SHOWN ? shown + " + " + (values.size() - SHOWN) + " more..." : shown;
  }
}
