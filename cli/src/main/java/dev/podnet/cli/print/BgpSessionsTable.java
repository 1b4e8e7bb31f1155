package dev.podnet.cli.print;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podnet.api.print.Age;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The BGP sessions the nodes' agents report in their BGPStatus objects, one row per session:
 * what {@code podnet get bgppeers} prints under the BGPPeers (as {@code calicoctl node status}
 * does per node) and {@code describe node} prints for its node. UPTIME is the time in the
 * Established state; other states show how long they have lasted in parentheses. TYPE names the
 * BGPPeer a session was made for after a slash ({@code MetalLB/edge}).
 */
public final class BgpSessionsTable {
  static final List<String> HEADERS = List.of("PEER", "AS", "TYPE", "STATE", "UPTIME", "RECEIVED", "SENT");

  private BgpSessionsTable() {}

  /** Every node's sessions, NODE first; empty text when no node reports any. */
  public static String of(List<JsonNode> statuses, Instant now) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode s : statuses) {
      String node = s.path("metadata").path("name").asText();
      for (List<String> r : rows(s, now)) {
        List<String> row = new ArrayList<>(List.of(node));
        row.addAll(r);
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      return "";
    }
    List<String> headers = new ArrayList<>(List.of("NODE"));
    headers.addAll(HEADERS);
    return new Table(headers, rows).render();
  }

  /** One node's sessions without the NODE column. */
  static List<List<String>> rows(JsonNode status, Instant now) {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode p : status.path("status").path("peers")) {
      String since = Age.since(p.path("since").asText(""), now);
      boolean up = "Established".equals(p.path("state").asText());
      String peer = p.path("peerName").asText("");
      String type = p.path("type").asText() + (peer.isEmpty() ? "" : "/" + peer);
      rows.add(List.of(p.path("peerIP").asText(), p.path("asNumber").asText(), type, p.path("state").asText(),
          up ? since : "(" + since + ")", p.path("prefixesReceived").asText("0"), p.path("prefixesSent").asText("0")));
    }
    return rows;
  }
}
